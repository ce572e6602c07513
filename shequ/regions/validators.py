"""Validation of 12-digit statistical division codes (DESIGN.md §3). Messages are for a clerk, in Chinese."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from shequ.regions.choices import DivisionLevel

__all__ = ["level_of_code", "parent_code_of", "validate_division_code"]

_TWELVE_DIGITS = re.compile(r"^[0-9]{12}$")  # ASCII only: \d also matches full-width digits


def validate_division_code(code: str) -> None:
    """Refuse anything that is not 12 digits or has no level (e.g. a province code `350000000000`)."""
    if not _TWELVE_DIGITS.match(code or ""):
        raise ValidationError(_("Division code must be exactly 12 digits."), code="format")
    if level_of_code(code) is None:
        raise ValidationError(_("Division code does not denote a city, district, street or community."), code="level")


def level_of_code(code: str) -> DivisionLevel | None:
    """The level a well-formed code denotes: `350203001000` → street; None for a province or malformed code."""
    if not _TWELVE_DIGITS.match(code or ""):
        return None
    if code[2:4] == "00":
        return None
    if code[4:] == "00000000":
        return DivisionLevel.CITY
    if code[4:6] == "00":
        return None
    if code[6:] == "000000":
        return DivisionLevel.DISTRICT
    if code[6:9] == "000":
        return None
    if code[9:] == "000":
        return DivisionLevel.STREET
    return DivisionLevel.COMMUNITY


def parent_code_of(code: str) -> str | None:
    """The code of the division directly above: community → street, street → district, district → city."""
    level = level_of_code(code)
    if level is None or level == DivisionLevel.CITY:
        return None
    parent_length = {DivisionLevel.DISTRICT: 4, DivisionLevel.STREET: 6, DivisionLevel.COMMUNITY: 9}[level]
    return code[:parent_length].ljust(12, "0")
