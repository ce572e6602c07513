"""Voluntary fundraising on the public portal (issue #15; FIN-1, FIN-3 "disclosed to residents"), for anyone, without
an account: a community is chosen by name (at most 20 matches) or by its code, and its fundraising projects are
listed with its street office's (a street's project is for all its communities) — open or closed, each with its
purpose, period, target, the amount raised and the number of donations. A project's page lists its donations 50 to a
page: date, donor as `Donation.shown_donor` (an anonymous donor is never named), amount and receipt number (not
personal: it lets a donor find their own donation).

Cancelled donations are neither counted nor listed: a cancellation voids the receipt of a donation recorded in error
or withdrawn, and its donor's name is not published for money that was not given. A project of another community
or street is not shown; an unknown project is 404."""

from decimal import Decimal

from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.views import View

from shequ.funding.choices import DonationStatus, ProjectStatus
from shequ.funding.models import Donation, FundraisingProject
from shequ.regions.services import find_public_community

__all__ = ["URL_NAMES", "ProjectView", "ProjectsView", "public_projects", "urlpatterns"]

REASON = "the public portal: fundraising projects and their donations are disclosed to residents"
MAX_PROJECTS = 100  # the latest projects of a community and its street
DONATIONS_PER_PAGE = 50
PUBLIC_STATUSES = (ProjectStatus.OPEN, ProjectStatus.CLOSED)  # every status a project has; a new one is not public
RECORDED = Q(donations__status=DonationStatus.RECORDED)


def public_projects():
    """The projects the public sees, each with `raised_total` and `donation_count` of its donations not cancelled."""
    return (
        FundraisingProject.objects.unscoped(REASON)
        .filter(status__in=PUBLIC_STATUSES)
        .select_related("division")
        .annotate(raised_total=Sum("donations__amount", filter=RECORDED), donation_count=Count("donations", RECORDED))
    )


def _with_raised(project: FundraisingProject) -> FundraisingProject:
    """`raised_total` as yuan with two decimals (SQLite gives a sum as 1000.5, and none for no donations)."""
    project.raised_total = (project.raised_total or Decimal(0)).quantize(Decimal("0.01"))
    return project


class ProjectsView(View):
    def get(self, request):
        context = find_public_community(request, REASON)
        context["projects"] = []
        community = context["community"]
        if community is not None:
            divisions = [community.pk, community.parent_id] if community.parent_id else [community.pk]
            projects = public_projects().filter(division__in=divisions).order_by("-starts_on", "name")[:MAX_PROJECTS]
            context["projects"] = [_with_raised(project) for project in projects]
        return render(request, "funding/portal_projects.html", context)


class ProjectView(View):
    def get(self, request, pk):
        project = _with_raised(get_object_or_404(public_projects(), pk=pk))
        donations = (
            Donation.objects.unscoped(REASON)
            .filter(project=project, status=DonationStatus.RECORDED)
            .only("received_on", "donor_name", "anonymous", "amount", "receipt_number")
            .order_by("-received_on", "-receipt_number")
        )
        paginator = Paginator(donations, DONATIONS_PER_PAGE)
        paginator.count = project.donation_count  # counted with the project: no second count of the donations
        page = paginator.get_page(request.GET.get("page"))
        return render(request, "funding/portal_project.html", {"project": project, "page": page})


app_name = "portal-fundraising"
urlpatterns = [
    path("", ProjectsView.as_view(), name="list"),
    path("<int:pk>/", ProjectView.as_view(), name="detail"),
]
URL_NAMES = {"portal-fundraising:list", "portal-fundraising:detail"}
