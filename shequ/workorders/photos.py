"""Photos sent with a request (issue #5): checked to be images of a sensible size and re-encoded as JPEG, which
drops every EXIF field — the location above all (PI: a resident's home should not leak from a photo)."""

import io
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from shequ.workorders.models import OrderPhoto

__all__ = ["MAX_BYTES", "MAX_PHOTOS", "clean_photos", "save_photos"]

MAX_BYTES = 5 * 1024 * 1024
MAX_PHOTOS = 3
MAX_SIDE = 2560


def clean_photos(files) -> list[Image.Image]:
    """Open each upload as an image or refuse the request, naming the file."""
    if len(files) > MAX_PHOTOS:
        raise ValidationError({"photos": _("At most {n} photos.").format(n=MAX_PHOTOS)})
    images = []
    for upload in files:
        if upload.size > MAX_BYTES:
            raise ValidationError({"photos": _("{name} is larger than 5 MB.").format(name=upload.name)})
        try:
            image = Image.open(upload)
            image.load()
        except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
            raise ValidationError({"photos": _("{name} is not an image.").format(name=upload.name)}) from None
        images.append(image)
    return images


def save_photos(order, images) -> list[OrderPhoto]:
    saved = []
    for image in images:
        clean = image.convert("RGB")  # a new image: pixels only, no EXIF, no ICC, no comments
        clean.thumbnail((MAX_SIDE, MAX_SIDE))
        buffer = io.BytesIO()
        clean.save(buffer, format="JPEG", quality=85)
        photo = OrderPhoto(order=order, width=clean.width, height=clean.height)
        photo.file.save(f"{uuid.uuid4().hex}.jpg", ContentFile(buffer.getvalue()), save=False)
        photo.save()
        saved.append(photo)
    return saved
