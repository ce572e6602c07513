"""Detail pages designed for reading, the record as a PDF, and the household's "add member" (issue #13)."""

from unittest import mock

from django.test import TestCase

from shequ.core.choices import AccessEvent
from shequ.core.models import AccessLog
from shequ.core.testing.fixtures import build_tree
from shequ.people.testing import make_household, make_resident
from shequ.workorders.models import WorkOrder
from shequ.workorders.testing import make_desk


class DetailPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.desk = make_desk(cls.tree)
        cls.household = make_household(cls.tree["C1"], "A001")
        cls.head = make_resident(cls.tree["C1"], "欧阳修", household=cls.household, id_number="11010519491231002X")
        cls.outside = make_household(cls.tree["C4"], "Z001")

    def setUp(self):
        self.client.force_login(self.tree.users["community"])

    def order(self):
        page = self.client.get("/workorders/orders/add/")
        self.client.post(
            "/workorders/orders/add/",
            {
                "request_type": "complaint", "category": self.desk.child.pk, "description": "夜间施工噪声扰民",
                "community": self.tree["C1"].pk, "address": "", "caller_name": "王先生", "phone": "13812345678",
                "idempotency_key": page.context["form"].initial["idempotency_key"],
            },
        )  # fmt: skip
        return WorkOrder.objects.unscoped("test").get()

    def test_a_work_order_reads_under_headings_without_empty_or_internal_fields(self):
        order = self.order()
        groups = dict(self.client.get(f"/workorders/orders/{order.pk}/").context["groups"])
        headings = [str(heading) for heading in groups]
        self.assertEqual(headings, ["基本信息", "来电人", "办理", "回访", "公开", "登记信息"])
        caller = {str(label): value for label, value in groups[next(h for h in groups if str(h) == "来电人")]}
        self.assertEqual(caller.pop("来电人"), "王先生")
        self.assertEqual(caller.pop("来电号码"), "138****5678")
        self.assertEqual(caller, {})  # no privacy-notice version: a phone call, not the portal
        shown = {str(label) for rows in groups.values() for label, _value in rows}
        # Empty (no extension asked, no reply yet) and internal (keys, digests, tokens, division code) are left out.
        for label in ("延期理由", "申请延期至", "答复", "答复时间", "办结时间", "满意度", "token", "区划代码", "纬度"):
            self.assertNotIn(label, shown)
        self.assertTrue({"受理编号", "诉求分类", "状态", "承办单位", "创建人", "创建时间"} <= shown)

    def test_the_household_card_as_a_pdf_is_logged_like_an_export(self):
        response = self.client.get(f"/people/households/{self.household.pk}/pdf/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertTrue(response.content.startswith(b"%PDF-"))
        self.assertIn("filename*=UTF-8''%E6%88%B7-A001-", response["Content-Disposition"])
        log = AccessLog.objects.get(event=AccessEvent.EXPORT)
        self.assertEqual(
            (log.user, log.object_type, log.object_id, log.detail["format"]),
            (self.tree.users["community"], "people.household", str(self.household.pk), "pdf"),
        )

    def test_a_pdf_outside_the_jurisdiction_is_not_found(self):
        self.assertEqual(self.client.get(f"/people/households/{self.outside.pk}/pdf/").status_code, 404)
        self.assertFalse(AccessLog.objects.filter(event=AccessEvent.EXPORT).exists())

    def test_without_weasyprint_the_page_says_so_instead_of_failing(self):
        with mock.patch.dict("sys.modules", {"weasyprint": None}):
            response = self.client.get(f"/people/households/{self.household.pk}/pdf/", follow=True)
        self.assertRedirects(response, f"/people/households/{self.household.pk}/")
        self.assertContains(response, "本服务器不能生成 PDF")

    def test_a_household_offers_add_member_prefilled_with_itself(self):
        page = self.client.get(f"/people/households/{self.household.pk}/")
        self.assertContains(page, f'href="/people/households/{self.household.pk}/pdf/"')
        link = f"/people/residents/add/?community={self.tree['C1'].pk}&amp;household={self.household.pk}"
        self.assertContains(page, link)
        form = self.client.get(link.replace("&amp;", "&")).context["form"]
        self.assertEqual(
            (str(form["household"].value()), str(form["community"].value())),
            (str(self.household.pk), str(self.tree["C1"].pk)),
        )

    def test_only_a_writer_sees_add_member(self):
        self.client.force_login(self.tree.users["auditor"])
        page = self.client.get(f"/people/households/{self.household.pk}/")
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, "add-member")
