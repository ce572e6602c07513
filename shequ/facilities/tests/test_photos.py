"""Photos of a facility (issue #16 item 1, FAC-2): JPEG and PNG taken on the facility's page, re-encoded as JPEG
without EXIF, bounded (bytes, pixels, count) and refused in Chinese otherwise; served only to users who may see the
facility, added or removed only by those who may change it."""

import io
from datetime import date
from decimal import Decimal
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from PIL import Image

from shequ.core.testing.fixtures import build_tree
from shequ.facilities import models
from shequ.facilities.models import Facility, FacilityPhoto


def image(fmt: str, size=(40, 30), name=None, exif=False) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    picture = Image.new("RGB", size, (30, 120, 200))
    extra = {}
    if exif:
        tags = Image.Exif()
        tags[0x010F] = "PhoneMaker"  # Make
        extra["exif"] = tags.tobytes()
    picture.save(buffer, format=fmt, **extra)
    return SimpleUploadedFile(name or f"room.{fmt.lower()}", buffer.getvalue())


class FacilityPhotoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.room = Facility.objects.create(
            community=cls.tree["C2"], name="党群服务中心", floor_area=Decimal("120"), registered_on=date(2025, 1, 10)
        )
        cls.far = Facility.objects.create(
            community=cls.tree["C4"], name="湖里活动室", floor_area=Decimal("80"), registered_on=date(2025, 1, 10)
        )

    def page(self, facility=None):
        return f"/facilities/facilities/{(facility or self.room).pk}/"

    def upload(self, *files, level="street", facility=None):
        self.client.force_login(self.tree.users[level])
        return self.client.post(self.page(facility), {"action": "add_photos", "photos": list(files)}, follow=True)

    def messages(self, response):
        return [str(m) for m in response.context["messages"]]

    def test_jpeg_and_png_are_kept_as_jpeg_without_exif_and_shown_on_the_page(self):
        response = self.upload(image("JPEG", exif=True), image("PNG", size=(3000, 1500)))
        self.assertEqual(self.messages(response), ["已为“党群服务中心”添加照片。"])
        photos = list(self.room.photos.all())
        self.assertEqual([(p.width, p.height) for p in photos], [(40, 30), (2560, 1280)])  # shrunk to 2560
        for photo in photos:
            with photo.file.open("rb") as handle, Image.open(handle) as stored:
                self.assertEqual((stored.format, dict(stored.getexif())), ("JPEG", {}))
        page = response.content.decode()
        self.assertIn("照片（JPEG 或 PNG，每张不超过 5 MB，共不超过 12 张）", page)
        for photo in photos:
            self.assertIn(f'src="/facilities/facility-photos/{photo.pk}/"', page)
        served = self.client.get(f"/facilities/facility-photos/{photos[0].pk}/")
        self.assertEqual((served.status_code, served["Content-Type"]), (200, "image/jpeg"))

    def test_bad_uploads_are_refused_naming_the_file_and_nothing_is_stored(self):
        big = SimpleUploadedFile("big.jpg", b"\xff\xd8" + b"0" * (5 * 1024 * 1024))
        cases = [
            (image("GIF", name="plan.gif"), "plan.gif 不是 JPEG / PNG 图片。"),
            (SimpleUploadedFile("notes.jpg", b"not an image"), "notes.jpg 不是图片。"),
            (big, "big.jpg 超过 5 MB。"),
        ]
        for upload, message in cases:
            with self.subTest(upload=upload.name):
                response = self.upload(upload)
                self.assertEqual(self.messages(response), [message])
        with mock.patch.object(models, "MAX_PHOTOS", 2), mock.patch("shequ.facilities.photos.MAX_PHOTOS", 2):
            self.upload(image("JPEG"))
            response = self.upload(image("JPEG"), image("PNG"))
        self.assertEqual(self.messages(response), ["一处社区用房至多 2 张照片（已有 1 张）。"])
        self.assertEqual(FacilityPhoto.objects.count(), 1)
        response = self.client.post(self.page(), {"action": "add_photos"}, follow=True)
        self.assertEqual(self.messages(response), ["请至少选择一张照片。"])

    def test_only_those_who_may_see_the_facility_see_its_photos(self):
        self.upload(image("JPEG"))
        self.upload(image("JPEG"), level="city", facility=self.far)
        near, far = self.room.photos.get(), self.far.photos.get()
        expected = {
            "street": {near: 200, far: 404},  # 厦港街道 sees 蜂巢山 (C2), not 湖里 (C4)
            "community": {near: 404, far: 404},  # 鸿山 (C1) sees neither
            "city": {near: 200, far: 200},
            "unpermitted": {near: 403, far: 403},
        }
        for level, codes in expected.items():
            self.client.force_login(self.tree.users[level])
            for photo, code in codes.items():
                with self.subTest(level=level, photo=photo.facility.name):
                    self.assertEqual(self.client.get(f"/facilities/facility-photos/{photo.pk}/").status_code, code)
        self.client.logout()
        self.assertEqual(self.client.get(f"/facilities/facility-photos/{near.pk}/").status_code, 302)
        self.assertEqual(self.client.get("/facilities/facility-photos/999999/").status_code, 302)

    def test_only_those_who_may_change_the_facility_add_or_remove_photos(self):
        self.upload(image("JPEG"))
        photo = self.room.photos.get()
        self.client.force_login(self.tree.users["auditor"])  # sees everything, changes nothing
        page = self.client.get(self.page()).content.decode()
        self.assertIn(f'data-photo="{photo.pk}"', page)
        self.assertNotIn("facility-photo-form", page)
        self.assertEqual(self.client.post(self.page(), {"action": "remove_photo", "photo": photo.pk}).status_code, 403)
        self.assertEqual(self.upload(image("PNG"), level="auditor").status_code, 403)
        self.assertEqual(self.upload(image("PNG"), level="street", facility=self.far).status_code, 404)
        self.assertEqual(FacilityPhoto.objects.count(), 1)
        self.client.force_login(self.tree.users["street"])
        response = self.client.post(self.page(), {"action": "remove_photo", "photo": photo.pk}, follow=True)
        self.assertEqual(self.messages(response), ["已从“党群服务中心”移除照片。"])
        self.assertFalse(FacilityPhoto.objects.exists())

    def test_a_photo_added_or_removed_is_in_the_facilitys_change_history(self):
        from django.contrib.contenttypes.models import ContentType

        from shequ.core.models import ObjectChange

        self.upload(image("JPEG"), image("PNG"))
        first, second = self.room.photos.order_by("pk")
        self.client.post(self.page(), {"action": "remove_photo", "photo": first.pk})
        changes = ObjectChange.objects.filter(
            object_type=ContentType.objects.get_for_model(Facility), object_id=str(self.room.pk)
        ).order_by("pk")
        self.assertEqual(
            [(c.user_name, c.action, c.prechange_data["photos"], c.postchange_data["photos"]) for c in changes],
            [
                ("street_user", "update", [], [f"#{first.pk} 40×30", f"#{second.pk} 40×30"]),
                ("street_user", "update", [f"#{first.pk} 40×30", f"#{second.pk} 40×30"], [f"#{second.pk} 40×30"]),
            ],
        )
        self.assertEqual(changes[0].postchange_data["name"], "党群服务中心")

    def test_a_deleted_facility_leaves_no_photo_file_behind(self):
        self.upload(image("JPEG"))
        photo = self.room.photos.get()
        storage, name = photo.file.storage, photo.file.name
        self.assertTrue(storage.exists(name))
        with self.captureOnCommitCallbacks(execute=True):
            Facility.objects.filter(pk=self.room.pk).delete()
        self.assertFalse(storage.exists(name))

    def test_a_photo_whose_file_is_gone_is_a_404(self):
        self.upload(image("JPEG"))
        photo = self.room.photos.get()
        photo.file.storage.delete(photo.file.name)  # a restore without the media folder
        self.assertEqual(self.client.get(f"/facilities/facility-photos/{photo.pk}/").status_code, 404)
