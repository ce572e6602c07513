"""The annual evaluation of communities (issue #14; EVAL-1, EVAL-4): indicator schemes as data, inspections scored
by people, and the scores of each evaluation run drilling down to every indicator's value.

A scheme belongs to a division and a year: the city's, or a district's extension for its own communities (a copy of
the city's that it may change; the most specific scheme in force applies to a community). Its indicators' weights sum
to 100 before it can be put in force. Once it has scored anything it is frozen: a change is a new version, and every
score names the version it used.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from shequ.core.dates import not_before, not_in_future
from shequ.core.models import CommunityRecord, DivisionRecord, Linked, ScopedModel
from shequ.evaluation.choices import (
    AwardLevel,
    AwardStage,
    CaseOrigin,
    CaseStatus,
    Cause,
    Grade,
    IndicatorKind,
    InspectionKind,
    RecheckResult,
    RunStatus,
    SchemeStatus,
    TitleStatus,
)
from shequ.evaluation.querysets import (
    DeductionQuerySet,
    IndicatorQuerySet,
    RectificationQuerySet,
    SchemeQuerySet,
)

__all__ = [
    "Accountability",
    "Award",
    "CaseEvidence",
    "Deduction",
    "Evidence",
    "Indicator",
    "IndicatorValue",
    "Inspection",
    "Progress",
    "Recheck",
    "RecheckDraw",
    "Rectification",
    "Run",
    "Scheme",
    "Score",
    "Title",
]

CENT = Decimal("0.01")

EARLIEST_YEAR = 2000
HAPPENED = [not_before(EARLIEST_YEAR), not_in_future()]
YEARS = [MinValueValidator(EARLIEST_YEAR), MaxValueValidator(2100)]
PERCENT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]
FULL_WEIGHT = Decimal(100)


class Scheme(Linked, DivisionRecord):
    """An indicator scheme of one year (EVAL-1, EVAL-4): the city's, or a division's extension of it."""

    year = models.PositiveSmallIntegerField(_("year"), validators=YEARS)
    version = models.PositiveSmallIntegerField(_("version"), default=1, editable=False)
    name = models.CharField(_("name"), max_length=100)
    status = models.CharField(
        _("status"), max_length=20, choices=SchemeStatus.choices, default=SchemeStatus.DRAFT, editable=False
    )
    demonstration_threshold = models.DecimalField(
        _("demonstration threshold"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("90.00"),
        validators=PERCENT,
        help_text=_("A total at or above this is a demonstration community (示范)."),
    )
    standard_threshold = models.DecimalField(
        _("standard threshold"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("60.00"),
        validators=PERCENT,
        help_text=_("A total at or above this is up to standard (达标); below it, below standard (不达标)."),
    )
    demonstration_quota = models.PositiveSmallIntegerField(
        _("demonstration quota (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("At most this share of a district's communities may be demonstration communities."),
    )
    min_coverage = models.DecimalField(
        _("minimum known weight"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("60.00"),
        validators=PERCENT,
        help_text=_("Below this share of the weight with known values a community is not classified."),
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("previous version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = SchemeQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator scheme")
        verbose_name_plural = _("indicator schemes")
        ordering = ["-year", "division_code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["division", "year", "version"], name="evaluation_scheme_unique_version")
        ]

    def __str__(self):
        return f"{self.name}（{self.year} v{self.version}）"

    @property
    def frozen(self) -> bool:
        return bool(self.pk) and Score.objects.filter(scheme_id=self.pk).exists()

    def save(self, *args, **kwargs):
        if self._state.adding and self.division_id and self.year:
            # A division's schemes of one year are its versions: a new one is the next (never a clash).
            same = Scheme.objects.filter(division_id=self.division_id, year=self.year)
            self.version = (same.aggregate(v=models.Max("version"))["v"] or 0) + 1
        super().save(*args, **kwargs)

    def total_weight(self) -> Decimal:
        return self.indicators.aggregate(total=models.Sum("weight"))["total"] or Decimal(0)

    def clean(self):
        if self.pk and self.frozen:
            raise ValidationError(_("This scheme has scored communities and is frozen: make a new version instead."))
        if (
            self.standard_threshold is not None
            and self.demonstration_threshold is not None
            and self.standard_threshold >= self.demonstration_threshold
        ):
            raise ValidationError(
                {"standard_threshold": _("The standard threshold must be below the demonstration threshold.")}
            )


class Indicator(Linked, ScopedModel):
    """One indicator of a scheme: its weight, and how a value becomes points — linearly from the value that earns
    nothing (`zero_at`) to the value that earns the full weight (`full_at`); `zero_at` above `full_at` scores a
    deduction (media exposure: fewer is better). A computed indicator names its source in the platform."""

    scheme = models.ForeignKey(Scheme, verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=IndicatorKind.choices)
    source = models.CharField(
        _("source"),
        max_length=100,
        blank=True,
        help_text=_("For a computed indicator: what it is computed from."),
    )
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(FULL_WEIGHT)],
    )
    zero_at = models.DecimalField(_("value scoring nothing"), max_digits=12, decimal_places=2, default=Decimal("0.00"))
    full_at = models.DecimalField(
        _("value scoring the full weight"), max_digits=12, decimal_places=2, default=Decimal("100.00")
    )
    scope_parent = "scheme"

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["division_code", "scheme", "code"]
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="evaluation_indicator_unique_code")]

    def __str__(self):
        return f"{self.code} {self.name}"

    def clean(self):
        from shequ.evaluation.indicators import sources

        if not self.scheme_id:
            return
        if self.scheme.frozen:
            raise ValidationError(_("This scheme has scored communities and is frozen: make a new version instead."))
        if self.kind == IndicatorKind.COMPUTED and self.source not in sources():
            raise ValidationError(
                {
                    "source": _("Choose one of the computed sources: %(sources)s.")
                    % {"sources": "、".join(sorted(sources()))}
                }
            )
        if self.kind == IndicatorKind.SCORED and self.source:
            raise ValidationError({"source": _("An indicator scored by people has no computed source.")})
        if self.zero_at is not None and self.zero_at == self.full_at:
            raise ValidationError(
                {"full_at": _("The value scoring the full weight must differ from the one scoring nothing.")}
            )
        if self.weight is not None:
            others = self.scheme.indicators.exclude(pk=self.pk).aggregate(total=models.Sum("weight"))["total"] or 0
            if others + self.weight > FULL_WEIGHT:
                total = f"{(others + self.weight).normalize():f}"
                raise ValidationError(
                    {
                        "weight": _("The weights of the scheme would sum to %(total)s; they must sum to 100.")
                        % {"total": total}
                    }
                )

    def points(self, value: Decimal | None) -> Decimal | None:
        """The points a value earns: none for an unknown value (never zero)."""
        if value is None:
            return None
        share = (Decimal(value) - self.zero_at) / (self.full_at - self.zero_at)
        return (self.weight * min(max(share, Decimal(0)), Decimal(1))).quantize(CENT, ROUND_HALF_UP)


class Inspection(Linked, CommunityRecord):
    """An inspection scored by people (EVAL-4): open or unannounced, a media exposure or problems found and fixed;
    its score (0–100, or for a media exposure the number of exposures) feeds a scored indicator of the year."""

    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        related_name="inspections",
        limit_choices_to={"kind": IndicatorKind.SCORED},
    )
    kind = models.CharField(_("kind"), max_length=20, choices=InspectionKind.choices)
    inspected_on = models.DateField(_("date"), validators=HAPPENED)
    inspectors = models.CharField(_("inspectors"), max_length=200)
    score = models.DecimalField(
        _("score"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1000))],
    )
    findings = models.TextField(_("findings"), blank=True)

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["division_code", "-inspected_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "indicator", "inspected_on", "kind"], name="evaluation_inspection_unique_day"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.inspected_on}"

    def clean(self):
        if self.indicator_id and self.indicator.kind != IndicatorKind.SCORED:
            raise ValidationError({"indicator": _("Choose an indicator scored by people.")})
        if self.indicator_id and self.inspected_on and self.inspected_on.year != self.indicator.scheme.year:
            raise ValidationError(
                {
                    "inspected_on": _("The date must lie in the scheme's year (%(year)s).")
                    % {"year": self.indicator.scheme.year}
                }
            )
        if self.indicator_id and self.community_id:
            if not self.community.code.startswith(self.indicator.scheme.division.prefix):
                raise ValidationError({"indicator": _("The indicator's scheme does not cover this community.")})


class Evidence(models.Model):
    """A file behind an inspection (a photo, a report): served only to who may see the inspection."""

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("file"), upload_to="evaluation/evidence/%Y/%m/")
    name = models.CharField(_("name"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["id"]

    def __str__(self):
        return self.name


class Run(Linked, DivisionRecord):
    """One evaluation of the communities of a division (EVAL-1): the year, or the year to the end of a quarter for
    the quarterly ranking (EVAL-4); computed → reviewed by the district → approved by the city → published."""

    year = models.PositiveSmallIntegerField(_("year"), validators=YEARS)
    quarter = models.PositiveSmallIntegerField(
        _("quarter"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
        help_text=_("Empty: the annual evaluation; 1–4: the scores to the end of that quarter."),
    )
    status = models.CharField(_("status"), max_length=20, choices=RunStatus.choices, default=RunStatus.COMPUTED)
    computed_at = models.DateTimeField(_("computed at"))
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("computed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-year", "-quarter", "division_code", "-computed_at"]
        permissions = [
            ("review_run", _("Can review an evaluation (district)")),
            ("approve_run", _("Can approve an evaluation (city)")),
        ]

    def __str__(self):
        period = _("annual") if not self.quarter else _("Q%(quarter)s") % {"quarter": self.quarter}
        return f"{self.division.name} {self.year} {period}"


class Score(Linked, CommunityRecord):
    """A community's score in one run, under the scheme version that applied to it."""

    run = models.ForeignKey(Run, verbose_name=_("evaluation"), on_delete=models.CASCADE, related_name="scores")
    scheme = models.ForeignKey(
        Scheme, verbose_name=_("scheme version"), on_delete=models.PROTECT, related_name="scores"
    )
    total = models.DecimalField(
        _("total"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The points over the known weight, out of 100; empty: not known."),
    )
    known_weight = models.DecimalField(_("known weight"), max_digits=6, decimal_places=2)
    grade = models.CharField(_("class"), max_length=20, choices=Grade.choices)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["run", "-total", "division_code"]
        constraints = [models.UniqueConstraint(fields=["run", "community"], name="evaluation_score_unique_community")]

    def __str__(self):
        return f"{self.community.name} {self.total if self.total is not None else '—'}"


class IndicatorValue(ScopedModel):
    """One indicator's value for a score: the value (None: not known), the points, and what it was computed from."""

    score = models.ForeignKey(Score, verbose_name=_("score"), on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="values"
    )
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2, null=True, blank=True)
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2, null=True, blank=True)
    basis = models.CharField(_("basis"), max_length=300, blank=True)
    records_url = models.CharField(_("records"), max_length=300, blank=True)
    scope_parent = "score"

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["score", "indicator__code"]
        constraints = [models.UniqueConstraint(fields=["score", "indicator"], name="evaluation_indicatorvalue_unique")]

    def __str__(self):
        return f"{self.indicator.code} {self.value if self.value is not None else '—'}"


