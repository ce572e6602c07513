"""The volunteers pages: each register's form, filters and table come from its declaration (registers.py)."""

from shequ.core.views import ModelViews
from shequ.volunteers import models

__all__ = ["ServiceRecordViews", "VolunteerActivityViews", "VolunteerTeamViews", "VolunteerViews"]


class VolunteerViews(ModelViews):
    model = models.Volunteer


class VolunteerTeamViews(ModelViews):
    model = models.VolunteerTeam


class VolunteerActivityViews(ModelViews):
    model = models.VolunteerActivity


class ServiceRecordViews(ModelViews):
    model = models.ServiceRecord
