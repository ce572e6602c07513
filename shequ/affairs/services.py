"""Writes beyond a form (issue #17, SVC-6): a sentiment-diary entry becomes a deliberation topic in one step. It takes
`acting_user`, asks `core.rights` whether that user may make it, and runs in one transaction (issue #11)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.affairs.choices import TopicSource
from shequ.affairs.models import DeliberationTopic, SentimentEntry
from shequ.core.rights import permission_for, user_may

__all__ = ["topic_from_diary"]


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
