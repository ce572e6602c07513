from django.db import models
from django.utils.translation import gettext_lazy as _


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    SCALE = "scale", _("Scale")
    TEXT = "text", _("Free text")


class SurveyPurpose(models.TextChoices):
    """What a survey measures: residents' satisfaction (EVAL-1), or the residents' democratic evaluation of their
    committee (民主评议, SVC-6), whose results of at least five answers the community's affairs page shows."""

    SATISFACTION = "satisfaction", _("Satisfaction survey")
    DEMOCRATIC = "democratic", _("Democratic evaluation of the residents' committee")
