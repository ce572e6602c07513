"""The facilities pages: each register's form, filters and table come from its declaration (registers.py)."""

from shequ.core.views import ModelViews
from shequ.facilities import models

__all__ = ["FacilityViews", "FunctionItemViews", "FunctionStandardViews", "PlanningProjectViews", "UpkeepIssueViews"]


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
