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


class CaseOrigin(models.TextChoices):
    EVALUATION = "evaluation", _("Below standard in the annual evaluation")
    RECHECK = "recheck", _("Failed re-check of a demonstration community")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Cause(models.TextChoices):
    """The causes the policy names (三(三)3); the first four lead to the accountability of named persons."""

    INVESTMENT = "investment", _("Infrastructure under-invested")
    NEGLECT = "neglect", _("Leadership neglect")
    DELAY = "delay", _("Work delayed")
    SATISFACTION = "satisfaction", _("Low residents' satisfaction")
    OTHER = "other", _("Other")


class TitleStatus(models.TextChoices):
    HELD = "held", _("Held")
    REVOKED = "revoked", _("Revoked")


class AwardLevel(models.TextChoices):
    CITY = "city", _("City demonstration community")
    PROVINCIAL = "provincial", _("Provincial harmonious-community demonstration unit")
    NATIONAL = "national", _("National harmonious-community demonstration unit")


class AwardStage(models.TextChoices):
    RECOMMENDED = "recommended", _("Recommended")
    AWARDED = "awarded", _("Awarded")
    NOT_AWARDED = "not_awarded", _("Not awarded")


class RecheckResult(models.TextChoices):
    PENDING = "pending", _("Not yet re-checked")
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Failed")
