from django.db import models
from django.utils.translation import gettext_lazy as _


class SchemeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_FORCE = "in_force", _("In force")
    SUPERSEDED = "superseded", _("Superseded")


class IndicatorKind(models.TextChoices):
    COMPUTED = "computed", _("Computed from the platform")
    SCORED = "scored", _("Scored by people")


class InspectionKind(models.TextChoices):
    OPEN = "open", _("Open inspection")
    UNANNOUNCED = "unannounced", _("Unannounced inspection")
    MEDIA = "media", _("Media exposure")
    PROBLEMS = "problems", _("Problems found and fixed")


class RunStatus(models.TextChoices):
    COMPUTED = "computed", _("Computed")
    REVIEWED = "reviewed", _("Reviewed by the district")
    APPROVED = "approved", _("Approved by the city")
    PUBLISHED = "published", _("Published")


class Grade(models.TextChoices):
    DEMONSTRATION = "demonstration", _("Demonstration")
    STANDARD = "standard", _("Up to standard")
    BELOW = "below", _("Below standard")
    UNKNOWN = "unknown", _("Not known: data missing")
