"""Jurisdiction arithmetic on 12-digit statistical division codes (DESIGN.md §3).

A division's *prefix* is the part of its code that identifies it: 4 digits for a city (``3502``), 6 for a district,
9 for a street, 12 for a community. Everything a division's staff may see has a `division_code` that starts with
that prefix. Filters are written as a closed range on the padded code (``3502000000000 <= code <= 350299999999``)
rather than ``LIKE 'p%'``: a range uses the b-tree index on SQLite and on PostgreSQL whatever the collation,
while ``LIKE`` only does so on SQLite with case-sensitive LIKE and on PostgreSQL with ``text_pattern_ops``.
"""

from collections.abc import Iterable
from functools import reduce
from operator import or_

from django.db.models import Q

__all__ = ["CODE_LENGTH", "PREFIX_LENGTHS", "code_prefix", "code_range", "minimal_prefixes", "scope_q"]

CODE_LENGTH = 12
# Significant digits per level of a 12-digit code: province 2, city 4, district 6, street 9, community 12.
PREFIX_LENGTHS = (2, 4, 6, 9, 12)


def code_prefix(code: str) -> str:
    """The significant prefix of a 12-digit code: `350203001000` → `350203001`."""
    for length in PREFIX_LENGTHS:
        if code[length:].strip("0") == "":
            return code[:length]
    return code


def code_range(prefix: str) -> tuple[str, str]:
    """The inclusive range of 12-digit codes that start with `prefix`."""
    return prefix.ljust(CODE_LENGTH, "0"), prefix.ljust(CODE_LENGTH, "9")


def minimal_prefixes(prefixes: Iterable[str]) -> list[str]:
    """Drop prefixes covered by a shorter one: a user assigned to a street and one of its communities has one range."""
    result: list[str] = []
    for prefix in sorted(set(prefixes), key=len):
        if not any(prefix.startswith(kept) for kept in result):
            result.append(prefix)
    return sorted(result)


def scope_q(prefixes: Iterable[str], field: str = "division_code") -> Q:
    """A Q object matching `field` within any of `prefixes`; matches nothing for an empty list."""
    ranges = [Q(**{f"{field}__range": code_range(prefix)}) for prefix in minimal_prefixes(prefixes)]
    if not ranges:
        return Q(pk__in=[])
    return reduce(or_, ranges)
