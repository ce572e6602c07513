from django.db import models
from django.utils.translation import gettext_lazy as _

from shequ.regions.choices import DivisionLevel

__all__ = [
    "CommitteePosition",
    "DecisionKind",
    "FollowUpStatus",
    "ParticipantKind",
    "PartyOrganizationKind",
    "PartyRole",
    "Responsibility",
    "SocialOrganizationKind",
    "SubcommitteeKind",
]


class PartyOrganizationKind(models.TextChoices):
    """The party organisation tree of ORG-1, top to bottom."""

    STREET_WORKING_COMMITTEE = "street_working_committee", _("Street working committee")
    COMMUNITY_COMMITTEE = "community_committee", _("Community party committee")
    GENERAL_BRANCH = "general_branch", _("Community general branch")
    BRANCH = "branch", _("Community branch")
    AREA_BRANCH = "area_branch", _("Residential-area branch")
    BUILDING_GROUP = "building_group", _("Building party group")
    UNIT_ORGANIZATION = "unit_organization", _("Co-building unit's organisation")


class PartyRole(models.TextChoices):
    SECRETARY = "secretary", _("Secretary")
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")
    COMMITTEE_MEMBER = "committee_member", _("Committee member")
    MEMBER = "member", _("Member")


class CommitteePosition(models.TextChoices):
    DIRECTOR = "director", _("Director")
    DEPUTY_DIRECTOR = "deputy_director", _("Deputy director")
    MEMBER = "member", _("Committee member")


class SubcommitteeKind(models.TextChoices):
    """The five subcommittees every residents' committee has (ORG-3)."""

    MEDIATION = "mediation", _("People's mediation")
    SECURITY = "security", _("Public security")
    HEALTH = "health", _("Public health")
    FAMILY_PLANNING = "family_planning", _("Family planning")
    CULTURE = "culture", _("Mass culture")


class DecisionKind(models.TextChoices):
    ESTABLISH = "establish", _("Establishment")
    ABOLISH = "abolish", _("Abolition")
    RESIZE = "resize", _("Change of size")
    BOUNDARY = "boundary", _("Change of boundary")


class ParticipantKind(models.TextChoices):
    COUNCIL = "council", _("Residents' council member")
    VETERAN_CADRE = "veteran_cadre", _("Five elders: veteran cadre")
    VETERAN_SOLDIER = "veteran_soldier", _("Five elders: veteran soldier")
    VETERAN_EXPERT = "veteran_expert", _("Five elders: veteran expert")
    VETERAN_TEACHER = "veteran_teacher", _("Five elders: veteran teacher")
    VETERAN_MODEL = "veteran_model", _("Five elders: veteran model worker")


class SocialOrganizationKind(models.TextChoices):
    SERVICE = "service", _("Service")
    PUBLIC_INTEREST = "public_interest", _("Public interest")
    MUTUAL_AID = "mutual_aid", _("Mutual aid")


class FollowUpStatus(models.TextChoices):
    """How far a guidance committee's decision has been carried out (GUAR-1)."""

    PENDING = "pending", _("Not started")
    IN_PROGRESS = "in_progress", _("Under way")
    DONE = "done", _("Carried out")


class Responsibility(models.TextChoices):
    """The responsibility chain of GUAR-1: the district party secretary is first responsible, the street (party
    working committee) secretary directly responsible."""

    FIRST = "first", _("First responsible (district party secretary)")
    DIRECT = "direct", _("Directly responsible (street party secretary)")

    @property
    def level(self) -> str:
        return DivisionLevel.DISTRICT if self == Responsibility.FIRST else DivisionLevel.STREET


class ContributionChannel(models.TextChoices):
    """Where an investment in community building comes from (FIN-4: units, social capital, individuals)."""

    STATIONED_UNIT = "stationed_unit", _("Stationed unit")
    SOCIAL_ORGANIZATION = "social_organization", _("Social organisation")
    SOCIAL_CAPITAL = "social_capital", _("Social capital (enterprise or investor)")
    INDIVIDUAL = "individual", _("Individual")


class ContributionForm(models.TextChoices):
    """What was contributed (FIN-4: funds and goods, paid and free services)."""

    FUNDS = "funds", _("Cash funds")
    GOODS = "goods", _("Goods")
    VENUE = "venue", _("Venue")
    PAID_SERVICE = "paid_service", _("Paid service")
    FREE_SERVICE = "free_service", _("Free service")
    VOLUNTEER_LABOUR = "volunteer_labour", _("Volunteer labour")
