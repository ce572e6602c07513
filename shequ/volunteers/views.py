"""Pages of the volunteers registers: each declares its form, filterset and table (core.views.ModelViews)."""

from shequ.core.views import ModelViews
from shequ.volunteers import filtersets, forms, models, tables

__all__ = ["ServiceRecordViews", "VolunteerActivityViews", "VolunteerTeamViews", "VolunteerViews"]


class VolunteerViews(ModelViews):
    model = models.Volunteer
    form = forms.VolunteerForm
    filterset = filtersets.VolunteerFilterSet
    table = tables.VolunteerTable


class VolunteerTeamViews(ModelViews):
    model = models.VolunteerTeam
    form = forms.VolunteerTeamForm
    filterset = filtersets.VolunteerTeamFilterSet
    table = tables.VolunteerTeamTable


class VolunteerActivityViews(ModelViews):
    model = models.VolunteerActivity
    form = forms.VolunteerActivityForm
    filterset = filtersets.VolunteerActivityFilterSet
    table = tables.VolunteerActivityTable


class ServiceRecordViews(ModelViews):
    model = models.ServiceRecord
    form = forms.ServiceRecordForm
    filterset = filtersets.ServiceRecordFilterSet
    table = tables.ServiceRecordTable
