from shequ.core.filtersets import ScopedFilterSet
from shequ.volunteers import models

__all__ = ["ServiceRecordFilterSet", "VolunteerActivityFilterSet", "VolunteerFilterSet", "VolunteerTeamFilterSet"]


class VolunteerFilterSet(ScopedFilterSet):
    search_fields = ("name", "skills")

    class Meta:
        model = models.Volunteer
        fields = ["q", "division", "active"]


class VolunteerTeamFilterSet(ScopedFilterSet):
    search_fields = ("name", "leader_name")

    class Meta:
        model = models.VolunteerTeam
        fields = ["q", "division"]


class VolunteerActivityFilterSet(ScopedFilterSet):
    search_fields = ("title", "place")

    class Meta:
        model = models.VolunteerActivity
        fields = ["q", "division", "team"]


class ServiceRecordFilterSet(ScopedFilterSet):
    search_fields = ("volunteer__name",)

    class Meta:
        model = models.ServiceRecord
        fields = ["q", "division", "verified", "activity"]
