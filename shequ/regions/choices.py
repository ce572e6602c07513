from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["DivisionLevel", "DivisionSource"]


class DivisionLevel(models.TextChoices):
    """The four levels one deployment manages (SVC-3). A province exists only as the first two digits of a code."""

    CITY = "city", _("City")
    DISTRICT = "district", _("District")
    STREET = "street", _("Street")
    COMMUNITY = "community", _("Community")

    @property
    def prefix_length(self) -> int:
        return {"city": 4, "district": 6, "street": 9, "community": 12}[self.value]

    @property
    def child(self):
        order = list(DivisionLevel)
        index = order.index(self)
        return order[index + 1] if index + 1 < len(order) else None


class DivisionSource(models.TextChoices):
    NBS = "nbs", _("National Bureau of Statistics statistical division codes")
    LOCAL = "local", _("Entered locally")
