"""Writes beyond a form (issue #17, SVC-6): a sentiment-diary entry becomes a deliberation topic or a work order in
one step, residents raise topics on the portal, and a disclosure item gets its attachment. Each takes `acting_user`
(PUBLIC for the portal), asks `core.rights` whether that user may make it, and runs in one transaction (issue #11)."""

from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.affairs.choices import TopicSource
from shequ.affairs.models import AffairsDisclosure, DeliberationTopic, SentimentEntry
from shequ.core.rights import permission_for, user_may
from shequ.workorders import services as orders
from shequ.workorders.choices import RequestType, Source

__all__ = ["ATTACHMENT_TYPES", "attach", "detach", "order_from_diary", "raise_topic", "topic_from_diary"]


@transaction.atomic
def topic_from_diary(*, acting_user, entry: SentimentEntry) -> DeliberationTopic:
    """A deliberation topic from a diary entry: its community, title and content carried over, raised today by the
    entry's author. Refused for an entry already made into a topic, or where the user may not add topics."""
    entry = SentimentEntry.objects.unscoped("topic from diary").select_for_update().get(pk=entry.pk)
    if not user_may(acting_user, permission_for(DeliberationTopic, "add"), entry.division_code):
        raise PermissionDenied
    if DeliberationTopic.objects.unscoped("one topic per entry").filter(diary_entry=entry).exists():
        raise ValidationError(_("This diary entry is a deliberation topic already."))
    topic = DeliberationTopic(
        community=entry.community,
        title=entry.title,
        description=entry.content,
        raised_on=timezone.localdate(),
        raised_by=entry.author_name,
        source=TopicSource.DIARY,
        diary_entry=entry,
        created_by=acting_user,
    )
    topic.full_clean()
    topic.save()
    return topic


@transaction.atomic
def order_from_diary(*, acting_user, entry: SentimentEntry, category, request_type: str = RequestType.HELP):
    """A work order from a diary entry, taken in by the call centre's intake (routing, limits, alarms): the entry's
    community, title and content, source "sentiment diary", no caller. Refused for an entry already made into an
    order, or where the user may not take orders in for the community."""
    entry = SentimentEntry.objects.unscoped("order from diary").select_for_update().get(pk=entry.pk)
    if entry.work_order_id:
        raise ValidationError(_("This diary entry is a work order already."))
    if category is None:
        raise ValidationError({"category": _("Choose a category.")})
    order, _created = orders.submit(
        acting_user=acting_user,
        source=Source.DIARY,
        request_type=request_type,
        category=category,
        description=f"{entry.title}\n{entry.content}".strip(),
        community=entry.community,
    )
    entry.work_order = order
    entry.save(update_fields=["work_order", "last_updated"])
    return order


@transaction.atomic
def raise_topic(*, community, title: str, description: str, raised_by: str) -> DeliberationTopic:
    """A topic a resident raises on the public portal (议事协商: "topics raised also by residents on the portal"): no
    account; the name is what the resident gives (or "resident"); the community's staff take it up or decline it."""
    topic = DeliberationTopic(
        community=community,
        title=title.strip(),
        description=description.strip(),
        raised_on=timezone.localdate(),
        raised_by=raised_by.strip() or _("resident"),
        source=TopicSource.RESIDENT,
    )
    topic.full_clean()
    topic.save()
    return topic


# What a disclosure item may carry: a document or a picture residents open in a browser, at most 10 MB.
ATTACHMENT_TYPES = {".pdf", ".jpg", ".jpeg", ".png"}
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024


def _item_for_change(acting_user, item: AffairsDisclosure) -> AffairsDisclosure:
    item = AffairsDisclosure.objects.unscoped("attachment").select_for_update().get(pk=item.pk)
    if not user_may(acting_user, permission_for(AffairsDisclosure, "change"), item.division_code):
        raise PermissionDenied
    return item


@transaction.atomic
def attach(*, acting_user, item: AffairsDisclosure, upload) -> AffairsDisclosure:
    """Give a disclosure item its attachment (a PDF, JPEG or PNG of at most 10 MB), replacing any it had; public
    with the item on the portal (SVC-6)."""
    item = _item_for_change(acting_user, item)
    if upload is None:
        raise ValidationError({"attachment": _("Choose a file.")})
    name = Path(upload.name or "").name
    if Path(name).suffix.lower() not in ATTACHMENT_TYPES or upload.size > ATTACHMENT_MAX_BYTES:
        raise ValidationError({"attachment": _("The attachment must be a PDF, JPEG or PNG file of at most 10 MB.")})
    old = item.attachment.name if item.attachment else ""
    item.attachment.save(name, upload, save=False)
    item.attachment_name = name[:200]
    item.save(update_fields=["attachment", "attachment_name", "last_updated"])
    if old:
        transaction.on_commit(lambda: item.attachment.storage.delete(old))
    return item


@transaction.atomic
def detach(*, acting_user, item: AffairsDisclosure) -> AffairsDisclosure:
    """Take a disclosure item's attachment off (the file is deleted once the change is committed)."""
    item = _item_for_change(acting_user, item)
    if not item.attachment:
        raise ValidationError({"attachment": _("The item has no attachment.")})
    old = item.attachment.name
    storage = item.attachment.storage
    item.attachment = ""
    item.attachment_name = ""
    item.save(update_fields=["attachment", "attachment_name", "last_updated"])
    transaction.on_commit(lambda: storage.delete(old))
    return item
