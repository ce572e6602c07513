"""Photos sent with a request (issue #5): checked to be images of a sensible size and re-encoded as JPEG, which
drops every EXIF field — the location above all (PI: a resident's home should not leak from a photo).

Bounded before decoding (issue #12 leak 8: one 410 KB PNG of 12000×12000 took the server to 1.5 GB): the size is
read from the header (`Image.open` decodes nothing) and an image above `MAX_PIXELS` is refused there. The decode
is then reduced as far as the format allows (JPEG decodes at 1/2, 1/4 or 1/8 scale with `draft`) and the image is
shrunk to `MAX_SIDE` at once, so that one full-size decode at a time is the most memory a request holds."""

import io
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from shequ.workorders.models import OrderPhoto

__all__ = ["MAX_BYTES", "MAX_PHOTOS", "MAX_PIXELS", "as_jpeg", "clean_image", "clean_photos", "save_photos"]

MAX_BYTES = 5 * 1024 * 1024
MAX_PHOTOS = 3
MAX_SIDE = 2560
MAX_PIXELS = 40_000_000  # 40 megapixels: more than any phone camera, far less than a decompression bomb

# Pillow's own guard, for every caller in the process: it warns above the limit and refuses above twice it.
if Image.MAX_IMAGE_PIXELS is None or Image.MAX_IMAGE_PIXELS > MAX_PIXELS:
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS


def clean_photos(files) -> list[Image.Image]:
    """Each upload as a reduced image (at most `MAX_SIDE` on its longer side, still carrying nothing but pixels
    once saved), or a refusal of the request naming the file."""
    if len(files) > MAX_PHOTOS:
        raise ValidationError({"photos": _("At most {n} photos.").format(n=MAX_PHOTOS)})
    return [clean_image(upload) for upload in files]


def clean_image(upload, *, field: str = "photos", formats: tuple[str, ...] = ()) -> Image.Image:
    """One upload as a reduced image, bounded in bytes and pixels before it is decoded, or a refusal on `field`
    naming the file; with `formats` (Pillow's names, e.g. ("JPEG", "PNG")) only those are taken (issue #16)."""
    if upload.size > MAX_BYTES:
        raise ValidationError({field: _("{name} is larger than 5 MB.").format(name=upload.name)})
    too_many = _("{name} has too many pixels: at most {n} million.").format(name=upload.name, n=MAX_PIXELS // 1_000_000)
    try:
        image = Image.open(upload)  # reads the header only
    except Image.DecompressionBombError:  # above twice Pillow's limit: refused by Pillow from the header
        raise ValidationError({field: too_many}) from None
    except (UnidentifiedImageError, OSError):
        raise ValidationError({field: _("{name} is not an image.").format(name=upload.name)}) from None
    if formats and image.format not in formats:
        image.close()
        raise ValidationError(
            {field: _("{name} is not a {formats} image.").format(name=upload.name, formats=" / ".join(formats))}
        )
    if image.width * image.height > MAX_PIXELS:
        image.close()
        raise ValidationError({field: too_many})
    try:
        return _reduced(image)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise ValidationError({field: _("{name} is not an image.").format(name=upload.name)}) from None


def as_jpeg(image: Image.Image) -> tuple[bytes, int, int]:
    """The image re-encoded as JPEG, pixels only (no EXIF, no ICC, no comments), with its width and height."""
    clean = image.convert("RGB")  # a new image
    buffer = io.BytesIO()
    clean.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue(), clean.width, clean.height


def _reduced(image: Image.Image) -> Image.Image:
    """Decode at the smallest scale the format offers, shrink to `MAX_SIDE`, then convert: the full-size image
    is never converted (a 40-megapixel palette PNG stays 40 MB, not 120 MB as RGB)."""
    scale = min(MAX_SIDE / max(image.size), 1.0)
    target = (max(int(image.width * scale), 1), max(int(image.height * scale), 1))
    image.draft("RGB", target)  # JPEG only: decode at 1/2, 1/4 or 1/8 of the size, never below the target
    image.load()  # a broken file fails here, while the request can still be refused
    image.thumbnail((MAX_SIDE, MAX_SIDE), reducing_gap=3.0)  # loads, no-op if small enough
    return image


def save_photos(order, images) -> list[OrderPhoto]:
    saved = []
    for image in images:
        content, width, height = as_jpeg(image)
        photo = OrderPhoto(order=order, width=width, height=height)
        photo.file.save(f"{uuid.uuid4().hex}.jpg", ContentFile(content), save=False)
        photo.save()
        saved.append(photo)
    return saved
