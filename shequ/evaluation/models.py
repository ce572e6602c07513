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
from shequ.evaluation.choices import Grade, IndicatorKind, InspectionKind, RunStatus, SchemeStatus
from shequ.evaluation.querysets import IndicatorQuerySet, SchemeQuerySet

__all__ = ["Evidence", "Indicator", "IndicatorValue", "Inspection", "Run", "Scheme", "Score"]

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
