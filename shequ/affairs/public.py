"""Residents' affairs on the public portal (issue #17 item 6, SVC-6; 党务居务公开): a community's current party- and
residents'-affairs disclosure items, what its meetings resolved and how far each resolution has been carried out,
for anyone, without an account; and a form on which a resident raises a topic for the community's deliberation
(limited per address, with the portal's proof of work).

The results of the residents' democratic evaluations of their committee (民主评议, a survey's purpose) closed before
today are shown for the community only with at least five answers from it (`surveys.services.results`), and free
text never. Disclosure items are shown from the day they are published to the day they are shown until (their attachment
too, at its own address, only while the item is shown); their text was refused with an ID or mobile number in it.

Shown: the meetings of residents, representatives and deliberation of the last twelve months (not the party's
joint meetings), each resolution's text, votes, whether it carried, and its follow-up. Not shown: minutes, who
raised a topic, anything naming a person. A community is chosen by name (at most 20 matches) or by its code.
"""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from shequ.affairs import services
from shequ.affairs.choices import MeetingKind
from shequ.affairs.models import AffairsDisclosure, Meeting, Resolution
from shequ.core.downloads import stored_file_response
from shequ.core.forms import add_service_errors, style_widgets
from shequ.regions.services import find_public_community
from shequ.surveys.choices import QuestionKind, SurveyPurpose
from shequ.surveys.models import MIN_GROUP, Survey
from shequ.surveys.services import results
from shequ.workorders.public.limits import client_ip, over_limit
from shequ.workorders.public.portal import check_work, new_challenge

__all__ = [
    "URL_NAMES",
    "AttachmentView",
    "RaiseTopicView",
    "ResolutionsView",
    "current_items",
    "evaluations",
    "urlpatterns",
]

PUBLIC_KINDS = (MeetingKind.RESIDENTS, MeetingKind.REPRESENTATIVES, MeetingKind.DELIBERATION)
REASON = "the public portal: residents' affairs are public"


def current_items(community, day):
    """The community's disclosure items shown on `day`: published by then and not yet past their last day."""
    return (
        AffairsDisclosure.objects.unscoped(REASON)
        .filter(community=community, published_on__lte=day)
        .exclude(shown_until__lt=day)
        .order_by("kind", "-published_on", "-id")
    )


EVALUATIONS_SHOWN = 3  # the latest democratic evaluations on the page


def evaluations(community, day) -> list:
    """(survey, answers, results) of the latest democratic evaluations the community was sampled for and that
    closed before `day`, each only with at least MIN_GROUP answers from the community; free-text questions left
    out, and any question with fewer answers (`Result.shown`)."""
    surveys = (
        Survey.objects.unscoped(REASON)
        .filter(purpose=SurveyPurpose.DEMOCRATIC, closes_on__lt=day, samples__community=community)
        .order_by("-closes_on", "-id")[:EVALUATIONS_SHOWN]
    )
    shown = []
    for survey in surveys:
        answered, rows = results(survey, community.prefix)
        if answered >= MIN_GROUP:
            shown.append((survey, answered, [r for r in rows if r.shown and r.question.kind != QuestionKind.TEXT]))
    return shown


class ResolutionsView(View):
    def get(self, request):
        context = find_public_community(request, REASON)
        context["meetings"] = []
        context["items"] = []
        context["evaluations"] = []
        community = context["community"]
        if community is not None:
            context["items"] = list(current_items(community, timezone.localdate()))
            context["evaluations"] = evaluations(community, timezone.localdate())
            since = timezone.localdate() - timedelta(days=365)
            meetings = list(
                Meeting.objects.unscoped(REASON)
                .filter(community=community, kind__in=PUBLIC_KINDS, held_on__gte=since)
                .order_by("-held_on", "-id")
            )
            resolutions = Resolution.objects.unscoped(REASON).filter(meeting__in=meetings).order_by("id")
            by_meeting: dict[int, list] = {}
            for resolution in resolutions:
                by_meeting.setdefault(resolution.meeting_id, []).append(resolution)
            context["meetings"] = [(meeting, by_meeting.get(meeting.pk, [])) for meeting in meetings]
        return render(request, "affairs/portal_resolutions.html", context)


class AttachmentView(View):
    """A current disclosure item's attachment; an item not shown today (or without one) is 404 like a missing one."""

    def get(self, request, pk):
        item = current_items_by_pk(pk)
        if item is None or not item.attachment:
            raise Http404
        return stored_file_response(item.attachment, as_attachment=True, filename=item.attachment_name)


def current_items_by_pk(pk: int):
    item = AffairsDisclosure.objects.unscoped(REASON).filter(pk=pk).first()
    return item if item is not None and item.is_current(timezone.localdate()) else None


class RaiseTopicForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("What should the community discuss?"), max_length=100)
    description = forms.CharField(
        label=gettext_lazy("Say more"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    raised_by = forms.CharField(
        label=gettext_lazy("Your name (optional)"),
        max_length=50,
        required=False,
        help_text=gettext_lazy("Shown to the community's staff only. Leave out phone and ID numbers."),
    )
    website = forms.CharField(label=gettext_lazy("Leave this empty"), required=False)  # a trap for robots
    challenge = forms.CharField(widget=forms.HiddenInput)
    nonce = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class RaiseTopicView(View):
    """A resident raises a deliberation topic for one community (chosen as on the resolutions page)."""

    def page(self, request, context, form, status=200, **extra):
        return render(request, "affairs/portal_raise.html", {**context, "form": form, **extra}, status=status)

    def get(self, request):
        context = find_public_community(request, REASON)
        return self.page(request, context, RaiseTopicForm(initial={"challenge": new_challenge()}))

    def post(self, request):
        context = find_public_community(request, REASON)
        form = RaiseTopicForm(request.POST)
        if context["community"] is None:
            return self.page(request, context, form, status=400, refused=_("Choose the community first."))
        if over_limit("portal-topic", client_ip(request), settings.SHEQU_PORTAL_IP_LIMIT, 3600):
            return self.page(
                request, context, form, status=429, refused=_("Too many requests from here. Try again later.")
            )
        if not form.is_valid():
            return self.page(request, context, form, status=400)
        data = form.cleaned_data
        if data["website"]:
            return self.page(request, context, form, status=400, refused=_("The request could not be accepted."))
        if not check_work(data["challenge"], data["nonce"] or ""):
            form = RaiseTopicForm({**request.POST.dict(), "challenge": new_challenge(), "nonce": ""})
            form.is_valid()
            refused = _("The page expired or the check did not finish. Please submit again.")
            return self.page(request, context, form, status=400, refused=refused)
        try:
            topic = services.raise_topic(
                community=context["community"],
                title=data["title"],
                description=data["description"],
                raised_by=data["raised_by"],
            )
        except ValidationError as invalid:
            add_service_errors(form, invalid)
            return self.page(request, context, form, status=400)
        return self.page(request, context, None, raised=topic)


urlpatterns = [
    path("", ResolutionsView.as_view(), name="resolutions"),
    path("raise/", RaiseTopicView.as_view(), name="raise"),
    path("items/<int:pk>/attachment/", AttachmentView.as_view(), name="attachment"),
]
URL_NAMES = {"portal-affairs:resolutions", "portal-affairs:raise", "portal-affairs:attachment"}
