"""Satisfaction surveys (issue #14 item 2; EVAL-1 "satisfaction-led", EVAL-4, INFO-1): questionnaires built in the
UI, a reproducible sample of households per community, single-use answer tokens and the answers.

Answers are never linkable to a resident: a token names its survey and community only (no household), is issued in
a random order unrelated to the sample's list, and records only that it was used (not when); an answer holds its
community and the day, not the token. Results are shown only for groups of at least `MIN_GROUP` answers.

A survey has a purpose: satisfaction, or the residents' democratic evaluation of their committee (民主评议, SVC-6),
which the same machinery samples, answers and counts, and the community's affairs page on the portal publishes.
"""

import secrets
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from shequ.core.dates import not_before, within_years
from shequ.core.models import CommunityRecord, DivisionRecord, Linked, ScopedModel
from shequ.surveys.choices import QuestionKind, SurveyPurpose

__all__ = ["Answer", "Question", "Sample", "Survey", "Token"]

EARLIEST_YEAR = 2000
PLANNED = [not_before(EARLIEST_YEAR), within_years(future=1)]
MIN_GROUP = 5  # results of fewer answers are never shown


class Survey(Linked, DivisionRecord):
    """A questionnaire put to the households of the communities of a division, open between two days."""

    title = models.CharField(_("title"), max_length=100)
    purpose = models.CharField(
        _("purpose"), max_length=20, choices=SurveyPurpose.choices, default=SurveyPurpose.SATISFACTION
    )
    intro = models.TextField(_("introduction"), blank=True)
    opens_on = models.DateField(_("opens on"), validators=PLANNED)
    closes_on = models.DateField(_("closes on"), validators=PLANNED)
    margin = models.DecimalField(
        _("margin of error (%)"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("5.0"),
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("At a confidence of 95 per cent; it sets each community's sample size."),
    )

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-opens_on", "division_code", "title"]
        constraints = [
            models.UniqueConstraint(fields=["division", "title", "opens_on"], name="surveys_survey_unique_title")
        ]

    def __str__(self):
        return self.title

    @property
    def answered(self) -> bool:
        return bool(self.pk) and Answer.objects.filter(survey_id=self.pk).exists()

    def is_open(self, day) -> bool:
        return self.opens_on <= day <= self.closes_on

    def clean(self):
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("The closing date must not be before the opening date.")})


class Question(Linked, ScopedModel):
    """One question: a single choice among lines of `choices`, a scale from 1 to `scale_max`, or free text. A scale
    question may count as the survey's satisfaction: answers at or above `satisfied_from` are satisfied."""

    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="questions")
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1), MaxValueValidator(100)])
    text = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    choices = models.TextField(_("choices"), blank=True, help_text=_("For a single choice: one choice per line."))
    scale_max = models.PositiveSmallIntegerField(
        _("scale maximum"), default=5, validators=[MinValueValidator(2), MaxValueValidator(10)]
    )
    satisfaction = models.BooleanField(
        _("counts as satisfaction"), default=False, help_text=_("A scale question whose answers rate satisfaction.")
    )
    satisfied_from = models.PositiveSmallIntegerField(
        _("satisfied from"), default=4, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    scope_parent = "survey"

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["division_code", "survey", "number"]
        constraints = [models.UniqueConstraint(fields=["survey", "number"], name="surveys_question_unique_number")]

    def __str__(self):
        return f"{self.number}. {self.text}"

    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]

    def clean(self):
        if self.survey_id and self.survey.answered:
            raise ValidationError(_("The survey has answers: its questions can no longer change."))
        if self.kind == QuestionKind.SINGLE and len(self.choice_list()) < 2:
            raise ValidationError({"choices": _("A single-choice question needs at least two choices, one per line.")})
        if self.satisfaction and self.kind != QuestionKind.SCALE:
            raise ValidationError({"satisfaction": _("Only a scale question can count as satisfaction.")})
        if self.satisfaction and self.satisfied_from and self.scale_max and self.satisfied_from > self.scale_max:
            raise ValidationError({"satisfied_from": _("It must lie on the scale.")})


class Sample(Linked, CommunityRecord):
    """The households of one community drawn for a survey: `size` of `population` by the seed, reproducibly."""

    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="samples")
    seed = models.BigIntegerField(_("seed"))
    population = models.PositiveIntegerField(_("households"))
    size = models.PositiveIntegerField(_("sample size"))
    households = models.JSONField(_("households drawn"), default=list, editable=False)
    drawn_at = models.DateTimeField(_("drawn at"), auto_now_add=True)
    messages_sent_at = models.DateTimeField(_("codes sent by message"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("survey sample")
        verbose_name_plural = _("survey samples")
        ordering = ["division_code", "survey"]
        constraints = [models.UniqueConstraint(fields=["survey", "community"], name="surveys_sample_unique_community")]

    def __str__(self):
        return f"{self.survey} · {self.community.name}"


def new_code() -> str:
    return secrets.token_urlsafe(12)


class Token(models.Model):
    """A single-use answer token: its survey and community, whether it was sent by message, and whether it has been
    used — nothing else (no household)."""

    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="tokens")
    division_code = models.CharField(_("division code"), max_length=12, db_index=True)
    code = models.CharField(_("code"), max_length=20, unique=True, default=new_code)
    used = models.BooleanField(_("used"), default=False)
    # Sent by message to some household of the sample (which one is never kept): not printed on a slip.
    sent = models.BooleanField(_("sent by message"), default=False)

    class Meta:
        verbose_name = _("answer token")
        verbose_name_plural = _("answer tokens")
        ordering = ["code"]

    def __str__(self):
        return self.code


class Answer(models.Model):
    """One household's answers, {question number: value}: the community and the day, never the token or a time."""

    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="answers")
    division_code = models.CharField(_("division code"), max_length=12, db_index=True)
    answered_on = models.DateField(_("answered on"))
    values = models.JSONField(_("answers"), default=dict)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["survey", "division_code"]

    def __str__(self):
        return f"{self.survey} {self.division_code}"
