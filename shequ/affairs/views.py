"""The community-affairs pages: each register's form, filters and table come from its declaration (registers.py);
a diary entry's page also turns it into a deliberation topic in one step (SVC-6)."""

from django.utils.translation import gettext as _

from shequ.affairs import models, services
from shequ.core.rights import permission_for, user_may
from shequ.core.views import ModelViews, ObjectDetailView, StepsMixin

__all__ = ["DeliberationTopicViews", "MeetingViews", "ResolutionViews", "SentimentEntryViews", "VisitViews"]


class VisitViews(ModelViews):
    model = models.Visit


class SentimentEntryDetail(StepsMixin, ObjectDetailView):
    """A diary entry, with "make it a deliberation topic" while it is not one yet."""

    def extra_context(self, obj) -> dict:
        context = super().extra_context(obj)
        topic = models.DeliberationTopic.objects.restrict(self.request.user, "view").filter(diary_entry=obj).first()
        context["topic"] = topic
        context["may_make_topic"] = topic is None and self.may_run("to_topic", obj)
        return context

    def may_run(self, action: str, record) -> bool:
        permission = permission_for(models.DeliberationTopic, "add")
        return action == "to_topic" and user_may(self.request.user, permission, record.division_code)

    def run(self, action: str, record, request) -> None:
        self.topic = services.topic_from_diary(acting_user=request.user, entry=record)

    def done_message(self, action: str, record) -> str:
        return _("Deliberation topic “{topic}” raised from this entry.").format(topic=self.topic)


class SentimentEntryViews(ModelViews):
    model = models.SentimentEntry
    detail_view = SentimentEntryDetail


class DeliberationTopicViews(ModelViews):
    model = models.DeliberationTopic


class MeetingViews(ModelViews):
    model = models.Meeting


class ResolutionViews(ModelViews):
    model = models.Resolution