# ---- rectification (EVAL-3) -----------------------------------------------------------------------------------------

NAMED_CAUSES = ("cause_investment", "cause_neglect", "cause_delay", "cause_satisfaction")


class Rectification(Linked, CommunityRecord):
    """A rectification case (EVAL-3, 三(三)3): a community below standard in a published annual evaluation, or a
    demonstration community that failed its re-check (EVAL-4). The district, with the street and the community,
    holds an analysis meeting, finds the causes, sets measures, names the persons responsible and a deadline; progress
    is reported until the case is closed with its evidence. A cause the policy names (under-investment, neglect,
    delay, low satisfaction) also calls for an accountability decision before the case closes."""

    year = models.PositiveSmallIntegerField(_("year"), validators=YEARS, help_text=_("The year evaluated."))
    origin = models.CharField(_("origin"), max_length=20, choices=CaseOrigin.choices, default=CaseOrigin.EVALUATION)
    score = models.ForeignKey(
        Score,
        verbose_name=_("score"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="rectifications",
    )
    recheck = models.OneToOneField(
        "Recheck",
        verbose_name=_("re-check"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="rectification",
    )
    meeting_on = models.DateField(_("analysis meeting on"), null=True, blank=True, validators=HAPPENED)
    participants = models.CharField(_("meeting participants"), max_length=300, blank=True)
    minutes = models.TextField(_("meeting minutes"), blank=True)
    cause_investment = models.BooleanField(Cause.INVESTMENT.label, default=False)
    cause_neglect = models.BooleanField(Cause.NEGLECT.label, default=False)
    cause_delay = models.BooleanField(Cause.DELAY.label, default=False)
    cause_satisfaction = models.BooleanField(Cause.SATISFACTION.label, default=False)
    cause_other = models.BooleanField(Cause.OTHER.label, default=False)
    cause_note = models.CharField(_("causes explained"), max_length=300, blank=True)
    measures = models.TextField(_("measures"), blank=True)
    responsible = models.CharField(
        _("responsible persons"), max_length=200, blank=True, help_text=_("Names and posts, e.g. 张三（街道办主任）.")
    )
    deadline = models.DateField(
        _("rectification deadline"), null=True, blank=True, validators=[not_before(EARLIEST_YEAR)]
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN, editable=False
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True, editable=False)
    closing_note = models.TextField(_("closing note"), blank=True, editable=False)

    objects = RectificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("rectification case")
        verbose_name_plural = _("rectification cases")
        ordering = ["-year", "division_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "year", "origin"],
                name="evaluation_rectification_unique_year",
                violation_error_message=_("The community already has a rectification case of this origin and year."),
            )
        ]

    def __str__(self):
        return f"{self.community.name} {self.year} {self.get_origin_display()}"

    @property
    def causes(self) -> list[str]:
        return [
            str(Cause(name.removeprefix("cause_")).label)
            for name in (*NAMED_CAUSES, "cause_other")
            if getattr(self, name)
        ]

    @property
    def calls_for_accountability(self) -> bool:
        return any(getattr(self, name) for name in NAMED_CAUSES)

    def is_overdue(self, today) -> bool:
        return self.status == CaseStatus.OPEN and self.deadline is not None and self.deadline < today

    def clean(self):
        if (
            self.pk
            and type(self).objects.unscoped("closed check").filter(pk=self.pk, status=CaseStatus.CLOSED).exists()
        ):
            raise ValidationError(_("This rectification case is closed and is no longer changed."))
        if self.meeting_on and self.deadline and self.deadline <= self.meeting_on:
            raise ValidationError({"deadline": _("The deadline must fall after the analysis meeting.")})
        if self.year and self.deadline and self.deadline.year < self.year:
            raise ValidationError({"deadline": _("The deadline cannot lie before the year evaluated.")})
        if self.cause_other and not self.cause_note:
            raise ValidationError({"cause_note": _("Explain the other cause.")})


class Progress(models.Model):
    """A progress report on a rectification case: the street's, the district's, or the community's own."""

    case = models.ForeignKey(
        Rectification, verbose_name=_("rectification case"), on_delete=models.CASCADE, related_name="progress"
    )
    day = models.DateField(_("date"), validators=HAPPENED)
    text = models.TextField(_("progress"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["day", "id"]

    def __str__(self):
        return f"{self.day} {self.text[:40]}"


class CaseEvidence(models.Model):
    """A file that proves a rectification done (like an inspection's evidence): served only to who sees the case."""

    case = models.ForeignKey(
        Rectification, verbose_name=_("rectification case"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("file"), upload_to="evaluation/rectification/%Y/%m/")
    name = models.CharField(_("name"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("closing evidence")
        verbose_name_plural = _("closing evidence")
        ordering = ["id"]

    def __str__(self):
        return self.name


class Accountability(models.Model):
    """An accountability decision on a named person (三(三)3): who, their post, the cause, what was decided, by which
    body and when. Recorded by the district (or the city)."""

    case = models.ForeignKey(
        Rectification, verbose_name=_("rectification case"), on_delete=models.CASCADE, related_name="accountability"
    )
    person = models.CharField(_("person"), max_length=50)
    post = models.CharField(_("post"), max_length=100)
    cause = models.CharField(_("cause"), max_length=20, choices=Cause.choices)
    decision = models.CharField(_("decision"), max_length=300)
    decided_by = models.CharField(_("decided by"), max_length=100)
    decided_on = models.DateField(_("decided on"), validators=HAPPENED)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("accountability decision")
        verbose_name_plural = _("accountability decisions")
        ordering = ["decided_on", "id"]

    def __str__(self):
        return f"{self.person} {self.decision}"


# ---- demonstration titles, awards, re-checks (EVAL-1, EVAL-2, EVAL-4) -----------------------------------------------


class Title(Linked, CommunityRecord):
    """A demonstration community title (示范社区, EVAL-1): named from a published annual evaluation, one per community
    and year; revoked when its re-checks fail two years running (EVAL-4)."""

    year = models.PositiveSmallIntegerField(_("year"), validators=YEARS)
    score = models.ForeignKey(
        Score, verbose_name=_("score"), on_delete=models.PROTECT, null=True, blank=True, related_name="titles"
    )
    named_on = models.DateField(_("named on"))
    status = models.CharField(_("status"), max_length=20, choices=TitleStatus.choices, default=TitleStatus.HELD)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revoked_reason = models.CharField(_("reason for revocation"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("demonstration title")
        verbose_name_plural = _("demonstration titles")
        ordering = ["-year", "division_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "year"],
                name="evaluation_title_unique_year",
                violation_error_message=_("The community already holds the title of this year."),
            )
        ]

    def __str__(self):
        return _("%(community)s demonstration community %(year)s") % {
            "community": self.community.name,
            "year": self.year,
        }


class Award(Linked, ScopedModel):
    """A reward or title for a demonstration community (EVAL-1, EVAL-2): the city's reward from its special fund, or a
    recommendation for the provincial or national title and, once decided, its award; the amount and the fund it
    comes from (a funding budget where one is kept, else the fund's name)."""

    title = models.ForeignKey(
        Title, verbose_name=_("demonstration title"), on_delete=models.PROTECT, related_name="awards"
    )
    level = models.CharField(_("level"), max_length=20, choices=AwardLevel.choices)
    stage = models.CharField(_("stage"), max_length=20, choices=AwardStage.choices)
    decided_on = models.DateField(_("decided on"), validators=HAPPENED)
    amount = models.DecimalField(
        _("amount (yuan)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.00")), MaxValueValidator(Decimal("99999999.99"))],
    )
    fund_name = models.CharField(_("fund"), max_length=100, blank=True, help_text=_("E.g. 社区建设专项资金."))
    budget = models.ForeignKey(
        "funding.Budget",
        verbose_name=_("budget"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evaluation_awards",
        help_text=_("The funding budget the money comes from, where it is kept in the platform."),
    )
    paid_on = models.DateField(_("paid on"), null=True, blank=True, validators=HAPPENED)
    note = models.CharField(_("note"), max_length=200, blank=True)
    scope_parent = "title"

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["division_code", "-decided_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["title", "level", "stage"],
                name="evaluation_award_unique_stage",
                violation_error_message=_("This title already has an award of this level and stage."),
            )
        ]

    def __str__(self):
        return f"{self.get_level_display()} {self.get_stage_display()}"

    def clean(self):
        if self.level == AwardLevel.CITY and self.stage == AwardStage.RECOMMENDED:
            raise ValidationError({"stage": _("The city names and rewards its demonstration communities itself.")})
        if self.amount and not (self.fund_name or self.budget_id):
            raise ValidationError({"fund_name": _("Name the fund the money comes from, or its budget.")})
        if self.paid_on and not self.amount:
            raise ValidationError({"amount": _("A payment needs its amount.")})
        if self.stage != AwardStage.AWARDED and (self.amount or self.paid_on):
            raise ValidationError({"amount": _("Only an award decided has an amount.")})
        if self.decided_on and self.paid_on and self.paid_on < self.decided_on:
            raise ValidationError({"paid_on": _("The payment cannot come before the decision.")})


class RecheckDraw(Linked, DivisionRecord):
    """A random draw of demonstration communities to re-check (EVAL-4): reproducible from its stored seed; who drew,
    when, how many among how many."""

    year = models.PositiveSmallIntegerField(_("year"), validators=YEARS)
    seed = models.BigIntegerField(_("seed"))
    size = models.PositiveSmallIntegerField(_("communities drawn"))
    candidates = models.PositiveIntegerField(_("candidates"))
    drawn_at = models.DateTimeField(_("drawn at"))
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drawn by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("re-check draw")
        verbose_name_plural = _("re-check draws")
        ordering = ["-drawn_at"]

    def __str__(self):
        return _("%(division)s re-check draw %(year)s (seed %(seed)s)") % {
            "division": self.division.name,
            "year": self.year,
            "seed": self.seed,
        }


class Recheck(Linked, CommunityRecord):
    """One demonstration community's re-check (EVAL-4): drawn, then passed or failed; a failure is criticised and
    opens a rectification case with its deadline. At most one re-check per community and year."""

    draw = models.ForeignKey(RecheckDraw, verbose_name=_("draw"), on_delete=models.PROTECT, related_name="rechecks")
    title = models.ForeignKey(
        Title, verbose_name=_("demonstration title"), on_delete=models.PROTECT, related_name="rechecks"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEARS)
    result = models.CharField(_("result"), max_length=20, choices=RecheckResult.choices, default=RecheckResult.PENDING)
    checked_on = models.DateField(_("checked on"), null=True, blank=True, validators=HAPPENED)
    findings = models.TextField(_("findings"), blank=True)
    criticism = models.TextField(_("criticism"), blank=True, help_text=_("The notice of criticism (通报批评)."))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("re-check")
        verbose_name_plural = _("re-checks")
        ordering = ["-year", "division_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "year"],
                name="evaluation_recheck_unique_year",
                violation_error_message=_("The community is already re-checked this year."),
            )
        ]

    def __str__(self):
        return _("%(community)s re-check %(year)s") % {"community": self.community.name, "year": self.year}


class Deduction(Linked, CommunityRecord):
    """The reward already paid for a revoked title, deducted from the award-for-subsidy (以奖代补) funds of `year`
    (EVAL-4): the figure the funding registers read (`Deduction.objects.for_year(year)`, or a budget's
    `evaluation_deductions`)."""

    title = models.ForeignKey(
        Title, verbose_name=_("demonstration title"), on_delete=models.PROTECT, related_name="deductions"
    )
    year = models.PositiveSmallIntegerField(_("funds of year"), validators=YEARS)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2)
    fund_name = models.CharField(_("fund"), max_length=100, default="以奖代补资金")
    budget = models.ForeignKey(
        "funding.Budget",
        verbose_name=_("budget"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evaluation_deductions",
    )
    reason = models.CharField(_("reason"), max_length=300)

    objects = DeductionQuerySet.as_manager()

    class Meta:
        verbose_name = _("reward deduction")
        verbose_name_plural = _("reward deductions")
        ordering = ["-year", "division_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["title"],
                name="evaluation_deduction_unique_title",
                violation_error_message=_("The reward of this title is already deducted."),
            )
        ]

    def __str__(self):
        return f"{self.community.name} {self.year} {self.amount}"
