from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["FilingState", "FunctionKind", "Ownership"]


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
