"""The community workforce (issue #4, WF-1…WF-3): workers, open recruitment, cross-appointments, training with
hours, commendations."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shequ.core.dates import not_before, not_in_future, within_years
from shequ.core.models import CommunityRecord, DivisionRecord, Linked, ScopedModel
from shequ.people.links import check_resident_in, resident_link
from shequ.workforce.choices import Background, CandidateResult, Certificate, WorkerPosition

__all__ = ["Candidate", "Commendation", "CommunityWorker", "RecruitmentRound", "TrainingAttendance", "TrainingCourse"]

# A training "time" of WF-2 is at least 20 hours; nothing lasts beyond this (a year's full-time course).
MAX_TRAINING_HOURS = Decimal("2000")
# Bounds of issue #12 ("implausible values accepted"): a hire is recorded at most three months ahead, recruitment
# and training are of the grid-management era (from 2000), a course is planned at most a year ahead, an award is
# not in the future; a round offers at most 1,000 posts.
EARLIEST_YEAR = 1949
PROGRAMME_YEAR = 2000
HIRE_MARGIN_DAYS = 90
MAX_POSITIONS = 1000


class CommunityWorker(Linked, CommunityRecord):
    """A community worker (社区工作者) with position, background and cross-appointments (WF-1)."""

    name = models.CharField(_("name"), max_length=50)
    resident = resident_link()
    position = models.CharField(_("position"), max_length=20, choices=WorkerPosition.choices)
    background = models.CharField(_("background"), max_length=20, choices=Background.choices, default=Background.OTHER)
    certificate = models.CharField(
        _("social work certificate"), max_length=20, choices=Certificate.choices, default="", blank=True
    )
    hired_on = models.DateField(
        _("hired on"),
        null=True,
        blank=True,
        validators=[not_before(EARLIEST_YEAR), not_in_future(days=HIRE_MARGIN_DAYS)],
    )
    in_party_committee = models.BooleanField(_("also on the party committee"), default=False)
    in_residents_committee = models.BooleanField(_("also on the residents' committee"), default=False)
    in_owners_committee = models.BooleanField(_("also on the owners' committee"), default=False)
    active = models.BooleanField(_("in post"), default=True)

    class Meta:
        verbose_name = _("community worker")
        verbose_name_plural = _("community workers")
        ordering = ["division_code", "position", "name"]
        constraints = [
            # The same person appointed twice to one post in one community (issue #4 bad input).
            models.UniqueConstraint(
                fields=["community", "name", "position"],
                condition=models.Q(active=True),
                name="workforce_worker_post_once",
            ),
        ]

    def __str__(self):
        return f"{self.name}（{self.get_position_display()}）"

    def clean(self):
        if self.community_id:
            check_resident_in(self, self.community.code)


class RecruitmentRound(Linked, DivisionRecord):
    """An open recruitment round of a street or district (WF-1)."""

    title = models.CharField(_("title"), max_length=100)
    announced_on = models.DateField(_("announced on"), validators=[not_before(PROGRAMME_YEAR), not_in_future()])
    positions = models.PositiveSmallIntegerField(
        _("positions"), validators=[MinValueValidator(1), MaxValueValidator(MAX_POSITIONS)]
    )
    closed = models.BooleanField(_("closed"), default=False)

    class Meta:
        verbose_name = _("recruitment round")
        verbose_name_plural = _("recruitment rounds")
        ordering = ["division_code", "-announced_on"]

    def __str__(self):
        return self.title


class Candidate(Linked, ScopedModel):
    round = models.ForeignKey(
        RecruitmentRound, verbose_name=_("recruitment round"), on_delete=models.CASCADE, related_name="candidates"
    )
    name = models.CharField(_("name"), max_length=50)
    background = models.CharField(_("background"), max_length=20, choices=Background.choices, default=Background.OTHER)
    score = models.DecimalField(
        _("score"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    result = models.CharField(_("result"), max_length=20, choices=CandidateResult.choices, default="pending")
    scope_parent = "round"

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["division_code", "round", "-score"]

    def __str__(self):
        return self.name


class TrainingCourse(Linked, DivisionRecord):
    """A training course organised at some level, with its length in hours (WF-2)."""

    title = models.CharField(_("title"), max_length=100)
    starts_on = models.DateField(_("starts on"), validators=[not_before(PROGRAMME_YEAR), within_years(future=1)])
    hours = models.DecimalField(
        _("hours"),
        max_digits=6,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(MAX_TRAINING_HOURS)],
    )
    organiser = models.CharField(_("organiser"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("training course")
        verbose_name_plural = _("training courses")
        ordering = ["division_code", "-starts_on"]

    def __str__(self):
        return self.title


NOT_STARTED = _("The course has not started yet: no hours can have been completed.")


def not_started(course) -> bool:
    return course.starts_on > timezone.localdate()


class TrainingAttendance(Linked, ScopedModel):
    """A worker's attendance of a course, with the hours actually completed (WF-2 counts ≥ 20)."""

    course = models.ForeignKey(
        TrainingCourse, verbose_name=_("training course"), on_delete=models.CASCADE, related_name="attendance"
    )
    worker = models.ForeignKey(
        CommunityWorker, verbose_name=_("community worker"), on_delete=models.CASCADE, related_name="training"
    )
    hours = models.DecimalField(
        _("hours completed"),
        max_digits=6,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_TRAINING_HOURS)],
    )
    scope_parent = "worker"

    class Meta:
        verbose_name = _("training attendance")
        verbose_name_plural = _("training attendance")
        ordering = ["division_code", "-course__starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["course", "worker"], name="workforce_attendance_once"),
        ]

    def __str__(self):
        return f"{self.worker.name} · {self.course}"

    def clean(self):
        if self.course_id and self.hours is not None and self.hours > self.course.hours:
            raise ValidationError(
                {"hours": _("More hours than the course has ({hours}).").format(hours=self.course.hours)}
            )
        if self.course_id and self.hours and not_started(self.course):
            raise ValidationError({"hours": NOT_STARTED})


class Commendation(Linked, ScopedModel):
    """A commendation or award of a worker (WF-3)."""

    worker = models.ForeignKey(
        CommunityWorker, verbose_name=_("community worker"), on_delete=models.CASCADE, related_name="commendations"
    )
    title = models.CharField(_("title"), max_length=100)
    awarded_on = models.DateField(_("awarded on"), validators=[not_before(EARLIEST_YEAR), not_in_future()])
    awarded_by = models.CharField(_("awarded by"), max_length=100)
    scope_parent = "worker"

    class Meta:
        verbose_name = _("commendation")
        verbose_name_plural = _("commendations")
        ordering = ["division_code", "-awarded_on"]

    def __str__(self):
        return self.title
