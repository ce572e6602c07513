from django.utils.translation import gettext_lazy as _

from shequ.core.tables import Table
from shequ.organizations import models

__all__ = ["ElectionTable", "SubcommitteeTable"]


class ElectionTable(Table):
    model = models.Election
    fields = ("held_on", "committee", "electorate", "votes_cast", "turnout")
    extra_labels = {"turnout": _("turnout")}

    def render_turnout(self, obj):
        return obj.turnout


class SubcommitteeTable(Table):
    model = models.Subcommittee
    fields = ("kind", "committee", "members")
    prefetch_related = ("members",)

    def render_members(self, obj):
        return "、".join(member.name for member in obj.members.all())
