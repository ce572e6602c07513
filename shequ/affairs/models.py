"""Community affairs (issue #17, SVC-6): visits to households (走访), the public-sentiment diary (民情日记),
deliberation (议事协商): topics raised, meetings with attendance and minutes, resolutions with votes and their
follow-up to completion; party- and residents'-affairs disclosure items (党务居务公开) for the portal; and the
community work assessment record (社区工作考核), written by the street."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from shequ.affairs.choices import (
    AffairsKind,
    AssessmentMethod,
    AssessmentPeriod,
    AssessmentResult,
    FollowUp,
    MeetingKind,
    TopicSource,
    TopicStatus,
)
from shequ.core.dates import not_before, not_in_future, within_years
from shequ.core.logging import contains_id_or_mobile
from shequ.core.models import CommunityRecord, Linked, ScopedModel

__all__ = [
    "AffairsDisclosure",
    "DeliberationTopic",
    "Meeting",
    "Resolution",
    "SentimentEntry",
    "Visit",
    "WorkAssessment",
]

# Bounds of issue #12 ("implausible values accepted"): this platform keeps this century's records; a visit and a
# diary entry are written after the fact.
EARLIEST_YEAR = 2000
HAPPENED = [not_before(EARLIEST_YEAR), not_in_future()]


class Visit(Linked, CommunityRecord):
    """A visit (走访) by a community worker to a household of the community, with what was learnt (SVC-6)."""

    household = models.ForeignKey(
        "people.Household", verbose_name=_("household"), on_delete=models.PROTECT, related_name="+"
    )
    visited_on = models.DateField(_("visited on"), validators=HAPPENED)
    visitor_name = models.CharField(_("visitor"), max_length=50)
    summary = models.TextField(_("what was learnt"), blank=True)

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["division_code", "-visited_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "visited_on", "visitor_name"], name="affairs_visit_unique_visit"
            )
        ]

    def __str__(self):
        return f"{self.household} {self.visited_on:%Y-%m-%d}"

    def clean(self):
        if self.household_id and self.community_id and self.household.community_id != self.community_id:
            raise ValidationError({"household": _("The household belongs to another community.")})


class SentimentEntry(Linked, CommunityRecord):
    """An entry of the public-sentiment diary (民情日记): what a member of staff heard, with tags (SVC-6)."""

    written_on = models.DateField(_("written on"), validators=HAPPENED)
    author_name = models.CharField(_("written by"), max_length=50)
    title = models.CharField(_("title"), max_length=100)
    content = models.TextField(_("content"))
    tags = models.CharField(_("tags"), max_length=200, blank=True, help_text=_("Separated by commas."))
    work_order = models.OneToOneField(
        "workorders.WorkOrder",
        verbose_name=_("work order"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="diary_entry",
    )

    class Meta:
        verbose_name = _("sentiment diary entry")
        verbose_name_plural = _("sentiment diary entries")
        ordering = ["division_code", "-written_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "written_on", "title"], name="affairs_sentimententry_unique_title"
            )
        ]

    def __str__(self):
        return self.title


# ---- deliberation (议事协商) ----------------------------------------------------------------------------------------

MAX_PEOPLE = 100_000  # entitled to attend one meeting: every resident of a very large community at most


class DeliberationTopic(Linked, CommunityRecord):
    """A matter raised for the community to deliberate (议题): by staff, by residents, or from a diary entry."""

    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    raised_on = models.DateField(_("raised on"), validators=HAPPENED)
    raised_by = models.CharField(_("raised by"), max_length=50)
    source = models.CharField(_("source"), max_length=20, choices=TopicSource.choices, default=TopicSource.STAFF)
    status = models.CharField(_("status"), max_length=20, choices=TopicStatus.choices, default=TopicStatus.RAISED)
    diary_entry = models.OneToOneField(
        SentimentEntry,
        verbose_name=_("sentiment diary entry"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="topic",
    )

    class Meta:
        verbose_name = _("deliberation topic")
        verbose_name_plural = _("deliberation topics")
        ordering = ["division_code", "-raised_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "raised_on", "title"], name="affairs_deliberationtopic_unique_title"
            )
        ]

    def __str__(self):
        return self.title


class Meeting(Linked, CommunityRecord):
    """A meeting of the community: party-building joint meeting, residents' or representatives' meeting, or a
    deliberation meeting, with who was entitled to attend, who attended, and the minutes."""

    kind = models.CharField(_("kind of meeting"), max_length=20, choices=MeetingKind.choices)
    title = models.CharField(_("title"), max_length=100)
    held_on = models.DateField(_("held on"), validators=HAPPENED)
    place = models.CharField(_("place"), max_length=100, blank=True)
    entitled = models.PositiveIntegerField(
        _("entitled to attend"), validators=[MaxValueValidator(MAX_PEOPLE)], help_text=_("Members or representatives.")
    )
    attendance = models.PositiveIntegerField(_("attended"), validators=[MaxValueValidator(MAX_PEOPLE)])
    minutes = models.TextField(_("minutes"), blank=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["division_code", "-held_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["community", "held_on", "title"], name="affairs_meeting_unique_title")
        ]

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} {self.title}"

    def clean(self):
        if self.attendance is not None and self.entitled is not None and self.attendance > self.entitled:
            raise ValidationError({"attendance": _("More attended than were entitled to attend.")})


class Resolution(Linked, ScopedModel):
    """What a meeting resolved (决议), on a topic or not, with its votes, and its follow-up to completion. Carried
    when more than half of those who attended voted for it."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="resolutions"
    )
    topic = models.ForeignKey(
        DeliberationTopic,
        verbose_name=_("deliberation topic"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resolutions",
    )
    text = models.TextField(_("resolution"))
    votes_for = models.PositiveIntegerField(_("votes for"), validators=[MaxValueValidator(MAX_PEOPLE)])
    votes_against = models.PositiveIntegerField(
        _("votes against"), default=0, validators=[MaxValueValidator(MAX_PEOPLE)]
    )
    abstentions = models.PositiveIntegerField(_("abstentions"), default=0, validators=[MaxValueValidator(MAX_PEOPLE)])
    follow_up = models.CharField(_("follow-up"), max_length=20, choices=FollowUp.choices, default=FollowUp.PENDING)
    done_on = models.DateField(_("carried out on"), null=True, blank=True, validators=HAPPENED)
    follow_up_note = models.TextField(_("how it was carried out"), blank=True)
    scope_parent = "meeting"

    class Meta:
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        ordering = ["division_code", "-meeting__held_on", "-id"]

    def __str__(self):
        return f"{self.meeting} · {self.text[:30]}"

    @property
    def carried(self) -> bool:
        return bool(self.meeting_id and self.votes_for * 2 > self.meeting.attendance)

    def clean(self):
        errors = {}
        meeting = self.meeting if self.meeting_id else None
        votes = (self.votes_for or 0) + (self.votes_against or 0) + (self.abstentions or 0)
        if meeting is not None and votes > meeting.attendance:
            errors["votes_for"] = _("More votes than people attended the meeting ({n}).").format(n=meeting.attendance)
        if meeting is not None and self.topic_id and self.topic.community_id != meeting.community_id:
            errors["topic"] = _("The topic belongs to another community.")
        if self.follow_up == FollowUp.DONE and not self.done_on:
            errors["done_on"] = _("Give the day it was carried out.")
        if self.done_on and self.follow_up != FollowUp.DONE:
            errors["follow_up"] = _("A resolution carried out is marked as carried out.")
        if meeting is not None and self.done_on and self.done_on < meeting.held_on:
            errors["done_on"] = _("It cannot be carried out before the meeting.")
        if errors:
            raise ValidationError(errors)


# ---- party- and residents'-affairs disclosure (党务居务公开) -------------------------------------------------------

MAX_ITEM_TEXT = 5000
# Publishing may be planned a little ahead (a notice for next month's meeting); a year is plenty.
PUBLISHED = [not_before(EARLIEST_YEAR), within_years(future=1)]


class AffairsDisclosure(Linked, CommunityRecord):
    """An item of party or residents' affairs a community makes public (党务居务公开, SVC-6): shown on the portal
    from the day it is published until the day it is shown to (if any). Public text: no ID or mobile numbers."""

    kind = models.CharField(_("kind"), max_length=20, choices=AffairsKind.choices)
    title = models.CharField(_("title"), max_length=100)
    content = models.TextField(_("content"), validators=[MaxLengthValidator(MAX_ITEM_TEXT)])
    published_on = models.DateField(_("published on"), validators=PUBLISHED)
    shown_until = models.DateField(
        _("shown until"),
        null=True,
        blank=True,
        validators=PUBLISHED,
        help_text=_("The last day it is shown on the portal; empty: until it is removed."),
    )
    attachment = models.FileField(
        _("attachment"), upload_to="affairs/items/%Y/%m/", blank=True, editable=False, max_length=200
    )
    attachment_name = models.CharField(_("attachment name"), max_length=200, blank=True, editable=False)

    class Meta:
        verbose_name = _("affairs disclosure item")
        verbose_name_plural = _("affairs disclosure items")
        ordering = ["division_code", "-published_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "published_on", "title"], name="affairs_affairsdisclosure_unique_title"
            )
        ]

    def __str__(self):
        return self.title

    def is_current(self, day) -> bool:
        return self.published_on <= day and (self.shown_until is None or day <= self.shown_until)

    def clean(self):
        errors = {
            name: _("Remove the ID or mobile number: a disclosure item is public.")
            for name in ("title", "content")
            if contains_id_or_mobile(getattr(self, name) or "")
        }
        if self.published_on and self.shown_until and self.shown_until < self.published_on:
            errors["shown_until"] = _("It cannot be shown until a day before it is published.")
        if errors:
            raise ValidationError(errors)


