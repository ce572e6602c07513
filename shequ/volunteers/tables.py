from shequ.core.tables import Table
from shequ.volunteers import models

__all__ = ["ServiceRecordTable", "VolunteerActivityTable", "VolunteerTable", "VolunteerTeamTable"]


class VolunteerTable(Table):
    model = models.Volunteer
    fields = ("name", "community", "skills", "registered_on", "active")


class VolunteerTeamTable(Table):
    model = models.VolunteerTeam
    fields = ("name", "community", "leader_name", "members")
    prefetch_related = ("members",)


class VolunteerActivityTable(Table):
    model = models.VolunteerActivity
    fields = ("title", "community", "team", "held_on", "place")


class ServiceRecordTable(Table):
    model = models.ServiceRecord
    fields = ("volunteer", "activity", "served_on", "hours", "verified")
