from shequ.core.tables import Table
from shequ.volunteers import models

__all__ = ["VolunteerTeamTable"]


# The members column lists each team's volunteers: fetched in one query for the page, not one per row.
class VolunteerTeamTable(Table):
    model = models.VolunteerTeam
    fields = ("name", "community", "leader_name", "members")
    prefetch_related = ("members",)
