from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["DwellingUse", "RentalRegistration"]


class DwellingUse(models.TextChoices):
    OWNER_OCCUPIED = "owner_occupied", _("Owner-occupied")
    RENTED = "rented", _("Rented")
    VACANT = "vacant", _("Vacant")
    COMMERCIAL = "commercial", _("Commercial")


class RentalRegistration(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    UNREGISTERED = "unregistered", _("Not registered")
    EXPIRED = "expired", _("Registration expired")
