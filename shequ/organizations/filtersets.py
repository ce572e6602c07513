import django_filters
from django.utils.translation import gettext_lazy as _

from shequ.core.filtersets import ScopedFilterSet
from shequ.organizations import choices, models

__all__ = [
    "BuildingHeadFilterSet",
    "CoBuildingActivityFilterSet",
    "CommitteeDecisionFilterSet",
    "CommitteeMemberFilterSet",
    "ElectionFilterSet",
    "GuidanceCommitteeFilterSet",
    "GuidanceMemberFilterSet",
    "LeaderContactFilterSet",
    "ParticipantFilterSet",
    "PartyMemberFilterSet",
    "PartyOrganizationFilterSet",
    "ResidentGroupFilterSet",
    "ResidentsCommitteeFilterSet",
    "SocialOrganizationFilterSet",
    "StationedUnitFilterSet",
    "SubcommitteeFilterSet",
]


class PartyOrganizationFilterSet(ScopedFilterSet):
    search_fields = ("name",)
    kind = django_filters.ChoiceFilter(choices=choices.PartyOrganizationKind.choices, label=_("kind"))

    class Meta:
        model = models.PartyOrganization
        fields = ["q", "division", "kind", "co_building"]


class PartyMemberFilterSet(ScopedFilterSet):
    search_fields = ("name", "organization__name")
    role = django_filters.ChoiceFilter(choices=choices.PartyRole.choices, label=_("role"))

    class Meta:
        model = models.PartyMember
        fields = ["q", "division", "role", "organization"]


class ResidentsCommitteeFilterSet(ScopedFilterSet):
    search_fields = ("community__name",)

    class Meta:
        model = models.ResidentsCommittee
        fields = ["q", "division", "term_number"]


class CommitteeMemberFilterSet(ScopedFilterSet):
    search_fields = ("name",)
    position = django_filters.ChoiceFilter(choices=choices.CommitteePosition.choices, label=_("position"))

    class Meta:
        model = models.CommitteeMember
        fields = ["q", "division", "position", "committee", "party_member"]


class ElectionFilterSet(ScopedFilterSet):
    class Meta:
        model = models.Election
        fields = ["division", "committee"]


class SubcommitteeFilterSet(ScopedFilterSet):
    kind = django_filters.ChoiceFilter(choices=choices.SubcommitteeKind.choices, label=_("kind"))

    class Meta:
        model = models.Subcommittee
        fields = ["division", "kind", "committee"]


class CommitteeDecisionFilterSet(ScopedFilterSet):
    search_fields = ("document_number", "note")
    kind = django_filters.ChoiceFilter(choices=choices.DecisionKind.choices, label=_("kind"))
    filed = django_filters.BooleanFilter(field_name="filed_on", lookup_expr="isnull", exclude=True, label=_("filed"))

    class Meta:
        model = models.CommitteeDecision
        fields = ["q", "division", "kind", "filed"]


class ResidentGroupFilterSet(ScopedFilterSet):
    search_fields = ("name", "leader_name")

    class Meta:
        model = models.ResidentGroup
        fields = ["q", "division"]


class BuildingHeadFilterSet(ScopedFilterSet):
    search_fields = ("name", "building__number")

    class Meta:
        model = models.BuildingHead
        fields = ["q", "division"]


class ParticipantFilterSet(ScopedFilterSet):
    search_fields = ("name",)
    kind = django_filters.ChoiceFilter(choices=choices.ParticipantKind.choices, label=_("kind"))

    class Meta:
        model = models.Participant
        fields = ["q", "division", "kind"]


class SocialOrganizationFilterSet(ScopedFilterSet):
    search_fields = ("name", "credit_code", "contact")
    kind = django_filters.ChoiceFilter(choices=choices.SocialOrganizationKind.choices, label=_("kind"))

    class Meta:
        model = models.SocialOrganization
        fields = ["q", "division", "kind", "venue_support"]


class StationedUnitFilterSet(ScopedFilterSet):
    search_fields = ("name", "credit_code", "resources_shared")

    class Meta:
        model = models.StationedUnit
        fields = ["q", "division"]


class CoBuildingActivityFilterSet(ScopedFilterSet):
    search_fields = ("title", "unit__name")

    class Meta:
        model = models.CoBuildingActivity
        fields = ["q", "division", "unit"]


class GuidanceCommitteeFilterSet(ScopedFilterSet):
    search_fields = ("name", "office")

    class Meta:
        model = models.GuidanceCommittee
        fields = ["q", "division"]


class GuidanceMemberFilterSet(ScopedFilterSet):
    search_fields = ("name", "position", "unit")

    class Meta:
        model = models.GuidanceMember
        fields = ["q", "division", "committee"]


class LeaderContactFilterSet(ScopedFilterSet):
    search_fields = ("leader_name", "leader_position")

    class Meta:
        model = models.LeaderContact
        fields = ["q", "division"]
