"""Links from other registers to the resident register (ORG-4): committee members, building heads, team leaders,
volunteers and social workers may name the resident they are. The link is optional and must point to a resident of
the record's own community; the registers that link declare the field with `resident_link` and check it in
`clean()` with `check_resident_in`."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from shequ.people.models import Resident

__all__ = ["check_resident_in", "resident_link"]


def resident_link(verbose_name=None):
    """An optional link to the resident register; it must be a resident of the record's own community."""
    return models.ForeignKey(
        "people.Resident",
        verbose_name=verbose_name or _("resident"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )


def check_resident_in(record, community_code: str, field: str = "resident") -> None:
    """ORG-4 bad input: a leader, head or member linked to a resident of another community is refused."""
    resident_id = getattr(record, f"{field}_id")
    if resident_id is None or not community_code:
        return
    code = (
        Resident.objects.unscoped("same-community check")
        .filter(pk=resident_id)
        .values_list("division_code", flat=True)
        .first()
    )
    if code != community_code:
        # Not keyed by field: page forms record names and leave the link to the API, and a form may only
        # report errors on its own fields.
        raise ValidationError(_("The linked resident does not live in this record's community."))
