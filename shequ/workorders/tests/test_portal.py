"""The public portal (issue #5): submission with the privacy notice, proof of work, honeypot, rate limits and
idempotency; the status look-up that answers a wrong pair like an unknown number."""

import hashlib

from django.core.cache import cache
from django.test import TestCase, override_settings

from shequ.core.testing.fixtures import build_tree
from shequ.workorders.models import WorkOrder
from shequ.workorders.public.portal import leading_zero_bits, solve
from shequ.workorders.testing import make_desk


@override_settings(
    SHEQU_PORTAL_POW_BITS=6, SHEQU_PORTAL_IP_LIMIT=5, SHEQU_PORTAL_PHONE_LIMIT=2, SHEQU_PORTAL_LOOKUP_LIMIT=4
)
class PortalTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.desk = make_desk(cls.tree)

    def setUp(self):
        cache.clear()

    def form(self, **fields):
        page = self.client.get("/portal/")
        self.assertEqual(page.status_code, 200)
        initial = page.context["form"].initial
        data = {
            "request_type": "help",
            "category": self.desk.child.pk,
            "description": "小区路灯坏了",
            "community": self.tree["C1"].pk,
            "address": "鸿山路1号",
            "phone": "13812345678",
            "consent": "on",
            "website": "",
            "challenge": initial["challenge"],
            "nonce": solve(initial["challenge"]),
            "idempotency_key": initial["idempotency_key"],
        }
        data.update(fields)
        return data

    def orders(self):
        return WorkOrder.objects.unscoped("test")

    @staticmethod
    def wrong_nonce(challenge: str) -> str:
        """A nonce that does not solve the challenge (a fixed one would solve it once in 2**bits)."""
        nonce = 0
        while leading_zero_bits(hashlib.sha256(f"{challenge}:{nonce}".encode()).digest()) >= 6:
            nonce += 1
        return str(nonce)

    def test_submit_gives_a_receipt_and_stores_the_notice_version(self):
        response = self.client.post("/portal/", self.form())
        self.assertEqual(response.status_code, 200)
        order = self.orders().get()
        self.assertContains(
            response, f'<div class="display-6 mb-3" id="receipt-number">{order.number}</div>', html=False
        )
        self.assertEqual(
            (order.source, order.privacy_notice_version, order.status, order.caller_phone_masked),
            ("portal", "2026-11", "dispatched", "138****5678"),
        )
        self.assertNotContains(self.client.get("/portal/"), "13812345678")

    def test_categories_are_offered_by_name_without_their_code(self):
        page = self.client.get("/portal/").content.decode()
        child = self.desk.child
        self.assertIn(f'<option value="{child.pk}">{child.name}</option>', page)
        self.assertNotIn(f"{child.code} {child.name}", page)

    def test_double_submission_of_one_form_is_one_order(self):
        data = self.form()
        first = self.client.post("/portal/", data)
        second_data = {**data, "challenge": self.form()["challenge"]}
        second_data["nonce"] = solve(second_data["challenge"])
        second = self.client.post("/portal/", second_data)
        self.assertEqual(first.context["order"].pk, second.context["order"].pk)
        self.assertEqual(self.orders().count(), 1)

    def test_missing_consent_work_or_honeypot_are_refused(self):
        data = self.form(consent="")
        response = self.client.post("/portal/", data)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.context["form"].errors["consent"], ["该字段是必填项。"])
        data = self.form()
        response = self.client.post("/portal/", {**data, "nonce": self.wrong_nonce(data["challenge"])})
        self.assertContains(response, "页面已过期或校验未完成，请重新提交。", status_code=400)
        data = self.form()
        self.client.post("/portal/", data)
        replay = self.client.post("/portal/", {**data, "idempotency_key": "other"})  # a used challenge
        self.assertContains(replay, "页面已过期或校验未完成，请重新提交。", status_code=400)
        self.assertContains(
            self.client.post("/portal/", self.form(website="http://spam")), "无法受理该诉求。", status_code=400
        )
        self.assertEqual(self.orders().count(), 1)

    def test_bad_fields_name_the_field(self):
        response = self.client.post("/portal/", self.form(description="", phone="12345"))
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.context["form"].errors["description"], ["该字段是必填项。"])
        response = self.client.post("/portal/", self.form(phone="12345"))
        self.assertEqual(
            response.context["form"].errors["phone"], ["电话号码既不是大陆手机号码，也不是带区号的固定电话。"]
        )
        self.assertEqual(self.orders().count(), 0)

    def test_rate_limits_per_phone_and_per_ip(self):
        for index in range(2):
            self.assertEqual(self.client.post("/portal/", self.form(description=f"第{index}次")).status_code, 200)
        refused = self.client.post("/portal/", self.form(description="第三次"))
        self.assertContains(refused, "该手机号今日提交次数过多。", status_code=429)
        self.assertEqual(self.client.post("/portal/", self.form(phone="13900001111")).status_code, 200)
        self.assertEqual(self.client.post("/portal/", self.form(phone="13700001111")).status_code, 200)
        refused = self.client.post("/portal/", self.form(phone="13600001111"))
        self.assertContains(refused, "提交过于频繁，请稍后再试。", status_code=429)
        self.assertEqual(self.orders().count(), 4)
        other_ip = self.client.post("/portal/", self.form(phone="13600001111"), REMOTE_ADDR="10.0.0.9")
        self.assertEqual(other_ip.status_code, 200)

    def test_status_lookup_same_answer_for_wrong_pair_and_unknown_number(self):
        self.client.post("/portal/", self.form())
        order = self.orders().get()
        found = self.client.post("/portal/status/", {"number": order.number, "last_four": "5678"})
        self.assertContains(found, '<div class="datagrid-content" id="lookup-status">已派单</div>', html=False)
        wrong = self.client.post("/portal/status/", {"number": order.number, "last_four": "0000"})
        unknown = self.client.post("/portal/status/", {"number": "00000000000000", "last_four": "5678"})
        for response in (wrong, unknown):
            self.assertContains(response, "未找到与该受理编号和手机号相符的诉求。")
            self.assertNotContains(response, "lookup-result")
        self.assertEqual((wrong.status_code, wrong.context["order"]), (unknown.status_code, unknown.context["order"]))
        self.client.post("/portal/status/", {"number": "1", "last_four": "1111"})
        limited = self.client.post("/portal/status/", {"number": order.number, "last_four": "5678"})
        self.assertContains(limited, "查询过于频繁，请稍后再试。", status_code=429)


