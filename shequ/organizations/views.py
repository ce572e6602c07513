"""The organizations pages: each register's form, filters and table come from its declaration (registers.py); and
the summary of the multi-channel investment (FIN-4)."""

import tempfile

import xlsxwriter
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from shequ.core.audit import log_access
from shequ.core.choices import AccessEvent
from shequ.core.views import ModelViews
from shequ.organizations import models
from shequ.organizations.choices import ContributionChannel, ContributionForm
from shequ.organizations.contributions import summary
from shequ.regions.models import Division

__all__ = [
    "BuildingHeadViews",
    "CoBuildingActivityViews",
    "CommitteeDecisionViews",
    "CommitteeMemberViews",
    "ContributionSummaryView",
    "ContributionViews",
    "ElectionViews",
    "GuidanceCommitteeViews",
    "GuidanceDecisionViews",
    "GuidanceMeetingViews",
    "GuidanceMemberViews",
    "LeaderContactViews",
    "ParticipantViews",
    "PartyMemberViews",
    "PartyOrganizationViews",
    "ResidentGroupViews",
    "ResidentsCommitteeViews",
    "ResponsibilityAssignmentViews",
    "SocialOrganizationViews",
    "StationedUnitViews",
    "SubcommitteeViews",
]


class PartyOrganizationViews(ModelViews):
    model = models.PartyOrganization


class PartyMemberViews(ModelViews):
    model = models.PartyMember


class ResidentsCommitteeViews(ModelViews):
    model = models.ResidentsCommittee


class CommitteeMemberViews(ModelViews):
    model = models.CommitteeMember


class ElectionViews(ModelViews):
    model = models.Election


class SubcommitteeViews(ModelViews):
    model = models.Subcommittee


class CommitteeDecisionViews(ModelViews):
    model = models.CommitteeDecision


class ResidentGroupViews(ModelViews):
    model = models.ResidentGroup


class BuildingHeadViews(ModelViews):
    model = models.BuildingHead


class ParticipantViews(ModelViews):
    model = models.Participant


class SocialOrganizationViews(ModelViews):
    model = models.SocialOrganization


class StationedUnitViews(ModelViews):
    model = models.StationedUnit


class CoBuildingActivityViews(ModelViews):
    model = models.CoBuildingActivity


class GuidanceCommitteeViews(ModelViews):
    model = models.GuidanceCommittee


class GuidanceMemberViews(ModelViews):
    model = models.GuidanceMember


class LeaderContactViews(ModelViews):
    model = models.LeaderContact


class GuidanceMeetingViews(ModelViews):
    model = models.GuidanceMeeting


class GuidanceDecisionViews(ModelViews):
    model = models.GuidanceDecision


class ResponsibilityAssignmentViews(ModelViews):
    model = models.ResponsibilityAssignment


class ContributionViews(ModelViews):
    model = models.Contribution


def _year(text: str | None) -> int:
    """The year asked for, between the first residents' committee's and this one; else this year."""
    this_year = timezone.localdate().year
    text = (text or "").strip()
    if text.isdigit() and len(text) == 4 and models.EARLIEST_YEAR <= int(text) <= this_year:
        return int(text)
    return this_year


class ContributionSummaryView(LoginRequiredMixin, View):
    """The multi-channel investment of one year (FIN-4): per community the value contributed through each channel
    and in each form, with the totals of the jurisdiction; as a page or an Excel file."""

    permission = "organizations.view_contribution"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        year = _year(request.GET.get("year"))
        contributions = models.Contribution.objects.restrict(request.user, "view")
        division = None
        code = request.GET.get("division", "").strip()
        if code:
            division = get_object_or_404(Division.objects.restrict(request.user, "view"), code=code[:12])
            contributions = contributions.within(division.prefix)
        rows, total = summary(contributions, year)
        if request.GET.get("export") == "xlsx":
            return self.export(request, rows, total, year, division)
        return render(
            request,
            "organizations/contribution_summary.html",
            {
                "year": year,
                "division": division,
                "channels": ContributionChannel.labels,
                "forms": ContributionForm.labels,
                "rows": rows,
                "total": total,
            },
        )

    def export(self, request, rows, total, year, division):
        log_access(
            AccessEvent.EXPORT,
            user=request.user,
            model="organizations.contribution",
            format="xlsx",
            query=request.GET.urlencode()[:500],
        )
        spool = tempfile.TemporaryFile()
        workbook = xlsxwriter.Workbook(spool, {"in_memory": False})
        bold = workbook.add_format({"bold": True})
        money = workbook.add_format({"num_format": "#,##0.00"})
        for title, labels, values in (
            (_("By channel"), ContributionChannel.labels, lambda row: row.channel_list()),
            (_("By form"), ContributionForm.labels, lambda row: row.form_list()),
        ):
            sheet = workbook.add_worksheet(str(title))
            headers = [_("community code"), _("community"), *labels, _("total (yuan)"), _("number of contributions")]
            sheet.write_row(0, 0, [str(h) for h in headers], bold)
            for index, row in enumerate([*rows, total], start=1):
                name = row.community if row.community_code else _("Total")
                sheet.write_row(index, 0, [row.community_code, name])
                sheet.write_row(index, 2, [float(v) for v in [*values(row), row.total]], money)
                sheet.write_number(index, 3 + len(labels), row.count)
        workbook.close()
        spool.seek(0)
        response = HttpResponse(
            spool.read(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        where = f"-{division.code}" if division is not None else ""
        response["Content-Disposition"] = f"attachment; filename=contributions-{year}{where}.xlsx"
        return response
