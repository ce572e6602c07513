"""Community organisations (issue #4): the party tree, residents' committees with their elections, members and
subcommittees, the district's decisions, resident groups, building heads, councils and "five elders", social
organisations, stationed units, guidance committees and leaders' contact communities (ORG-1…ORG-6, GUAR-1)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shequ.core.dates import not_before, not_in_future, within_years
from shequ.core.models import CommunityRecord, DivisionRecord, Linked, ScopedModel
from shequ.organizations.choices import (
    CommitteePosition,
    ContributionChannel,
    ContributionForm,
    DecisionKind,
    FollowUpStatus,
    ParticipantKind,
    PartyOrganizationKind,
    PartyRole,
    Responsibility,
    SocialOrganizationKind,
    SubcommitteeKind,
)
from shequ.organizations.validators import validate_credit_code
from shequ.people.links import check_resident_in, resident_link

__all__ = [
    "BuildingHead",
    "CoBuildingActivity",
    "CommitteeDecision",
    "CommitteeMember",
    "Contribution",
    "Election",
    "GuidanceCommittee",
    "GuidanceDecision",
    "GuidanceMeeting",
    "GuidanceMember",
    "LeaderContact",
    "Participant",
    "PartyMember",
    "PartyOrganization",
    "ResidentGroup",
    "ResidentsCommittee",
    "ResponsibilityAssignment",
    "SocialOrganization",
    "StationedUnit",
    "Subcommittee",
]


# Bounds of issue #12 ("implausible values accepted"). What happened is not in the future and not before the
# founding of the PRC (1949: the first residents' committee) or of the party (1921, for a member's joining); what is
# planned (a term, an election, an activity) at most a year ahead and a term's end at most ten. Counts have the
# limits of a community: no committee term beyond the 100th, no electorate beyond a million.
EARLIEST_YEAR = 1949
PARTY_FOUNDED = 1921
PLANNED_YEARS = 1
TERM_END_YEARS = 10
MAX_TERM_NUMBER = 100
MAX_ELECTORATE = 1_000_000
MAX_GROUP_HOUSEHOLDS = 10_000
MAX_FUNDS = Decimal("100000000")  # yuan: one hundred million
HAPPENED = [not_before(EARLIEST_YEAR), not_in_future()]
PLANNED = [not_before(EARLIEST_YEAR), within_years(future=PLANNED_YEARS)]


# ---- party organisations (ORG-1) -------------------------------------------------------------------------------


class PartyOrganization(Linked, DivisionRecord):
    """One organisation of the party tree: a street working committee at the street, down to building groups."""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=PartyOrganizationKind.choices)
    name = models.CharField(_("name"), max_length=100)
    co_building = models.BooleanField(
        _("co-building member"), default=False, help_text=_("A unit's organisation that joined the community's.")
    )

    class Meta:
        verbose_name = _("party organisation")
        verbose_name_plural = _("party organisations")
        ordering = ["division_code", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.parent_id and self.division_id and not self.division.code.startswith(self.parent.division.prefix):
            raise ValidationError({"parent": _("The parent organisation must be in the same or a higher division.")})


class PartyMember(Linked, ScopedModel):
    """A member of a party organisation, with the secretary and committee roles (ORG-1)."""

    organization = models.ForeignKey(
        PartyOrganization, verbose_name=_("party organisation"), on_delete=models.CASCADE, related_name="members"
    )
    name = models.CharField(_("name"), max_length=50)
    role = models.CharField(_("role"), max_length=20, choices=PartyRole.choices, default=PartyRole.MEMBER)
    joined_on = models.DateField(
        _("joined on"), null=True, blank=True, validators=[not_before(PARTY_FOUNDED), not_in_future()]
    )
    scope_parent = "organization"

    class Meta:
        verbose_name = _("party member")
        verbose_name_plural = _("party members")
        ordering = ["division_code", "organization", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name", "role"], name="organizations_partymember_once"),
        ]

    def __str__(self):
        return self.name


# ---- residents' committees (ORG-2, ORG-3) ----------------------------------------------------------------------


class ResidentsCommittee(Linked, CommunityRecord):
    """One term of a community's residents' committee; the current term is the one that covers today."""

    term_number = models.PositiveSmallIntegerField(
        _("term number"), validators=[MinValueValidator(1), MaxValueValidator(MAX_TERM_NUMBER)]
    )
    term_start = models.DateField(_("term start"), validators=PLANNED)
    term_end = models.DateField(
        _("term end"),
        null=True,
        blank=True,
        validators=[not_before(EARLIEST_YEAR), within_years(future=TERM_END_YEARS)],
    )

    class Meta:
        verbose_name = _("residents' committee")
        verbose_name_plural = _("residents' committees")
        ordering = ["division_code", "-term_start"]
        constraints = [
            models.UniqueConstraint(fields=["community", "term_number"], name="organizations_committee_term_once"),
        ]

    def __str__(self):
        return _("{community} committee, term {term}").format(community=self.community.name, term=self.term_number)

    def clean(self):
        if self.term_end and self.term_start and self.term_end < self.term_start:
            raise ValidationError({"term_end": _("The term cannot end before it starts.")})

    def is_current(self, day=None) -> bool:
        day = day or timezone.localdate()
        return self.term_start <= day and (self.term_end is None or day <= self.term_end)


class CommitteeMember(Linked, ScopedModel):
    """A member of one committee term with a position (ORG-3 counts 5–9 of them)."""

    committee = models.ForeignKey(
        ResidentsCommittee, verbose_name=_("residents' committee"), on_delete=models.CASCADE, related_name="members"
    )
    name = models.CharField(_("name"), max_length=50)
    position = models.CharField(_("position"), max_length=20, choices=CommitteePosition.choices)
    resident = resident_link()
    party_member = models.BooleanField(_("party member"), default=False)
    full_time = models.BooleanField(_("full-time"), default=True)
    scope_parent = "committee"

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["division_code", "committee", "position", "name"]
        constraints = [
            # Bad input of issue #4: the same person appointed twice to one post.
            models.UniqueConstraint(
                fields=["committee", "name", "position"],
                name="organizations_member_post_once",
                violation_error_message=_("This person already holds this post in this committee term."),
            ),
        ]

    def __str__(self):
        return f"{self.name}（{self.get_position_display()}）"

    def clean(self):
        if self.committee_id:
            check_resident_in(self, self.committee.division_code)


class Election(Linked, ScopedModel):
    """The election of one committee term: electorate, votes cast, result."""

    committee = models.ForeignKey(
        ResidentsCommittee, verbose_name=_("residents' committee"), on_delete=models.CASCADE, related_name="elections"
    )
    held_on = models.DateField(_("held on"), validators=PLANNED)
    electorate = models.PositiveIntegerField(
        _("registered voters"), validators=[MinValueValidator(1), MaxValueValidator(MAX_ELECTORATE)]
    )
    votes_cast = models.PositiveIntegerField(_("votes cast"), validators=[MaxValueValidator(MAX_ELECTORATE)])
    result = models.TextField(_("result"), blank=True)
    scope_parent = "committee"

    class Meta:
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        ordering = ["division_code", "-held_on"]

    def __str__(self):
        return f"{self.committee} {self.held_on:%Y-%m-%d}"

    def clean(self):
        if self.electorate is not None and self.votes_cast is not None and self.votes_cast > self.electorate:
            raise ValidationError({"votes_cast": _("More votes than registered voters.")})
        if self.votes_cast and self.held_on and self.held_on > timezone.localdate():
            raise ValidationError({"votes_cast": _("An election that has not been held yet has no votes cast.")})

    @property
    def turnout(self) -> str:
        return f"{self.votes_cast / self.electorate:.1%}" if self.electorate else ""


class Subcommittee(Linked, ScopedModel):
    """One of the five subcommittees of a committee term, with its members (ORG-3)."""

    committee = models.ForeignKey(
        ResidentsCommittee,
        verbose_name=_("residents' committee"),
        on_delete=models.CASCADE,
        related_name="subcommittees",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=SubcommitteeKind.choices)
    members = models.ManyToManyField(CommitteeMember, verbose_name=_("members"), blank=True, related_name="+")
    scope_parent = "committee"

    class Meta:
        verbose_name = _("subcommittee")
        verbose_name_plural = _("subcommittees")
        ordering = ["division_code", "committee", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "kind"], name="organizations_subcommittee_once"),
        ]

    def __str__(self):
        return f"{self.committee.community.name} · {self.get_kind_display()}"


class CommitteeDecision(Linked, CommunityRecord):
    """The district's decision to establish, abolish, resize or re-bound a committee, and its filing (ORG-2)."""

    kind = models.CharField(_("kind"), max_length=20, choices=DecisionKind.choices)
    document_number = models.CharField(_("document number"), max_length=60)
    decided_on = models.DateField(_("decided on"), validators=HAPPENED)
    filed_on = models.DateField(
        _("filed with the city on"),
        null=True,
        blank=True,
        help_text=_("Empty: not yet filed (备案)."),
        validators=HAPPENED,
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("committee decision")
        verbose_name_plural = _("committee decisions")
        ordering = ["division_code", "-decided_on"]

    def __str__(self):
        return self.document_number

    def clean(self):
        if self.filed_on and self.decided_on and self.filed_on < self.decided_on:
            raise ValidationError({"filed_on": _("A decision cannot be filed before it is made.")})


# ---- groups, building heads, participants (ORG-4) --------------------------------------------------------------


class ResidentGroup(Linked, CommunityRecord):
    """A resident group (居民小组) with its leader and the households it covers; one per 300–500 households."""

    name = models.CharField(_("name"), max_length=60)
    leader_name = models.CharField(_("leader"), max_length=50, blank=True)
    leader = resident_link(_("leader (resident)"))
    households = models.PositiveIntegerField(
        _("households covered"), default=0, validators=[MaxValueValidator(MAX_GROUP_HOUSEHOLDS)]
    )

    class Meta:
        verbose_name = _("resident group")
        verbose_name_plural = _("resident groups")
        ordering = ["division_code", "name"]
        constraints = [models.UniqueConstraint(fields=["community", "name"], name="organizations_group_name_once")]

    def __str__(self):
        return self.name

    def clean(self):
        if self.community_id:
            check_resident_in(self, self.community.code, "leader")


class BuildingHead(Linked, ScopedModel):
    """The building head (楼栋长) of one building (ORG-4)."""

    building = models.ForeignKey(
        "places.Building", verbose_name=_("building"), on_delete=models.CASCADE, related_name="heads"
    )
    name = models.CharField(_("name"), max_length=50)
    resident = resident_link()
    since = models.DateField(_("since"), null=True, blank=True, validators=HAPPENED)
    scope_parent = "building"

    class Meta:
        verbose_name = _("building head")
        verbose_name_plural = _("building heads")
        ordering = ["division_code", "building", "name"]
        constraints = [models.UniqueConstraint(fields=["building", "name"], name="organizations_head_once")]

    def __str__(self):
        return self.name

    def clean(self):
        if self.building_id:
            check_resident_in(self, self.building.division_code)


class Participant(Linked, CommunityRecord):
    """A residents' council member or a "five elders" participant (ORG-4)."""

    kind = models.CharField(_("kind"), max_length=20, choices=ParticipantKind.choices)
    name = models.CharField(_("name"), max_length=50)
    resident = resident_link()
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("council or five-elders participant")
        verbose_name_plural = _("council and five-elders participants")
        ordering = ["division_code", "kind", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.community_id:
            check_resident_in(self, self.community.code)


# ---- social organisations and stationed units (ORG-5, ORG-6) ---------------------------------------------------


class SocialOrganization(Linked, CommunityRecord):
    """A community social organisation with the support the community gives it (ORG-5)."""

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=SocialOrganizationKind.choices)
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, blank=True, validators=[validate_credit_code]
    )
    venue_support = models.BooleanField(_("venue provided"), default=False)
    funds_support = models.DecimalField(
        _("funds provided (yuan)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(0), MaxValueValidator(MAX_FUNDS)],
    )
    contact = models.CharField(_("contact person"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("social organisation")
        verbose_name_plural = _("social organisations")
        ordering = ["division_code", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"], condition=~models.Q(credit_code=""), name="organizations_credit_code_once"
            ),
        ]

    def __str__(self):
        return self.name


class StationedUnit(Linked, CommunityRecord):
    """A unit stationed in the community: what it shares and contributes (ORG-6)."""

    name = models.CharField(_("name"), max_length=100)
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, blank=True, validators=[validate_credit_code]
    )
    resources_shared = models.TextField(_("resources shared"), blank=True)
    contributions = models.TextField(_("contributions"), blank=True)

    class Meta:
        verbose_name = _("stationed unit")
        verbose_name_plural = _("stationed units")
        ordering = ["division_code", "name"]

    def __str__(self):
        return self.name


class CoBuildingActivity(Linked, ScopedModel):
    """A co-building activity of a stationed unit with the community (ORG-6)."""

    unit = models.ForeignKey(
        StationedUnit, verbose_name=_("stationed unit"), on_delete=models.CASCADE, related_name="activities"
    )
    held_on = models.DateField(_("held on"), validators=PLANNED)
    title = models.CharField(_("title"), max_length=100)
    contribution = models.TextField(_("contribution"), blank=True)
    scope_parent = "unit"

    class Meta:
        verbose_name = _("co-building activity")
        verbose_name_plural = _("co-building activities")
        ordering = ["division_code", "-held_on"]

    def __str__(self):
        return self.title


# ---- multi-channel investment (FIN-4) --------------------------------------------------------------------------

MAX_CONTRIBUTION = Decimal("99999999.99")  # yuan
MAX_CONTRIBUTION_TEXT = 2000


class Contribution(Linked, CommunityRecord):
    """One contribution to a community's building (多渠道投入, FIN-4): from a stationed unit, a social organisation,
    social capital (an enterprise or an investor) or an individual; funds, goods, a venue, a paid or free service or
    volunteer labour, valued in yuan (a free service at what it would have cost), linked where it can be to the
    unit, the organisation and the co-building activity already registered, and noted as entered in the street's
    ledger or not. `summary.totals` adds them up per community, channel and form."""

    channel = models.CharField(_("channel"), max_length=30, choices=ContributionChannel.choices)
    contributor = models.CharField(
        _("contributor"), max_length=100, help_text=_("The unit, organisation, enterprise or person who contributed.")
    )
    unit = models.ForeignKey(
        StationedUnit,
        verbose_name=_("stationed unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contribution_records",
    )
    social_organization = models.ForeignKey(
        SocialOrganization,
        verbose_name=_("social organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contribution_records",
    )
    activity = models.ForeignKey(
        CoBuildingActivity,
        verbose_name=_("co-building activity"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contribution_records",
        help_text=_("An activity of the linked stationed unit."),
    )
    form = models.CharField(_("form of contribution"), max_length=20, choices=ContributionForm.choices)
    description = models.TextField(_("description"), blank=True, validators=[MaxLengthValidator(MAX_CONTRIBUTION_TEXT)])
    value = models.DecimalField(
        _("value (yuan)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_CONTRIBUTION)],
        help_text=_("A free service or volunteer labour is valued at what it would have cost."),
    )
    contributed_on = models.DateField(_("contributed on"), validators=HAPPENED)
    in_street_ledger = models.BooleanField(
        _("entered in the street ledger"), default=False, help_text=_("Recorded in the street's ledger (台账).")
    )
    note = models.TextField(_("note"), blank=True, validators=[MaxLengthValidator(MAX_CONTRIBUTION_TEXT)])

    class Meta:
        verbose_name = _("contribution record")
        verbose_name_plural = _("contribution records")
        ordering = ["division_code", "-contributed_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "channel", "contributor", "form", "contributed_on"],
                name="organizations_contribution_once",
                violation_error_message=_("This contribution is already registered for this day."),
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=0) & models.Q(value__lte=MAX_CONTRIBUTION),
                name="organizations_contribution_value_bounds",
            ),
        ]

    def __str__(self):
        return f"{self.contributor} · {self.get_form_display()} · {self.contributed_on:%Y-%m-%d}"

    def clean(self):
        errors = {}
        community = self.community if self.community_id else None
        unit = self.unit if self.unit_id else None
        organization = self.social_organization if self.social_organization_id else None
        for name, linked in (("unit", unit), ("social_organization", organization)):
            if linked is not None and community is not None and linked.community_id != community.pk:
                errors[name] = _("{field}: it belongs to another community ({community}).").format(
                    field=self._meta.get_field(name).verbose_name, community=linked.community.name
                )
        if unit is not None and self.channel != ContributionChannel.STATIONED_UNIT:
            errors.setdefault("unit", _("Stationed unit: only a contribution of a stationed unit is linked to one."))
        if organization is not None and self.channel != ContributionChannel.SOCIAL_ORGANIZATION:
            errors.setdefault(
                "social_organization",
                _("Social organisation: only a contribution of a social organisation is linked to one."),
            )
        if self.activity_id and (unit is None or self.activity.unit_id != unit.pk):
            errors["activity"] = _("Co-building activity: it is not an activity of the linked stationed unit.")
        if self.form == ContributionForm.FREE_SERVICE and self.value is not None and self.value <= 0:
            errors["value"] = _("Value: a free service is valued at what it would have cost.")
        if errors:
            raise ValidationError(errors)


# ---- guidance (GUAR-1) -----------------------------------------------------------------------------------------


class GuidanceCommittee(Linked, DivisionRecord):
    """The community-building guidance committee of a city or district, with its office (in civil affairs)."""

    name = models.CharField(_("name"), max_length=100)
    office = models.CharField(_("office"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("guidance committee")
        verbose_name_plural = _("guidance committees")
        ordering = ["division_code", "name"]

    def __str__(self):
        return self.name


class GuidanceMember(Linked, ScopedModel):
    committee = models.ForeignKey(
        GuidanceCommittee, verbose_name=_("guidance committee"), on_delete=models.CASCADE, related_name="members"
    )
    name = models.CharField(_("name"), max_length=50)
    position = models.CharField(_("position"), max_length=60)
    unit = models.CharField(_("unit"), max_length=100, blank=True)
    scope_parent = "committee"

    class Meta:
        verbose_name = _("guidance committee member")
        verbose_name_plural = _("guidance committee members")
        ordering = ["division_code", "committee", "name"]

    def __str__(self):
        return self.name


MAX_MEETING_TEXT = 5000


class GuidanceMeeting(Linked, ScopedModel):
    """A joint meeting (联席会议) of a guidance committee (GUAR-1): when and where, who attended, the minutes. Its
    decisions follow it (`GuidanceDecision`)."""

    committee = models.ForeignKey(
        GuidanceCommittee, verbose_name=_("guidance committee"), on_delete=models.CASCADE, related_name="meetings"
    )
    held_on = models.DateField(_("held on"), validators=HAPPENED)
    title = models.CharField(_("title"), max_length=100)
    place = models.CharField(_("place"), max_length=100, blank=True)
    attendees = models.TextField(
        _("attendees"), validators=[MaxLengthValidator(2000)], help_text=_("Names and units, separated by commas.")
    )
    minutes = models.TextField(_("minutes"), blank=True, validators=[MaxLengthValidator(MAX_MEETING_TEXT)])
    scope_parent = "committee"

    class Meta:
        verbose_name = _("guidance committee meeting")
        verbose_name_plural = _("guidance committee meetings")
        ordering = ["division_code", "-held_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "held_on", "title"],
                name="organizations_guidancemeeting_unique_title",
                violation_error_message=_("The committee already has a meeting of this title on this day."),
            )
        ]

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} {self.title}"


class GuidanceDecision(Linked, ScopedModel):
    """A decision of a guidance committee's joint meeting (GUAR-1), with who is responsible for it, by when, and
    its follow-up to completion."""

    meeting = models.ForeignKey(
        GuidanceMeeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="decisions"
    )
    text = models.TextField(_("what was decided"), validators=[MaxLengthValidator(MAX_MEETING_TEXT)])
    responsible = models.CharField(
        _("responsible"), max_length=100, help_text=_("The unit or person who carries it out.")
    )
    deadline = models.DateField(_("deadline to carry out"), null=True, blank=True, validators=PLANNED)
    follow_up = models.CharField(
        _("follow-up"), max_length=20, choices=FollowUpStatus.choices, default=FollowUpStatus.PENDING
    )
    done_on = models.DateField(_("carried out on"), null=True, blank=True, validators=HAPPENED)
    follow_up_note = models.TextField(
        _("how it was carried out"), blank=True, validators=[MaxLengthValidator(MAX_MEETING_TEXT)]
    )
    scope_parent = "meeting"

    class Meta:
        verbose_name = _("guidance committee decision")
        verbose_name_plural = _("guidance committee decisions")
        ordering = ["division_code", "-meeting__held_on", "-id"]

    def __str__(self):
        return f"{self.meeting} · {self.text[:30]}"

    def clean(self):
        errors = {}
        meeting = self.meeting if self.meeting_id else None
        if self.follow_up == FollowUpStatus.DONE and not self.done_on:
            errors["done_on"] = _("Carried out on: give the day it was carried out.")
        if self.done_on and self.follow_up != FollowUpStatus.DONE:
            errors["follow_up"] = _("Follow-up: a decision carried out is marked as carried out.")
        if meeting is not None and self.deadline and self.deadline < meeting.held_on:
            errors["deadline"] = _("Deadline: it lies before the meeting ({day}).").format(
                day=f"{meeting.held_on:%Y-%m-%d}"
            )
        if meeting is not None and self.done_on and self.done_on < meeting.held_on:
            errors["done_on"] = _("Carried out on: it lies before the meeting ({day}).").format(
                day=f"{meeting.held_on:%Y-%m-%d}"
            )
        if errors:
            raise ValidationError(errors)


class ResponsibilityAssignment(Linked, DivisionRecord):
    """A link of the responsibility chain (GUAR-1) as the assignment of a named person: the district party secretary
    first responsible for the district's community building, the street party secretary directly responsible for
    the street's, from one day until another (or until now). A community's chain is its district's and its
    street's current assignments (`chain_of`)."""

    responsibility = models.CharField(_("responsibility"), max_length=20, choices=Responsibility.choices)
    person_name = models.CharField(_("name of the person"), max_length=50)
    position = models.CharField(
        _("position"), max_length=100, help_text=_("E.g. secretary of the district party committee.")
    )
    since = models.DateField(_("since"), validators=HAPPENED)
    until = models.DateField(_("until"), null=True, blank=True, validators=HAPPENED, help_text=_("Empty: to this day."))

    class Meta:
        verbose_name = _("responsibility assignment")
        verbose_name_plural = _("responsibility chain")
        ordering = ["division_code", "responsibility", "-since"]
        constraints = [
            models.UniqueConstraint(
                fields=["division", "responsibility", "since"],
                name="organizations_responsibility_unique_since",
                violation_error_message=_("The division already has this responsibility assigned from this day."),
            )
        ]

    def __str__(self):
        return f"{self.get_responsibility_display()} · {self.person_name}"

    def clean(self):
        errors = {}
        if self.division_id and self.responsibility in Responsibility.values:
            level = Responsibility(self.responsibility).level
            if self.division.level != level:
                errors["division"] = _("Division: this responsibility is held for a {level}.").format(level=level.label)
        if self.since and self.until and self.until < self.since:
            errors["until"] = _("Until: it lies before the day the assignment began.")
        if not errors and self.division_id and self.since:
            others = ResponsibilityAssignment.objects.unscoped("one holder at a time").filter(
                division_id=self.division_id, responsibility=self.responsibility
            )
            # The same division, responsibility and day is this very assignment (the unique constraint's business,
            # and an import's re-reading of it).
            others = others.exclude(since=self.since)
            if self.pk is not None:
                others = others.exclude(pk=self.pk)
            overlap = others.filter(models.Q(until__isnull=True) | models.Q(until__gte=self.since))
            if self.until is not None:
                overlap = overlap.filter(since__lte=self.until)
            holder = overlap.first()
            if holder is not None:
                errors["since"] = _("Since: {name} holds this responsibility then; end that assignment first.").format(
                    name=holder.person_name
                )
        if errors:
            raise ValidationError(errors)

    @classmethod
    def chain_of(cls, community, day=None) -> list["ResponsibilityAssignment"]:
        """The community's chain on `day` (today by default): its district's first responsible, then its street's
        directly responsible, as far as they are assigned."""
        day = day or timezone.localdate()
        street = community.parent
        district = street.parent if street is not None else None
        chain = []
        for division, responsibility in ((district, Responsibility.FIRST), (street, Responsibility.DIRECT)):
            if division is None:
                continue
            current = (
                cls.objects.unscoped("the chain shown on a community")
                .filter(division=division, responsibility=responsibility, since__lte=day)
                .filter(models.Q(until__isnull=True) | models.Q(until__gte=day))
                .order_by("-since")
                .first()
            )
            if current is not None:
                chain.append(current)
        return chain


class LeaderContact(Linked, CommunityRecord):
    """A leader's contact community (联系点), GUAR-1."""

    leader_name = models.CharField(_("leader"), max_length=50)
    leader_position = models.CharField(_("leader's position"), max_length=100)
    since = models.DateField(_("since"), null=True, blank=True, validators=HAPPENED)

    class Meta:
        verbose_name = _("leader's contact community")
        verbose_name_plural = _("leaders' contact communities")
        ordering = ["division_code", "leader_name"]

    def __str__(self):
        return f"{self.leader_name} · {self.community.name}"
