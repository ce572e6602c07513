from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["AllowanceStatus", "CaseStatus", "ServiceArea", "ServicePlace"]


class ServiceArea(models.TextChoices):
    EMPLOYMENT = "employment", _("Employment and social security")
    ASSISTANCE = "assistance", _("Social assistance")
    HEALTH = "health", _("Health and family planning")
    CULTURE = "culture", _("Culture, education and sports")
    OTHER = "other", _("Other")


class ServicePlace(models.TextChoices):
    COMMUNITY = "community", _("Community service station")
    STREET = "street", _("Street service hall")
    DISTRICT = "district", _("District service centre")


class CaseStatus(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    PROCESSING = "processing", _("Processing")
    COMPLETED = "completed", _("Completed")
    REJECTED = "rejected", _("Rejected")

    @classmethod
    def open(cls):
        return (cls.ACCEPTED, cls.PROCESSING)


class AllowanceStatus(models.TextChoices):
    ACTIVE = "active", _("Receiving")
    SUSPENDED = "suspended", _("Suspended")
    TERMINATED = "terminated", _("Terminated")
