"""The community-affairs pages: each register's form, filters and table come from its declaration (registers.py);
a diary entry's page also turns it into a deliberation topic or a work order in one step, and a disclosure item's
page takes its attachment (SVC-6)."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.affairs import models, services
from shequ.core.downloads import stored_file_response
from shequ.core.rights import permission_for, user_may
from shequ.core.views import ModelViews, ObjectDetailView, StepsMixin
from shequ.workorders.choices import RequestType
from shequ.workorders.models import Category, WorkOrder

__all__ = [
    "AffairsDisclosureViews",
    "AttachmentView",
    "DeliberationTopicViews",
    "MeetingViews",
    "ResolutionViews",
    "SentimentEntryViews",
    "VisitViews",
    "WorkAssessmentViews",
]


class VisitViews(ModelViews):
    model = models.Visit


class SentimentEntryDetail(StepsMixin, ObjectDetailView):
    """A diary entry, with "make it a deliberation topic" and "make it a work order" while it is neither yet."""

    STEPS = {"to_topic": models.DeliberationTopic, "to_order": WorkOrder}

    def extra_context(self, obj) -> dict:
        context = super().extra_context(obj)
        topic = models.DeliberationTopic.objects.restrict(self.request.user, "view").filter(diary_entry=obj).first()
        context["topic"] = topic
        context["may_make_topic"] = topic is None and self.may_run("to_topic", obj)
        context["order"] = WorkOrder.objects.restrict(self.request.user, "view").filter(pk=obj.work_order_id).first()
        context["may_make_order"] = obj.work_order_id is None and self.may_run("to_order", obj)
        if context["may_make_order"]:
            # Leaf categories of the city's catalogue: a few dozen, a select is the right widget.
            context["categories"] = Category.objects.filter(active=True, children=None).order_by("code")
            context["request_types"] = RequestType.choices
        return context

    def may_run(self, action: str, record) -> bool:
        model = self.STEPS.get(action)
        return model is not None and user_may(self.request.user, permission_for(model, "add"), record.division_code)

    def run(self, action: str, record, request) -> None:
        if action == "to_topic":
            self.made = services.topic_from_diary(acting_user=request.user, entry=record)
            return
        category = Category.objects.filter(active=True, pk=request.POST.get("category") or 0).first()
        kind = request.POST.get("request_type", RequestType.HELP)
        if kind not in RequestType.values:
            raise ValidationError(_("Choose a request type."))
        self.made = services.order_from_diary(
            acting_user=request.user, entry=record, category=category, request_type=kind
        )

    def done_message(self, action: str, record) -> str:
        if action == "to_order":
            return _("Work order {number} taken in from this entry.").format(number=self.made.number)
        return _("Deliberation topic “{topic}” raised from this entry.").format(topic=self.made)


class SentimentEntryViews(ModelViews):
    model = models.SentimentEntry
    detail_view = SentimentEntryDetail


class DeliberationTopicViews(ModelViews):
    model = models.DeliberationTopic


class MeetingViews(ModelViews):
    model = models.Meeting


class ResolutionViews(ModelViews):
    model = models.Resolution


class AffairsDisclosureDetail(StepsMixin, ObjectDetailView):
    """A disclosure item, whether the portal shows it today, and its attachment (upload, replace, remove)."""

    hidden_fields = (*ObjectDetailView.hidden_fields, "attachment", "attachment_name")

    def extra_context(self, obj) -> dict:
        context = super().extra_context(obj)
        context["current"] = obj.is_current(timezone.localdate())
        context["may_change"] = self.may_run("attach", obj)
        return context

    def run(self, action: str, record, request) -> None:
        if action == "attach":
            services.attach(acting_user=request.user, item=record, upload=request.FILES.get("file"))
        elif action == "detach":
            services.detach(acting_user=request.user, item=record)
        else:
            raise ValidationError(_("Unknown action."))

    def done_message(self, action: str, record) -> str:
        if action == "detach":
            return _("The attachment of “{item}” is removed.").format(item=record)
        return _("The attachment of “{item}” is saved.").format(item=record)


class AttachmentView(ObjectDetailView):
    """A disclosure item's attachment, for whoever may see the item (the portal serves current items' own)."""

    def get(self, request, pk):
        item = self.get_object()
        if not item.attachment:
            raise Http404
        return stored_file_response(item.attachment, as_attachment=True, filename=item.attachment_name)


class AffairsDisclosureViews(ModelViews):
    model = models.AffairsDisclosure
    detail_view = AffairsDisclosureDetail


class WorkAssessmentViews(ModelViews):
    model = models.WorkAssessment
