"""Photos of a community facility (issue #16 item 1, FAC-2): JPEG or PNG only, each bounded in bytes and pixels
before it is decoded and re-encoded as JPEG without EXIF — the checks of the call centre's photos
(`workorders.photos`), reused — and at most `MAX_PHOTOS` per facility."""

import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.translation import gettext as _

from shequ.core.changelog import record_change
from shequ.core.choices import ChangeAction
from shequ.facilities.models import MAX_PHOTOS, Facility, FacilityPhoto
from shequ.workorders.photos import as_jpeg, clean_image

__all__ = ["FORMATS", "add_photos", "remove_photo"]

FORMATS = ("JPEG", "PNG")


def add_photos(facility: Facility, files) -> list[FacilityPhoto]:
    """Check every upload first, then store them all, or refuse the lot on `photos` naming the file."""
    if not files:
        raise ValidationError({"photos": _("Choose at least one photo.")})
    held = facility.photos.count()
    if held + len(files) > MAX_PHOTOS:
        raise ValidationError(
            {"photos": _("A facility has at most {n} photos ({held} already).").format(n=MAX_PHOTOS, held=held)}
        )
    images = [clean_image(upload, formats=FORMATS) for upload in files]
    saved = []
    with transaction.atomic():
        before = _with_photos(facility)
        for image in images:
            content, width, height = as_jpeg(image)
            photo = FacilityPhoto(facility=facility, width=width, height=height)
            photo.file.save(f"{uuid.uuid4().hex}.jpg", ContentFile(content), save=False)
            photo.save()
            saved.append(photo)
        record_change(facility, ChangeAction.UPDATE, before, _with_photos(facility))
    return saved


def remove_photo(facility: Facility, photo_id) -> None:
    photo = facility.photos.filter(pk=photo_id).first()
    if photo is None:
        raise ValidationError({"photos": _("The photo is no longer there.")})
    with transaction.atomic():
        before = _with_photos(facility)
        photo.delete()  # its file goes once the deletion is committed (`_drop_file`)
        record_change(facility, ChangeAction.UPDATE, before, _with_photos(facility))


def _with_photos(facility: Facility) -> dict:
    """The facility as its change history keeps it, with its photos: a photo added or removed is a change of the
    facility (who, when, which), though the photos are rows of their own."""
    photos = [f"#{p.pk} {p.width}×{p.height}" for p in facility.photos.order_by("pk")]
    return {**facility.snapshot(), "photos": photos}


@receiver(post_delete, sender=FacilityPhoto)
def _drop_file(sender, instance, **kwargs):
    """A photo's file leaves the disk when its row is gone — removed on its own or with its facility (cascade) —
    once the deletion is committed, so that a rolled-back deletion keeps both."""
    name, storage = instance.file.name, instance.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))
