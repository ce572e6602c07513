"""Safe community (issue #17): police rooms and officers, joint-defence teams, patrol areas assigned to persons and
patrol records (GOV-1); surveillance devices and their status reports (GOV-2); people's mediation: dispute cases and
their parties (GOV-3).

Parties' phones and ID numbers are personal data (DESIGN.md §5): stored only as SM4-GCM ciphertext, an HMAC-SM3
blind index and a masked form, as the population register stores them; names are kept in plain text.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from shequ.core.dates import not_before, not_in_future, within_years
from shequ.core.models import CommunityRecord, Linked, ProtectedValuesMixin, ScopedModel
from shequ.organizations.choices import CommitteePosition, SubcommitteeKind
from shequ.organizations.models import Subcommittee
from shequ.safety.choices import (
    ActivityKind,
    DeviceKind,
    DeviceStatus,
    DisputeKind,
    HelperRole,
    HelpKind,
    HelpStatus,
    MediationOutcome,
    MediationStage,
    OfficerKind,
    PartyRole,
    PlaceKind,
    ReinspectionResult,
)
from shequ.safety.querysets import FireInspectionQuerySet

__all__ = [
    "DeviceStatusReport",
    "DisputeCase",
    "DisputeParty",
    "FireInspection",
    "HelpEducationCase",
    "HelpGroupMember",
    "HelpVisit",
    "JointDefenceMember",
    "JointDefenceTeam",
    "PatrolArea",
    "PatrolRecord",
    "PoliceOfficer",
    "PoliceRoom",
    "SafetyActivity",
    "SurveillanceDevice",
    "VideoPlatformClient",
    "with_visit_days",
]

# Bounds of issue #12 ("implausible values accepted"): community policing (社区警务) and joint defence date from the
# 1990s, the People's Mediation Law from 2010; this platform keeps this century's records. What happened is not in
# the future; a patrol lasts at most a day; a case's deadline lies at most a year ahead.
EARLIEST_YEAR = 2000
HAPPENED = [not_before(EARLIEST_YEAR), not_in_future()]
PLANNED = [not_before(EARLIEST_YEAR), within_years(future=1)]
MAX_PATROL = timedelta(hours=24)


def _other_community(record, field: str, community_id) -> bool:
    other = getattr(record, f"{field}_id")
    return bool(other and community_id and getattr(record, field).community_id != community_id)


# ---- police rooms and joint defence (GOV-1) ------------------------------------------------------------------------


class PoliceRoom(Linked, CommunityRecord):
    """A community police room (社区警务室) (GOV-1)."""

    name = models.CharField(_("name"), max_length=100)
    address = models.CharField(_("address"), max_length=200, blank=True)
    opened_on = models.DateField(_("opened on"), null=True, blank=True, validators=HAPPENED)

    class Meta:
        verbose_name = _("police room")
        verbose_name_plural = _("police rooms")
        ordering = ["division_code", "name"]
        constraints = [models.UniqueConstraint(fields=["community", "name"], name="safety_policeroom_unique_name")]

    def __str__(self):
        return self.name


class PoliceOfficer(Linked, ScopedModel):
    """A community police officer of a police room; one may hold the residents' committee's post of deputy director
    for security (兼任居委会治保副主任), linked to that committee member (GOV-1)."""

    room = models.ForeignKey(
        PoliceRoom, verbose_name=_("police room"), on_delete=models.CASCADE, related_name="officers"
    )
    name = models.CharField(_("full name"), max_length=50)
    kind = models.CharField(_("kind"), max_length=20, choices=OfficerKind.choices, default=OfficerKind.OFFICER)
    badge_number = models.CharField(_("badge number"), max_length=20, blank=True)
    committee_member = models.ForeignKey(
        "organizations.CommitteeMember",
        verbose_name=_("committee post"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The deputy director's post this officer holds in the community's residents' committee."),
    )
    since = models.DateField(_("since"), null=True, blank=True, validators=HAPPENED)
    scope_parent = "room"

    class Meta:
        verbose_name = _("police officer")
        verbose_name_plural = _("police officers")
        ordering = ["division_code", "room", "name"]
        constraints = [models.UniqueConstraint(fields=["room", "name"], name="safety_policeofficer_unique_name")]

    def __str__(self):
        return self.name

    def clean(self):
        if self.committee_member_id and self.room_id:
            member = self.committee_member
            if member.division_code != self.room.division_code:
                raise ValidationError({"committee_member": _("The committee member belongs to another community.")})
            if member.position != CommitteePosition.DEPUTY_DIRECTOR:
                raise ValidationError(
                    {"committee_member": _("An officer can hold only a deputy director's post in the committee.")}
                )


class JointDefenceTeam(Linked, CommunityRecord):
    """A joint-defence team (群防群治队伍 / 联防队) of the community (GOV-1)."""

    name = models.CharField(_("name"), max_length=100)
    leader_name = models.CharField(_("leader"), max_length=50, blank=True)
    founded_on = models.DateField(_("founded on"), null=True, blank=True, validators=HAPPENED)

    class Meta:
        verbose_name = _("joint-defence team")
        verbose_name_plural = _("joint-defence teams")
        ordering = ["division_code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["community", "name"], name="safety_jointdefenceteam_unique_name")
        ]

    def __str__(self):
        return self.name


class JointDefenceMember(Linked, ScopedModel):
    """A member of a joint-defence team (GOV-1)."""

    team = models.ForeignKey(
        JointDefenceTeam, verbose_name=_("joint-defence team"), on_delete=models.CASCADE, related_name="members"
    )
    name = models.CharField(_("full name"), max_length=50)
    joined_on = models.DateField(_("joined on"), null=True, blank=True, validators=HAPPENED)
    active = models.BooleanField(_("active"), default=True)
    scope_parent = "team"

    class Meta:
        verbose_name = _("joint-defence member")
        verbose_name_plural = _("joint-defence members")
        ordering = ["division_code", "team", "name"]
        constraints = [models.UniqueConstraint(fields=["team", "name"], name="safety_jointdefencemember_unique_name")]

    def __str__(self):
        return self.name


class PatrolArea(Linked, CommunityRecord):
    """A patrol area (巡防片区) assigned to a person responsible (分片负责), optionally a residential area and the
    team that patrols it (GOV-1)."""

    name = models.CharField(_("name"), max_length=100)
    person_in_charge = models.CharField(_("person in charge"), max_length=50)
    residential_area = models.ForeignKey(
        "places.ResidentialArea",
        verbose_name=_("residential area"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    team = models.ForeignKey(
        JointDefenceTeam,
        verbose_name=_("joint-defence team"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="areas",
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("patrol area")
        verbose_name_plural = _("patrol areas")
        ordering = ["division_code", "name"]
        constraints = [models.UniqueConstraint(fields=["community", "name"], name="safety_patrolarea_unique_name")]

    def __str__(self):
        return self.name

    def clean(self):
        if _other_community(self, "residential_area", self.community_id):
            raise ValidationError({"residential_area": _("The residential area belongs to another community.")})
        if _other_community(self, "team", self.community_id):
            raise ValidationError({"team": _("The joint-defence team belongs to another community.")})


class PatrolRecord(Linked, ScopedModel):
    """One patrol of a patrol area: when, by whom, what was found (GOV-1)."""

    area = models.ForeignKey(
        PatrolArea, verbose_name=_("patrol area"), on_delete=models.CASCADE, related_name="patrols"
    )
    started_at = models.DateTimeField(_("started"), validators=HAPPENED)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True, validators=HAPPENED)
    patrollers = models.CharField(_("patrollers"), max_length=200)
    findings = models.TextField(_("findings"), blank=True)
    scope_parent = "area"

    class Meta:
        verbose_name = _("patrol record")
        verbose_name_plural = _("patrol records")
        ordering = ["division_code", "-started_at"]
        constraints = [models.UniqueConstraint(fields=["area", "started_at"], name="safety_patrolrecord_unique_start")]

    def __str__(self):
        return f"{self.area} {timezone.localtime(self.started_at):%Y-%m-%d %H:%M}"

    def clean(self):
        if self.ended_at and self.started_at and self.ended_at < self.started_at:
            raise ValidationError({"ended_at": _("A patrol cannot end before it starts.")})
        if self.ended_at and self.started_at and self.ended_at - self.started_at > MAX_PATROL:
            raise ValidationError({"ended_at": _("A patrol lasts at most 24 hours.")})


# ---- people's mediation (GOV-3) ------------------------------------------------------------------------------------


class DisputeCase(Linked, CommunityRecord):
    """A dispute brought to the community's people's mediation committee (GOV-3): its stage, deadline, mediator (a
    member of the mediation subcommittee), outcome and agreement; made from a work order by
    `services.case_from_order`."""

    number = models.CharField(_("case number"), max_length=40)
    title = models.CharField(_("title"), max_length=100)
    kind = models.CharField(_("kind of dispute"), max_length=20, choices=DisputeKind.choices)
    summary = models.TextField(_("summary"), blank=True)
    opened_on = models.DateField(_("opened on"), validators=HAPPENED)
    deadline = models.DateField(_("deadline"), validators=PLANNED)
    stage = models.CharField(_("stage"), max_length=20, choices=MediationStage.choices, default=MediationStage.ACCEPTED)
    mediator = models.ForeignKey(
        "organizations.CommitteeMember",
        verbose_name=_("mediator"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=MediationOutcome.choices, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True, validators=HAPPENED)
    agreement = models.TextField(_("agreement"), blank=True, help_text=_("The terms the parties agreed."))
    work_order = models.OneToOneField(
        "workorders.WorkOrder",
        verbose_name=_("work order"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        verbose_name = _("dispute case")
        verbose_name_plural = _("dispute cases")
        ordering = ["division_code", "-opened_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["community", "number"], name="safety_disputecase_unique_number")]

    def __str__(self):
        return f"{self.number} {self.title}"

    def clean(self):
        errors = {}
        if self.opened_on and self.deadline and self.deadline < self.opened_on:
            errors["deadline"] = _("The deadline cannot be before the case is opened.")
        if self.opened_on and self.closed_on and self.closed_on < self.opened_on:
            errors["closed_on"] = _("A case cannot be closed before it is opened.")
        if self.stage == MediationStage.CLOSED and not self.outcome:
            errors["outcome"] = _("A closed case needs its outcome.")
        if self.stage == MediationStage.CLOSED and not self.closed_on:
            errors["closed_on"] = _("A closed case needs the day it was closed.")
        if self.stage != MediationStage.CLOSED and (self.outcome or self.closed_on):
            errors["stage"] = _("Only a closed case has an outcome and a closing day.")
        if self.outcome == MediationOutcome.AGREEMENT and not self.agreement.strip():
            errors["agreement"] = _("Write down the terms the parties agreed.")
        if self.mediator_id and self.community_id:
            errors.update(self._mediator_errors())
        if errors:
            raise ValidationError(errors)

    def _mediator_errors(self) -> dict:
        member = self.mediator
        if member.division_code != self.community.code:
            return {"mediator": _("The mediator belongs to another community.")}
        mediators = Subcommittee.objects.filter(
            committee_id=member.committee_id, kind=SubcommitteeKind.MEDIATION, members=member
        )
        if not mediators.exists():
            return {"mediator": _("The mediator is not a member of the people's mediation subcommittee.")}
        return {}

    @property
    def overdue(self) -> bool:
        return self.stage != MediationStage.CLOSED and self.deadline < timezone.localdate()


def _protected(name: str, label) -> dict:
    """The three columns of one protected value (DESIGN.md §5), as the population register keeps them."""
    return {
        f"{name}_encrypted": models.TextField(
            format_lazy(_("{label} (encrypted)"), label=label), blank=True, editable=False
        ),
        f"{name}_digest": models.CharField(
            format_lazy(_("{label} (index)"), label=label), max_length=64, blank=True, editable=False, db_index=True
        ),
        f"{name}_masked": models.CharField(label, max_length=100, blank=True, editable=False),
    }


class DisputeParty(Linked, ProtectedValuesMixin, ScopedModel):
    """A party to a dispute case: name and role in plain text; phone and ID number encrypted, indexed and masked
    (GOV-3, DESIGN.md §5)."""

    case = models.ForeignKey(
        DisputeCase, verbose_name=_("dispute case"), on_delete=models.CASCADE, related_name="parties"
    )
    role = models.CharField(_("role"), max_length=20, choices=PartyRole.choices, default=PartyRole.APPLICANT)
    name = models.CharField(_("full name"), max_length=50)
    locals().update(_protected("phone", _("phone")))
    locals().update(_protected("id_number", _("ID number")))
    scope_parent = "case"
    fail_closed = True
    changelog_exclude = ("phone_encrypted", "phone_digest", "id_number_encrypted", "id_number_digest")

    class Meta:
        verbose_name = _("dispute party")
        verbose_name_plural = _("dispute parties")
        ordering = ["division_code", "case", "role", "name"]
        constraints = [models.UniqueConstraint(fields=["case", "name"], name="safety_disputeparty_unique_name")]

    def __str__(self):
        return f"{self.name}（{self.get_role_display()}）"


# ---- surveillance (GOV-2) ------------------------------------------------------------------------------------------


class SurveillanceDevice(Linked, CommunityRecord):
    """A surveillance device (视频监控等技防设施) with its location — a residential area or a named public area —
    type and status (GOV-2). Its status is that of its latest report (`DeviceStatusReport`), kept here for the
    coverage check; a device is counted as covering its place while it is online."""

    code = models.CharField(_("device code"), max_length=40, unique=True, help_text=_("The video platform's code."))
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("device type"), max_length=20, choices=DeviceKind.choices, default=DeviceKind.CAMERA)
    residential_area = models.ForeignKey(
        "places.ResidentialArea",
        verbose_name=_("residential area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    public_area = models.CharField(
        _("public area"), max_length=100, blank=True, help_text=_("A street, square or park outside residential areas.")
    )
    status = models.CharField(_("status"), max_length=20, choices=DeviceStatus.choices, default=DeviceStatus.ONLINE)
    installed_on = models.DateField(_("installed on"), null=True, blank=True, validators=HAPPENED)

    class Meta:
        verbose_name = _("surveillance device")
        verbose_name_plural = _("surveillance devices")
        ordering = ["division_code", "code"]

    def __str__(self):
        return f"{self.code} {self.name}"

    def clean(self):
        if _other_community(self, "residential_area", self.community_id):
            raise ValidationError({"residential_area": _("The residential area belongs to another community.")})
        if bool(self.residential_area_id) == bool(self.public_area.strip()):
            raise ValidationError(
                {"public_area": _("Give either the residential area or the public area where the device is.")}
            )

    @property
    def location(self) -> str:
        return str(self.residential_area) if self.residential_area_id else self.public_area


class VideoPlatformClient(models.Model):
    """A video platform that posts device status reports (GOV-2), authenticated as an Open311 client is: by its own
    key, stored only as a SHA-256 digest (`manage.py video_platform_key`), and allowed to report only for the
    devices within its division (a district's platform, the city's)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    division = models.ForeignKey(
        "regions.Division",
        verbose_name=_("reports for"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The division whose devices it may report for."),
    )
    key_digest = models.CharField(_("key digest"), max_length=64, unique=True, editable=False)
    active = models.BooleanField(_("active"), default=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("video platform client")
        verbose_name_plural = _("video platform clients")
        ordering = ["name"]

    def __str__(self):
        return self.name


class DeviceStatusReport(Linked, ScopedModel):
    """A device's status at a moment, reported by hand or through the API (GOV-2); the latest sets the device's
    status, and uptime over a period is read from the reports (`surveillance.uptime`)."""

    device = models.ForeignKey(
        SurveillanceDevice, verbose_name=_("surveillance device"), on_delete=models.CASCADE, related_name="reports"
    )
    status = models.CharField(_("status"), max_length=20, choices=DeviceStatus.choices)
    reported_at = models.DateTimeField(_("reported at"), validators=HAPPENED)
    note = models.CharField(_("note"), max_length=200, blank=True)
    client = models.ForeignKey(
        VideoPlatformClient,
        verbose_name=_("reported by platform"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    scope_parent = "device"

    class Meta:
        verbose_name = _("device status report")
        verbose_name_plural = _("device status reports")
        ordering = ["division_code", "-reported_at"]
        constraints = [
            models.UniqueConstraint(fields=["device", "reported_at"], name="safety_devicestatusreport_unique_time")
        ]

    def __str__(self):
        return f"{self.device} {timezone.localtime(self.reported_at):%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        """The latest report is the device's status (a report of an earlier moment changes nothing)."""
        super().save(*args, **kwargs)
        latest = DeviceStatusReport.objects.filter(device_id=self.device_id).order_by("-reported_at").first()
        if latest is not None and latest.pk == self.pk and self.device.status != self.status:
            self.device.status = self.status
            self.device.save(update_fields=["status", "last_updated"])


# ---- help and education (GOV-4): restricted ------------------------------------------------------------------------

HELP_VISIT_DAYS = (7, 180)  # a visit at least twice a year, at most weekly: the plans seen in street offices


def _sealed(name: str, label) -> dict:
    """One value kept only as SM4-GCM ciphertext (no mask: a restricted record is read whole, with a reason)."""
    return {
        f"{name}_encrypted": models.TextField(
            format_lazy(_("{label} (encrypted)"), label=label), blank=True, editable=False
        )
    }


class HelpEducationCase(Linked, ProtectedValuesMixin, ScopedModel):
    """A resident under help and education (帮教, GOV-4): released from prison or re-education, in community
    corrections, or an at-risk youth; the help group, the visit plan and the visits.

    **Restricted** (DESIGN.md §5, AC-4): only the roles holding this register's permissions see it (not community
    staff, grid workers, departments or auditors); its pages and API open with a stated reason and every view is
    access-logged (`core.restricted`). The kind and the notes are stored only encrypted, the kind with a blind index
    so that a resident has one case per kind; the change log keeps neither, and `__str__` names no kind.
    """

    resident = models.ForeignKey(
        "people.Resident", verbose_name=_("resident"), on_delete=models.PROTECT, related_name="+"
    )
    locals().update(_sealed("kind", _("kind")))
    kind_digest = models.CharField(_("kind (index)"), max_length=64, blank=True, editable=False, db_index=True)
    started_on = models.DateField(_("help started on"), validators=HAPPENED)
    ends_on = models.DateField(
        _("help ends on"),
        null=True,
        blank=True,
        validators=[not_before(EARLIEST_YEAR), within_years(future=10)],
        help_text=_("E.g. the end of the corrections term; empty when open-ended."),
    )
    visit_every_days = models.PositiveSmallIntegerField(
        _("visit every (days)"),
        default=30,
        validators=[MinValueValidator(HELP_VISIT_DAYS[0]), MaxValueValidator(HELP_VISIT_DAYS[1])],
    )
    status = models.CharField(_("status"), max_length=20, choices=HelpStatus.choices, default=HelpStatus.ACTIVE)
    locals().update(_sealed("notes", _("notes")))

    scope_parent = "resident"
    fail_closed = True
    changelog_exclude = ("kind_encrypted", "kind_digest", "notes_encrypted")

    class Meta:
        verbose_name = _("help-and-education case")
        verbose_name_plural = _("help-and-education cases")
        ordering = ["division_code", "-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["resident", "kind_digest"], name="safety_helpeducationcase_unique_kind")
        ]

    def __str__(self):
        return str(_("{name}'s help-and-education case")).format(name=self.resident.name)

    @property
    def kind(self) -> str:
        return self.reveal("kind")

    def get_kind_display(self) -> str:
        return str(HelpKind(self.kind).label) if self.kind in HelpKind.values else ""

    @property
    def notes(self) -> str:
        return self.reveal("notes")

    def clean(self):
        if self.started_on and self.ends_on and self.ends_on < self.started_on:
            raise ValidationError({"ends_on": _("Help cannot end before it starts.")})

    def next_visit_due(self):
        """The day the next visit is due by the plan: from the latest visit, else from the start. A list prefetches
        the visits' days for its page (`with_visit_days`), so that fifty rows are not fifty queries."""
        days = getattr(self, "visit_days", None)
        if days is not None:
            last = max((visit.visited_on for visit in days), default=None)
        else:
            visits = HelpVisit.objects.unscoped("a case's own visits: in the case's division").filter(case=self)
            last = visits.order_by("-visited_on").values_list("visited_on", flat=True).first()
        start = last or self.started_on
        return start + timedelta(days=self.visit_every_days) if start else None


class HelpGroupMember(Linked, ScopedModel):
    """A named person of a case's help group (帮教小组, GOV-4); restricted with the case."""

    case = models.ForeignKey(
        HelpEducationCase, verbose_name=_("help-and-education case"), on_delete=models.CASCADE, related_name="helpers"
    )
    name = models.CharField(_("full name"), max_length=50)
    role = models.CharField(_("role"), max_length=20, choices=HelperRole.choices, default=HelperRole.CADRE)
    scope_parent = "case"
    fail_closed = True

    class Meta:
        verbose_name = _("help group member")
        verbose_name_plural = _("help group members")
        ordering = ["division_code", "case", "role", "name"]
        constraints = [models.UniqueConstraint(fields=["case", "name"], name="safety_helpgroupmember_unique_name")]

    def __str__(self):
        return f"{self.name}（{self.get_role_display()}）"


class HelpVisit(Linked, ProtectedValuesMixin, ScopedModel):
    """A follow-up visit of a case (GOV-4): when, by whom; what was found and done is stored only encrypted."""

    case = models.ForeignKey(
        HelpEducationCase, verbose_name=_("help-and-education case"), on_delete=models.CASCADE, related_name="visits"
    )
    visited_on = models.DateField(_("visited on"), validators=HAPPENED)
    visitor = models.CharField(_("visited by"), max_length=50)
    locals().update(_sealed("content", _("what was found and done")))
    scope_parent = "case"
    fail_closed = True
    changelog_exclude = ("content_encrypted",)

    class Meta:
        verbose_name = _("help-and-education visit")
        verbose_name_plural = _("help-and-education visits")
        ordering = ["division_code", "-visited_on", "-id"]

    def __str__(self):
        return f"{self.visited_on:%Y-%m-%d} · {self.visitor}"

    @property
    def content(self) -> str:
        return self.reveal("content")

    def clean(self):
        case = self.case if self.case_id else None
        if case is not None and self.visited_on and case.started_on and self.visited_on < case.started_on:
            raise ValidationError({"visited_on": _("A visit cannot be before the help started.")})


# ---- fire safety and campaigns (GOV-5) -----------------------------------------------------------------------------

MAX_REACH = 1_000_000  # people reached by one activity: a whole district's residents at most


class FireInspection(Linked, CommunityRecord):
    """A fire inspection of a place (GOV-5): the hazards found, the deadline to rectify them and the re-inspection
    that confirms it (or not)."""

    place = models.CharField(_("place inspected"), max_length=100)
    place_kind = models.CharField(_("kind of place"), max_length=20, choices=PlaceKind.choices)
    residential_area = models.ForeignKey(
        "places.ResidentialArea",
        verbose_name=_("residential area"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    inspected_on = models.DateField(_("inspected on"), validators=HAPPENED)
    inspectors = models.CharField(_("inspectors"), max_length=200)
    hazard_count = models.PositiveSmallIntegerField(_("hazards found"), default=0, validators=[MaxValueValidator(999)])
    hazards = models.TextField(_("hazards"), blank=True, help_text=_("What was found, one hazard per line."))
    rectify_by = models.DateField(_("rectify by"), null=True, blank=True, validators=PLANNED)
    reinspected_on = models.DateField(_("re-inspected on"), null=True, blank=True, validators=HAPPENED)
    reinspection_result = models.CharField(
        _("re-inspection result"), max_length=20, choices=ReinspectionResult.choices, blank=True
    )

    objects = FireInspectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("fire inspection")
        verbose_name_plural = _("fire inspections")
        ordering = ["division_code", "-inspected_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "place", "inspected_on"], name="safety_fireinspection_unique_visit"
            )
        ]

    def __str__(self):
        return f"{self.place} {self.inspected_on:%Y-%m-%d}"

    def clean(self):
        errors = {}
        if self.hazard_count and not self.rectify_by:
            errors["rectify_by"] = _("Hazards were found: set the deadline to rectify them.")
        if self.inspected_on and self.rectify_by and self.rectify_by < self.inspected_on:
            errors["rectify_by"] = _("The deadline cannot be before the inspection.")
        if self.inspected_on and self.reinspected_on and self.reinspected_on < self.inspected_on:
            errors["reinspected_on"] = _("A re-inspection cannot be before the inspection.")
        if self.reinspection_result and not self.reinspected_on:
            errors["reinspected_on"] = _("Give the date of the re-inspection.")
        if self.reinspected_on and not self.reinspection_result:
            errors["reinspection_result"] = _("Give the result of the re-inspection.")
        if self.reinspected_on and not self.hazard_count:
            errors["reinspected_on"] = _("No hazards were found: there is nothing to re-inspect.")
        if _other_community(self, "residential_area", self.community_id):
            errors["residential_area"] = _("The residential area belongs to another community.")
        if errors:
            raise ValidationError(errors)


class SafetyActivity(Linked, CommunityRecord):
    """A legal-publicity activity or a campaign against vice, cults or pyramid selling (GOV-5), with its reach."""

    kind = models.CharField(_("kind of activity"), max_length=20, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=100)
    held_on = models.DateField(_("held on"), validators=HAPPENED)
    place = models.CharField(_("place"), max_length=100, blank=True)
    organiser = models.CharField(_("organised by"), max_length=100, blank=True)
    reach = models.PositiveIntegerField(_("people reached"), default=0, validators=[MaxValueValidator(MAX_REACH)])
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        verbose_name = _("safety activity")
        verbose_name_plural = _("safety activities")
        ordering = ["division_code", "-held_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["community", "held_on", "title"], name="safety_safetyactivity_unique")
        ]

    def __str__(self):
        return self.title


def with_visit_days() -> models.Prefetch:
    """The visits' days of each case of a page, in one query (the cases were restricted already; their visits lie in
    their divisions)."""
    return models.Prefetch(
        "visits",
        queryset=HelpVisit.objects.unscoped("the visits of cases already restricted").only("case_id", "visited_on"),
        to_attr="visit_days",
    )
