from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["BasicService", "Selection"]


class Selection(models.TextChoices):
    """How a property company was selected, openly (PROP-1: 选聘物业公司)."""

    PUBLIC_TENDER = "public_tender", _("Public tender")
    INVITED_TENDER = "invited_tender", _("Invited tender")
    NEGOTIATED = "negotiated", _("Negotiated selection")


class BasicService(models.TextChoices):
    """The basic property services of a self-managed area (PROP-2): cleaning, security, repairs of shared facilities."""

    CLEANING = "cleaning", _("Cleaning")
    SECURITY = "security", _("Security")
    REPAIRS = "repairs", _("Repairs of shared facilities")
    OTHER = "other", _("Other")
