"""The survey pages (issue #14 item 2): registers from their declarations; a survey's page draws samples and shows
its results (groups of at least five answers, with the margin of error); a sample's page lists the households drawn
and prints its answer slips as QR codes."""

import segno
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from shequ.core.rights import user_may
from shequ.core.views import ModelViews, ObjectDetailView, StepsMixin
from shequ.people.models import Household
from shequ.regions.choices import DivisionLevel
from shequ.regions.models import Division
from shequ.surveys import models, services

__all__ = ["QuestionViews", "SampleViews", "SlipsView", "SurveyViews"]


class SurveyDetailView(StepsMixin, ObjectDetailView):
    def extra_context(self, obj):
        context = super().extra_context(obj)
        user = self.request.user
        context["questions"] = obj.questions.order_by("number")
        samples = models.Sample.objects.restrict(user).filter(survey=obj).select_related("community")
        context["samples"] = samples
        drawn = {s.community_id for s in samples}
        context["undrawn"] = [
            c
            for c in Division.objects.restrict(user)
            .filter(level=DivisionLevel.COMMUNITY, code__startswith=obj.division.prefix)
            .order_by("code")[:200]
            if c.pk not in drawn
        ]
        context["may_draw"] = user_may(user, "surveys.add_sample", obj.division_code) or any(
            user_may(user, "surveys.add_sample", c.code) for c in context["undrawn"][:1]
        )
        groups = [(obj.division.name, obj.division.prefix)] + [(s.community.name, s.community.prefix) for s in samples]
        context["results"] = [(name, *services.results(obj, prefix)) for name, prefix in groups]
        context["charts"] = services.charts(context["results"])
        context["chart_list"] = [
            (f"{prefix}{question.number}", title % {"question": question})
            for question in context["questions"]
            for prefix, title in (("q", _("Answers to %(question)s")), ("s", _("Satisfied with %(question)s")))
            if f"{prefix}{question.number}" in context["charts"]
        ]
        context["min_group"] = models.MIN_GROUP
        return context

    def may_run(self, action, record):
        return action == "draw"

    def run(self, action, survey, request):
        community = Division.objects.restrict(request.user).filter(pk=request.POST.get("community") or 0).first()
        if community is None:
            raise ValidationError(_("Choose a community."))
        services.draw_sample(acting_user=request.user, survey=survey, community=community)


class SurveyViews(ModelViews):
    model = models.Survey
    detail_view = SurveyDetailView


class QuestionViews(ModelViews):
    model = models.Question


class SampleDetailView(StepsMixin, ObjectDetailView):
    def extra_context(self, obj):
        context = super().extra_context(obj)
        context["households"] = (
            Household.objects.restrict(self.request.user).filter(pk__in=obj.households).order_by("number")
        )
        tokens = models.Token.objects.filter(survey=obj.survey, division_code=obj.division_code)
        context["used"] = tokens.filter(used=True).count()
        context["issued"] = tokens.count()
        context["may_print"] = user_may(self.request.user, "surveys.add_sample", obj.division_code)
        context["sent"] = tokens.filter(sent=True).count()
        return context

    def may_run(self, action, record):
        return user_may(self.request.user, "surveys.add_sample", record.division_code)

    def run(self, action, sample, request):
        if action != "send":
            raise ValidationError(_("Unknown action."))
        self.sent = services.send_tokens(
            acting_user=request.user,
            sample=sample,
            link=lambda code: request.build_absolute_uri(reverse("answer:form", args=[code])),
        )

    def done_message(self, action, record):
        sent, without = self.sent
        return _("{sent} answer codes sent by message; {without} households without a mobile get slips.").format(
            sent=sent, without=without
        )


class SampleViews(ModelViews):
    model = models.Sample
    detail_view = SampleDetailView
    kinds = ("list", "detail", "changes")


class SlipsView(ObjectDetailView):
    """The sample's unused answer tokens as printable slips, each a QR code of its answering link; for who may draw
    samples there. The slips carry no household: whoever knocks hands any slip to any household drawn."""

    def get(self, request, pk):
        sample = self.get_object()
        if not user_may(request.user, "surveys.add_sample", sample.division_code):
            raise PermissionDenied
        slips = []
        unused = models.Token.objects.filter(survey=sample.survey, division_code=sample.division_code, used=False)
        for token in unused.filter(sent=False):  # a code sent by message is not handed out on paper too
            url = request.build_absolute_uri(reverse("answer:form", args=[token.code]))
            slips.append((token.code, url, segno.make(url, error="m").svg_inline(scale=3)))
        return render(request, "surveys/slips.html", {"sample": sample, "slips": slips})
