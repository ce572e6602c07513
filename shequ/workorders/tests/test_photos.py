"""Photos on the public portal are bounded before they are decoded (issue #12 leak 8, SVC-5): an image bomb — a small
PNG of 12000×12000 pixels — is refused from its header with a clear error, and a normal photo still works."""

import io
import struct
import zlib
from unittest import mock

from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from PIL import Image, ImageFile

from shequ.core.testing.fixtures import build_tree
from shequ.workorders import photos
from shequ.workorders.models import WorkOrder
from shequ.workorders.testing import make_desk
from shequ.workorders.tests import test_portal


def png_bomb(width: int, height: int) -> bytes:
    """A valid 1-bit greyscale PNG of `width`×`height` white pixels, written row by row (a few KB on disk, never
    held as pixels here): decoded, it is width×height bytes in Pillow."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    compressor = zlib.compressobj(9)
    row = b"\x00" + b"\xff" * ((width + 7) // 8)  # filter byte "none", then the packed pixels
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


def jpeg(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (30, 120, 200)).save(buffer, format="JPEG", quality=70)
    return buffer.getvalue()


@override_settings(SHEQU_PORTAL_POW_BITS=4)
class PhotoBombTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.desk = make_desk(cls.tree)

    def setUp(self):
        cache.clear()

    form = test_portal.PortalTests.form

    def test_a_12000_by_12000_png_is_refused_from_its_header_and_nothing_is_written(self):
        """Before: accepted, decoded to 144 MB of pixels (1.5 GB on the server with the re-encode)."""
        bomb = png_bomb(12000, 12000)
        self.assertLess(len(bomb), 100_000)  # small on disk, like the 410 KB of the probe
        upload = SimpleUploadedFile("bomb.png", bomb, content_type="image/png")
        decoded = []
        original_load = ImageFile.ImageFile.load

        def spy(image):
            decoded.append(image.size)
            return original_load(image)

        with mock.patch.object(ImageFile.ImageFile, "load", spy):
            response = self.client.post("/portal/", {**self.form(), "photos": [upload]})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.context["form"].errors["photos"], ["bomb.png 像素过多，最多 40 百万像素。"])
        self.assertEqual(decoded, [])  # refused from the header: no pixel was decoded
        self.assertEqual(WorkOrder.objects.unscoped("test").count(), 0)

    def test_just_above_the_limit_is_refused_and_pillow_guards_the_process(self):
        self.assertLessEqual(Image.MAX_IMAGE_PIXELS, photos.MAX_PIXELS)
        upload = SimpleUploadedFile("big.png", png_bomb(8000, 5001), content_type="image/png")
        with self.assertRaises(photos.ValidationError) as refused, self.assertWarns(Image.DecompressionBombWarning):
            photos.clean_photos([upload])
        self.assertEqual(refused.exception.message_dict, {"photos": ["big.png 像素过多，最多 40 百万像素。"]})
        [at_limit] = photos.clean_photos([SimpleUploadedFile("ok.png", png_bomb(8000, 5000))])
        self.assertEqual(at_limit.size, (2560, 1600))  # decoded once, shrunk at once

    def test_a_normal_photo_still_works_reduced_and_re_encoded(self):
        upload = SimpleUploadedFile("street.jpg", jpeg(4000, 3000), content_type="image/jpeg")
        response = self.client.post("/portal/", {**self.form(), "photos": [upload]})
        self.assertEqual(response.status_code, 200)
        [photo] = WorkOrder.objects.unscoped("test").get().photos.all()
        stored = Image.open(photo.file.path)
        self.assertEqual((stored.format, stored.size, photo.width, photo.height), ("JPEG", (2560, 1920), 2560, 1920))

    def test_a_jpeg_is_decoded_at_a_reduced_scale(self):
        """`draft` decodes a 6000×4000 JPEG at 1/2 (3000×2000), never the 24 million pixels, then shrinks it."""
        decoded = []
        original_load = ImageFile.ImageFile.load

        def spy(image):
            decoded.append(image.size)
            return original_load(image)

        with mock.patch.object(ImageFile.ImageFile, "load", spy):
            [image] = photos.clean_photos([SimpleUploadedFile("a.jpg", jpeg(6000, 4000))])
        self.assertEqual(decoded[0], (3000, 2000))
        self.assertEqual((image.mode, image.size), ("RGB", (2560, 1707)))