# ---- the community work assessment record (社区工作考核制度) ---------------------------------------------------------

YEARS = [MinValueValidator(EARLIEST_YEAR), MaxValueValidator(2100)]
SCORES = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


class WorkAssessment(Linked, CommunityRecord):
    """The street's assessment of a community's work over a year, a half or a quarter (社区工作考核, SVC-6): who
    assessed and how, the score or the grade, strengths, problems and what is to follow. Written by the street,
    read by the community."""

    year = models.PositiveSmallIntegerField(_("year"), validators=YEARS)
    period = models.CharField(
        _("period"), max_length=10, choices=AssessmentPeriod.choices, default=AssessmentPeriod.YEAR
    )
    assessed_on = models.DateField(_("assessed on"), validators=HAPPENED)
    assessed_by = models.CharField(
        _("assessed by"), max_length=100, help_text=_("The office or group that assessed, e.g. the street's team.")
    )
    method = models.CharField(_("method"), max_length=20, choices=AssessmentMethod.choices)
    score = models.DecimalField(
        _("score"), max_digits=4, decimal_places=1, null=True, blank=True, validators=SCORES, help_text=_("0–100.")
    )
    result = models.CharField(_("result"), max_length=20, choices=AssessmentResult.choices, blank=True)
    strengths = models.TextField(_("strengths"), blank=True, validators=[MaxLengthValidator(MAX_ITEM_TEXT)])
    problems = models.TextField(_("problems found"), blank=True, validators=[MaxLengthValidator(MAX_ITEM_TEXT)])
    follow_up = models.TextField(_("follow-up measures"), blank=True, validators=[MaxLengthValidator(MAX_ITEM_TEXT)])
    follow_up_due = models.DateField(_("follow-up due"), null=True, blank=True, validators=PUBLISHED)

    class Meta:
        verbose_name = _("work assessment")
        verbose_name_plural = _("work assessments")
        ordering = ["division_code", "-year", "period"]
        constraints = [
            models.UniqueConstraint(fields=["community", "year", "period"], name="affairs_workassessment_unique_period")
        ]

    def __str__(self):
        name = self.community.name if self.community_id else ""
        return f"{name} {self.year} {self.get_period_display()}"

    def clean(self):
        errors = {}
        if self.score is None and not self.result:
            errors["score"] = _("Give the score or the result.")
        if self.year and self.period in AssessmentPeriod.values and self.assessed_on:
            begins = date(self.year, AssessmentPeriod.first_month(self.period), 1)
            if self.assessed_on < begins:
                errors["assessed_on"] = _("The period is assessed once it has begun ({day}).").format(
                    day=f"{begins:%Y-%m-%d}"
                )
            elif self.assessed_on.year > self.year + 1:
                errors["assessed_on"] = _("The period is assessed in its year or the year after.")
        if self.follow_up_due and self.assessed_on and self.follow_up_due < self.assessed_on:
            errors["follow_up_due"] = _("The follow-up cannot be due before the assessment.")
        if errors:
            raise ValidationError(errors)