def jpeg_with_location() -> bytes:
    """A small JPEG carrying EXIF GPS data (the kind a phone writes)."""
    import io

    from PIL import Image

    image = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (24.0, 27.0, 0.0), 3: "E", 4: (118.0, 5.0, 0.0)}  # GPSInfo
    exif[0x010F] = "PhoneMaker"  # Make
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


@override_settings(SHEQU_PORTAL_POW_BITS=4)
class PortalPhotoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.desk = make_desk(cls.tree)

    def setUp(self):
        cache.clear()

    form = PortalTests.form

    def upload(self, name, content, kind="image/jpeg"):
        from django.core.files.uploadedfile import SimpleUploadedFile

        return SimpleUploadedFile(name, content, content_type=kind)

    def test_photos_lose_their_exif_and_are_shown_only_to_staff_in_scope(self):
        from PIL import Image

        original = jpeg_with_location()
        self.assertIn(0x8825, Image.open(__import__("io").BytesIO(original)).getexif())
        response = self.client.post("/portal/", {**self.form(), "photos": [self.upload("a.jpg", original)]})
        self.assertEqual(response.status_code, 200)
        order = WorkOrder.objects.unscoped("test").get()
        [photo] = order.photos.all()
        stored = Image.open(photo.file.path)
        self.assertEqual((stored.format, stored.size, dict(stored.getexif())), ("JPEG", (64, 48), {}))
        self.client.force_login(self.tree.users["community"])
        served = self.client.get(f"/workorders/photos/{photo.pk}/")
        self.assertEqual((served.status_code, served["Content-Type"]), (200, "image/jpeg"))
        self.client.force_login(self.tree.users["district"])
        self.assertEqual(self.client.get(f"/workorders/photos/{photo.pk}/").status_code, 200)
        from shequ.accounts.roles import Role
        from shequ.core.testing.fixtures import make_user

        self.client.force_login(make_user("other_street", Role.STREET_STAFF, self.tree["S3"]))
        self.assertEqual(self.client.get(f"/workorders/photos/{photo.pk}/").status_code, 404)
        self.client.logout()
        self.assertEqual(self.client.get(f"/workorders/photos/{photo.pk}/").status_code, 302)

    def test_not_an_image_or_too_many_are_refused_and_nothing_is_written(self):
        response = self.client.post("/portal/", {**self.form(), "photos": [self.upload("x.jpg", b"not an image")]})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.context["form"].errors["photos"], ["x.jpg 不是图片。"])
        four = [self.upload(f"{i}.jpg", jpeg_with_location()) for i in range(4)]
        response = self.client.post("/portal/", {**self.form(), "photos": four})
        self.assertEqual(response.context["form"].errors["photos"], ["最多 3 张照片。"])
        self.assertEqual(WorkOrder.objects.unscoped("test").count(), 0)
