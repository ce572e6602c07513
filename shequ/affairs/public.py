"""Residents' affairs on the public portal (issue #17 item 6, SVC-6; 居务公开): what a community's meetings resolved
and how far each resolution has been carried out, for anyone, without an account.

Shown: the meetings of residents, representatives and deliberation of the last twelve months (not the party's
joint meetings), each resolution's text, votes, whether it carried, and its follow-up. Not shown: minutes, who
raised a topic, anything naming a person. A community is chosen by name (at most 20 matches) or by its code.
"""

from datetime import timedelta

from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views import View

from shequ.affairs.choices import MeetingKind
from shequ.affairs.models import Meeting, Resolution
from shequ.regions.services import find_public_community

__all__ = ["URL_NAMES", "ResolutionsView", "urlpatterns"]

PUBLIC_KINDS = (MeetingKind.RESIDENTS, MeetingKind.REPRESENTATIVES, MeetingKind.DELIBERATION)
REASON = "the public portal: residents' affairs are public"


class ResolutionsView(View):
    def get(self, request):
        context = find_public_community(request, REASON)
        context["meetings"] = []
        community = context["community"]
        if community is not None:
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


urlpatterns = [path("", ResolutionsView.as_view(), name="resolutions")]
URL_NAMES = {"portal-affairs:resolutions"}
