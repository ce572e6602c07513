"""The call centre's reference look-ups on the intake path — categories by code, communities by code, routing and
Open311 clients by key — kept per process and dropped when a category, unit, rule, division or client changes
(`core.refcache`; issue #5: intake speed). Every intake channel (API, Open311, portal, staff page) reads them here.
A revoked Open311 key stops within a second in every process."""

from django.conf import settings

from shequ.core.refcache import ReferenceCache
from shequ.regions.choices import DivisionLevel
from shequ.regions.models import Division
from shequ.workorders.models import Category, HandlingUnit, Open311Client, RoutingRule

__all__ = ["CLIENTS", "REFERENCE", "active_category", "active_client", "ancestor_codes", "community", "route"]

REFERENCE = ReferenceCache("workorders", Category, HandlingUnit, RoutingRule, Division)
# Who an Open311 caller is must never be seen stale: a withdrawn api_key stops the next request in every process and
# on every machine (one shared-cache read per request, issue #18).
CLIENTS = ReferenceCache("open311-clients", Open311Client, check_every=0)


def active_category(code: str) -> Category | None:
    return REFERENCE.get(
        ("category", code), lambda: Category.objects.filter(code=code, active=True).select_related("parent").first()
    )


def community(code: str) -> Division | None:
    return REFERENCE.get(
        ("community", code),
        lambda: Division.objects.unscoped("reference").filter(code=code, level=DivisionLevel.COMMUNITY).first(),
    )


def active_client(digest: str) -> Open311Client | None:
    """The active Open311 client whose api_key has this digest."""
    return CLIENTS.get(
        ("client", digest), lambda: Open311Client.objects.filter(key_digest=digest, active=True).first()
    )


def ancestor_codes(code: str) -> list[str]:
    """The codes of a division and of every division above it (province, city, district, street, itself)."""
    return sorted({code[:length].ljust(12, "0") for length in (2, 4, 6, 9, 12)})


def _route(category: Category, community: Division | None) -> HandlingUnit | None:
    """The unit of the most specific routing rule whose division contains the location, for the category or,
    failing that, its parents; with no known location, the city's rule (the hotline centre). Only the rules of
    the location's own chain of divisions are read: a city has one rule per community."""
    codes = ancestor_codes(community.code) if community else [settings.SHEQU_CITY_CODE]
    while category is not None:
        rules = RoutingRule.objects.filter(category=category, division_code__in=codes, unit__active=True)
        best = max(rules.select_related("unit"), key=lambda rule: len(rule.division_code.rstrip("0")), default=None)
        if best is not None:
            return best.unit
        category = category.parent
    return None


def route(category: Category, community: Division | None) -> HandlingUnit | None:
    """`_route`, remembered per category and place until a rule, unit, category or division changes."""
    return REFERENCE.get(
        ("route", category.pk, community.pk if community else None), lambda: _route(category, community)
    )
