"""The facilities pages: each register's form, filters and table come from its declaration (registers.py); beyond
them the upkeep rates per residential area and their trend (FAC-3)."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views import View

from shequ.core.views import ModelViews
from shequ.facilities import models, upkeep
from shequ.facilities.choices import UpkeepStandard

MAX_AREAS = 200

__all__ = [
    "FacilityViews",
    "FunctionItemViews",
    "FunctionStandardViews",
    "PlanningProjectViews",
    "UpkeepIssueViews",
    "UpkeepRatesView",
]


class FunctionStandardViews(ModelViews):
    model = models.FunctionStandard


class FunctionItemViews(ModelViews):
    model = models.FunctionItem


class FacilityViews(ModelViews):
    model = models.Facility


class PlanningProjectViews(ModelViews):
    model = models.PlanningProject


class UpkeepIssueViews(ModelViews):
    model = models.UpkeepIssue


class UpkeepRatesView(LoginRequiredMixin, View):
    """Upkeep per residential area of the user's jurisdiction (FAC-3): found, fixed, open, the share fixed and the
    mean days to fix over 12 months, most open first (the first 200 areas), and the monthly trend by standard."""

    def get(self, request):
        if not request.user.scope_prefixes("facilities.view_upkeepissue"):
            raise PermissionDenied
        issues = models.UpkeepIssue.objects.restrict(request.user)
        context = {
            "rates": upkeep.area_rates(issues)[:MAX_AREAS],
            "trend": upkeep.trend(issues),
            "standards": UpkeepStandard.labels,
        }
        return render(request, "facilities/upkeep_rates.html", context)
