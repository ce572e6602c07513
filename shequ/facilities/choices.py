from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["FilingState", "FunctionKind", "IssueSource", "Ownership", "ProjectKind", "UpkeepStandard"]


class Ownership(models.TextChoices):
    """Who holds a community facility (FAC-2: 权属)."""

    OWNED = "owned", _("Owned")
    LEASED = "leased", _("Leased")
    LENT = "lent", _("Lent")


class FunctionKind(models.TextChoices):
    """The four kinds of item in "18室1厅1站6栏": rooms, the hall, the station and the notice boards."""

    ROOM = "room", _("Room")
    HALL = "hall", _("Hall")
    STATION = "station", _("Station")
    BOARD = "board", _("Notice board")


class FilingState(models.TextChoices):
    """How far a facility's registration has gone: registered by the street, filed with the district's civil-affairs
    and state-asset departments (FAC-2: 登记造册，报民政部门和国资管理部门备案)."""

    REGISTERED = "registered", _("Registered, not filed")
    PARTLY_FILED = "partly_filed", _("Filed with one department")
    FILED = "filed", _("Filed with both departments")


class ProjectKind(models.TextChoices):
    """A planning project (FAC-1): a new residential area or an old one's renovation (新建住宅小区、旧城区连片改造)."""

    NEW_AREA = "new_area", _("New residential area")
    RENOVATION = "renovation", _("Old-area renovation")


class UpkeepStandard(models.TextChoices):
    """The five upkeep standards of residential areas (FAC-3): 路平、灯明、水通、安全、卫生."""

    ROADS = "roads", _("Roads level")
    LIGHTS = "lights", _("Lights on")
    WATER = "water", _("Water flowing")
    SAFETY = "safety", _("Safety")
    SANITATION = "sanitation", _("Sanitation")


class IssueSource(models.TextChoices):
    INSPECTION = "inspection", _("Inspection")
    WORK_ORDER = "work_order", _("Work order")
