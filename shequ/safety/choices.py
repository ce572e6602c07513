"""Choices of the safe-community registers (issue #17; GOV-1, GOV-2, GOV-3)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = [
    "DeviceKind",
    "DeviceStatus",
    "DisputeKind",
    "MediationOutcome",
    "MediationStage",
    "OfficerKind",
    "PartyRole",
]


class OfficerKind(models.TextChoices):
    OFFICER = "officer", _("Community police officer")
    AUXILIARY = "auxiliary", _("Auxiliary police officer")


class DisputeKind(models.TextChoices):
    NEIGHBOURS = "neighbours", _("Neighbours")
    FAMILY = "family", _("Marriage and family")
    PROPERTY = "property", _("Property management")
    LABOUR = "labour", _("Labour")
    DAMAGES = "damages", _("Damages")
    OTHER = "other", _("Other")


class MediationStage(models.TextChoices):
    """A case's stage: accepted, investigated, mediated, closed (GOV-3)."""

    ACCEPTED = "accepted", _("Case accepted")
    INVESTIGATING = "investigating", _("Under investigation")
    MEDIATING = "mediating", _("Under mediation")
    CLOSED = "closed", _("Case closed")


class MediationOutcome(models.TextChoices):
    AGREEMENT = "agreement", _("Agreement reached")
    FAILED = "failed", _("Mediation failed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REFERRED = "referred", _("Referred elsewhere")


class PartyRole(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    RESPONDENT = "respondent", _("Respondent")
    THIRD_PARTY = "third_party", _("Third party")


class DeviceKind(models.TextChoices):
    CAMERA = "camera", _("Video camera")
    FACE = "face", _("Face capture camera")
    VEHICLE = "vehicle", _("Vehicle checkpoint")
    ACCESS = "access", _("Smart access control")
    OTHER = "other", _("Other device")


class DeviceStatus(models.TextChoices):
    """A surveillance device's status; only an online device covers its place (GOV-2)."""

    ONLINE = "online", _("Online")
    OFFLINE = "offline", _("Offline")
    FAULT = "fault", _("Faulty")
    REMOVED = "removed", _("Removed")


class HelpKind(models.TextChoices):
    """Whom help and education (帮教) is for (GOV-4). Stored only encrypted (`HelpEducationCase.kind_encrypted`)."""

    RELEASED_PRISON = "released_prison", _("Released from prison")
    RELEASED_REEDUCATION = "released_reeducation", _("Released from re-education")
    CORRECTIONS = "corrections", _("Community corrections")
    AT_RISK_YOUTH = "at_risk_youth", _("At-risk youth")


class HelpStatus(models.TextChoices):
    ACTIVE = "active", _("Being helped")
    ENDED = "ended", _("Help ended")


class HelperRole(models.TextChoices):
    """A member of a help group (帮教小组)."""

    CADRE = "cadre", _("Community cadre")
    POLICE = "police", _("Community police officer")
    GRID_WORKER = "grid_worker", _("Grid worker")
    FAMILY = "family", _("Family member")
    VOLUNTEER = "volunteer", _("Volunteer")
    OTHER = "other", _("Other")


class PlaceKind(models.TextChoices):
    """What a fire inspection looks at (GOV-5)."""

    RESIDENTIAL_AREA = "residential_area", _("Residential area")
    SMALL_VENUE = "small_venue", _("Small shop, workshop or venue (三小场所)")
    RENTAL = "rental", _("Rental housing")
    PUBLIC = "public", _("Public place")
    OTHER = "other", _("Other place")


class ReinspectionResult(models.TextChoices):
    RECTIFIED = "rectified", _("Rectified")
    NOT_RECTIFIED = "not_rectified", _("Not rectified")


class ActivityKind(models.TextChoices):
    """Legal publicity and the campaigns the policy names (GOV-5): 黄赌毒, cults, pyramid selling."""

    LEGAL_PUBLICITY = "legal_publicity", _("Legal publicity")
    FIRE_PUBLICITY = "fire_publicity", _("Fire-safety publicity")
    VICE = "vice", _("Against pornography, gambling and drugs")
    CULTS = "cults", _("Against cults")
    PYRAMID = "pyramid", _("Against pyramid selling")
