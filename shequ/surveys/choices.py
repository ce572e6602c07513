from django.db import models
from django.utils.translation import gettext_lazy as _


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    SCALE = "scale", _("Scale")
    TEXT = "text", _("Free text")
