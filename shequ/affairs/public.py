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
from shequ.regions.choices import DivisionLevel
from shequ.regions.models import Division

__all__ = ["URL_NAMES", "ResolutionsView", "urlpatterns"]

PUBLIC_KINDS = (MeetingKind.RESIDENTS, MeetingKind.REPRESENTATIVES, MeetingKind.DELIBERATION)
MAX_MATCHES = 20
MAX_QUERY = 30


class ResolutionsView(View):
    def get(self, request):
        reason = "the public portal: residents' affairs are public"
        communities = Division.objects.unscoped(reason).filter(level=DivisionLevel.COMMUNITY)
        code = request.GET.get("community", "").strip()
        query = request.GET.get("q", "").strip()[:MAX_QUERY]
        community = communities.filter(code=code).first() if code.isdigit() and len(code) == 12 else None
        context = {"community": community, "q": query, "matches": [], "meetings": []}
        if community is None and query:
            context["matches"] = list(communities.filter(name__contains=query).order_by("code")[:MAX_MATCHES])
        if community is not None:
            since = timezone.localdate() - timedelta(days=365)
            meetings = list(
                Meeting.objects.unscoped(reason)
                .filter(community=community, kind__in=PUBLIC_KINDS, held_on__gte=since)
                .order_by("-held_on", "-id")
            )
            resolutions = Resolution.objects.unscoped(reason).filter(meeting__in=meetings).order_by("id")
            by_meeting: dict[int, list] = {}
            for resolution in resolutions:
                by_meeting.setdefault(resolution.meeting_id, []).append(resolution)
            context["meetings"] = [(meeting, by_meeting.get(meeting.pk, [])) for meeting in meetings]
        return render(request, "affairs/portal_resolutions.html", context)


urlpatterns = [path("", ResolutionsView.as_view(), name="resolutions")]
URL_NAMES = {"portal-affairs:resolutions"}
