"""Codes that name a division anywhere in China, checked against the shipped NBS code list (issue #12 "codes
against their registers").

Only the divisions of the loaded city are `Division` rows; a floating resident's origin county or the community a
resident moved to lies anywhere in the country, so these are checked against `data/nbs-2023-divisions.csv.gz`
(2,978 county-level units, read once per process).
"""

import csv
import gzip
import io
import re
from functools import lru_cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from shequ.regions.choices import DivisionLevel
from shequ.regions.validators import level_of_code

__all__ = ["county_codes", "validate_community_code", "validate_county_code"]

DIVISIONS_FILE = Path(__file__).resolve().parent / "data" / "nbs-2023-divisions.csv.gz"
_SIX_DIGITS = re.compile(r"^[0-9]{6}$")


@lru_cache(maxsize=1)
def county_codes() -> frozenset[str]:
    """The 6-digit codes of every county-level unit (区, 县, 县级市, and cities without counties such as 东莞)."""
    with gzip.open(DIVISIONS_FILE, "rb") as raw:
        rows = csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8"))
        return frozenset(row["code"][:6] for row in rows if row["level"] == DivisionLevel.DISTRICT)


def validate_county_code(value: str) -> None:
    """Refuse anything but the 6-digit code of a county-level unit of the national code list (`abc`, `350200`)."""
    if not value:
        return
    if not _SIX_DIGITS.match(value) or value not in county_codes():
        raise ValidationError(
            _("{value} is not a county code of the national division list (6 digits, e.g. 350203).").format(
                value=value
            ),
            code="county_code",
        )


def validate_community_code(value: str) -> None:
    """Refuse anything but a 12-digit village-level code (社区 / 村) in a county of the national code list."""
    if not value:
        return
    if level_of_code(value) != DivisionLevel.COMMUNITY or value[:6] not in county_codes():
        raise ValidationError(
            _("{value} is not a community code (12 digits, e.g. 350203001001).").format(value=value),
            code="community_code",
        )
