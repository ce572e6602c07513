from django.db import models
from django.utils.translation import gettext_lazy as _

from shequ.workorders.choices import PublicService

__all__ = ["ItemKind", "ItemStatus", "RequestStatus", "TargetStatus", "Utility"]


class ItemKind(models.TextChoices):
    """What a department may hand to a community (ADM-1): the six kinds the policy names."""

    TASK = "task", _("Task")
    INSPECTION = "inspection", _("Inspection or assessment")
    APPRAISAL = "appraisal", _("Appraisal")
    MEETING = "meeting", _("Meeting")
    LEDGER = "ledger", _("Ledger")
    REPORT = "report", _("Statistical report")


class ItemStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published by the city")
    SUPERSEDED = "superseded", _("Superseded by a newer version")
    WITHDRAWN = "withdrawn", _("Withdrawn by the city")


class RequestStatus(models.TextChoices):
    SENT = "sent", _("Awaiting the community's reply")
    REPLIED = "replied", _("Replied")
    DECLINED = "declined", _("Declined by the community")


class TargetStatus(models.TextChoices):
    """Where a department's target toward communities stands (GUAR-2); overdue is computed, never chosen."""

    PLANNED = "planned", _("Planned")
    UNDER_WAY = "under_way", _("Under way")
    DONE = "done", _("Done")


class Utility(models.TextChoices):
    """The four utilities brought into the community (水电气暖进社区, GUAR-2), with the values and names of the
    public services the monthly disclosure reports on (`workorders.choices.PublicService`)."""

    ELECTRICITY = PublicService.ELECTRICITY.value, PublicService.ELECTRICITY.label
    WATER = PublicService.WATER.value, PublicService.WATER.label
    GAS = PublicService.GAS.value, PublicService.GAS.label
    HEATING = PublicService.HEATING.value, PublicService.HEATING.label
