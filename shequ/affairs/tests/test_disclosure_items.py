"""Party- and residents'-affairs disclosure items (党务居务公开, issue #17 item 6, SVC-6): the refusals in Chinese,
the attachment, and exactly the current items of one community on the portal."""

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.utils import timezone

from shequ.affairs import services
from shequ.affairs.models import AffairsDisclosure
from shequ.core.testing.fixtures import build_tree


def item(community, title, published_on, shown_until=None, kind="residents", content="详见公示栏。"):
    return AffairsDisclosure.objects.create(
        community=community, kind=kind, title=title, content=content, published_on=published_on,
        shown_until=shown_until,
    )  # fmt: skip


class ItemRulesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()

    def test_id_and_mobile_numbers_and_a_last_day_before_publishing_are_refused_naming_the_field(self):
        record = AffairsDisclosure(
            community=self.tree["C1"],
            kind="party",
            title="联系人 13812345678",
            content="身份证 350203198001011234 的党员已转出",
            published_on=date(2026, 3, 10),
            shown_until=date(2026, 3, 9),
        )
        with self.assertRaises(ValidationError) as caught:
            record.full_clean()
        self.assertEqual(
            caught.exception.message_dict,
            {
                "title": ["请删除身份证号或手机号：公开事项是公开的。"],
                "content": ["请删除身份证号或手机号：公开事项是公开的。"],
                "shown_until": ["展示截止日期不能早于发布日期。"],
            },
        )

    def test_the_api_refuses_a_mobile_number_in_chinese(self):
        from rest_framework.test import APIClient

        api = APIClient()
        api.force_login(self.tree.users["community"])
        response = api.post(
            "/api/affairs/disclosures/",
            {"community": self.tree["C1"].code, "kind": "residents", "title": "低保公示",
             "content": "咨询电话 13812345678", "published_on": "2026-03-02"},
            format="json",
        )  # fmt: skip
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.data["content"], ["请删除身份证号或手机号：公开事项是公开的。"])
        self.assertFalse(AffairsDisclosure.objects.unscoped("test").exists())


class PortalItemsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        today = timezone.localdate()
        c1 = cls.tree["C1"]
        cls.current = item(c1, "惠民资金使用情况", today - timedelta(days=3), content="共支出 3.2 万元。\n用于扶手。")
        cls.last_day = item(c1, "党费收缴情况", today - timedelta(days=30), shown_until=today, kind="party")
        cls.expired = item(c1, "上季度低保公示", today - timedelta(days=90), shown_until=today - timedelta(days=1))
        cls.planned = item(c1, "下月议事会通知", today + timedelta(days=1))
        cls.other = item(cls.tree["C2"], "别的社区公示", today - timedelta(days=3))

    def page(self, community="C1"):
        return self.client.get("/portal/affairs/", {"community": self.tree[community].code})

    def test_exactly_the_current_items_of_the_community_are_shown(self):
        response = self.page()
        self.assertEqual(response.status_code, 200)
        self.assertEqual([i.title for i in response.context["items"]], ["党费收缴情况", "惠民资金使用情况"])
        content = response.content.decode()
        self.assertIn("党务居务公开", content)
        self.assertIn("共支出 3.2 万元。<br>用于扶手。", content)
        self.assertIn("党务", content)
        for hidden in ("上季度低保公示", "下月议事会通知", "别的社区公示"):
            self.assertNotIn(hidden, content)
        self.assertContains(self.page("C3"), 'id="no-items"')

    def test_a_current_items_attachment_is_public_and_an_expired_ones_is_not(self):
        staff = self.tree.users["community"]
        services.attach(acting_user=staff, item=self.current, upload=SimpleUploadedFile("资金明细.pdf", b"%PDF-1.4 a"))
        services.attach(acting_user=staff, item=self.expired, upload=SimpleUploadedFile("旧公示.pdf", b"%PDF-1.4 b"))
        self.assertContains(self.page(), f'href="/portal/affairs/items/{self.current.pk}/attachment/"')
        response = self.client.get(f"/portal/affairs/items/{self.current.pk}/attachment/")
        self.assertEqual((response.status_code, b"".join(response.streaming_content)), (200, b"%PDF-1.4 a"))
        self.assertIn("attachment;", response["Content-Disposition"])
        for pk in (self.expired.pk, self.last_day.pk, 10**9):  # expired, without attachment, missing: alike
            self.assertEqual(self.client.get(f"/portal/affairs/items/{pk}/attachment/").status_code, 404)


class AttachmentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.item = item(cls.tree["C1"], "惠民资金使用情况", date(2026, 3, 1))
        cls.outside = item(cls.tree["C4"], "别的社区公示", date(2026, 3, 1))

    def test_attach_replace_and_detach(self):
        staff = self.tree.users["community"]
        services.attach(acting_user=staff, item=self.item, upload=SimpleUploadedFile("明细.pdf", b"%PDF-1.4 one"))
        first = AffairsDisclosure.objects.unscoped("test").get(pk=self.item.pk)
        self.assertEqual(first.attachment_name, "明细.pdf")
        storage, first_name = first.attachment.storage, first.attachment.name
        with self.captureOnCommitCallbacks(execute=True):
            services.attach(acting_user=staff, item=first, upload=SimpleUploadedFile("照片.PNG", b"\x89PNG two"))
        second = AffairsDisclosure.objects.unscoped("test").get(pk=self.item.pk)
        self.assertEqual(second.attachment_name, "照片.PNG")
        self.assertFalse(storage.exists(first_name))
        with self.captureOnCommitCallbacks(execute=True):
            services.detach(acting_user=staff, item=second)
        third = AffairsDisclosure.objects.unscoped("test").get(pk=self.item.pk)
        self.assertEqual((third.attachment.name, third.attachment_name), ("", ""))
        self.assertFalse(storage.exists(second.attachment.name))

    def test_refusals(self):
        staff = self.tree.users["community"]
        with self.assertRaises(ValidationError) as caught:
            services.attach(acting_user=staff, item=self.item, upload=SimpleUploadedFile("a.exe", b"MZ"))
        refusal = {"attachment": ["附件须为 PDF、JPEG 或 PNG 文件，不超过 10 MB。"]}
        self.assertEqual(caught.exception.message_dict, refusal)
        with self.assertRaises(ValidationError) as caught:
            services.detach(acting_user=staff, item=self.item)
        self.assertEqual(caught.exception.message_dict, {"attachment": ["该事项没有附件。"]})
        with self.assertRaises(PermissionDenied):
            services.attach(acting_user=staff, item=self.outside, upload=SimpleUploadedFile("a.pdf", b"%PDF"))
        with self.assertRaises(PermissionDenied):  # view only
            services.attach(
                acting_user=self.tree.users["auditor"], item=self.item, upload=SimpleUploadedFile("a.pdf", b"%PDF")
            )
        self.assertEqual(AffairsDisclosure.objects.unscoped("test").get(pk=self.item.pk).attachment_name, "")

    def test_the_items_page_uploads_and_serves_it_within_scope(self):
        self.client.force_login(self.tree.users["community"])
        url = f"/affairs/disclosures/{self.item.pk}/"
        response = self.client.post(
            url, {"action": "attach", "file": SimpleUploadedFile("明细.pdf", b"%PDF-1.4 x")}, follow=True
        )
        self.assertContains(response, "“惠民资金使用情况”的附件已保存。")
        self.assertContains(response, 'id="attachment-link"')
        download = self.client.get(f"{url}attachment/")
        self.assertEqual(b"".join(download.streaming_content), b"%PDF-1.4 x")
        self.assertEqual(self.client.get(f"/affairs/disclosures/{self.outside.pk}/attachment/").status_code, 404)
        response = self.client.post(url, {"action": "attach"}, follow=True)
        self.assertContains(response, "请选择文件。")
