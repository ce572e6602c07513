"""Loading the statistical division code list (issue #2, SVC-3)."""

import csv
import gzip
import io
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from shequ.core.refcache import ReferenceCache
from shequ.regions.choices import DivisionLevel, DivisionSource
from shequ.regions.models import Division
from shequ.regions.validators import level_of_code

__all__ = [
    "DATA_DIR",
    "EDITION",
    "LoadError",
    "LoadResult",
    "demo_community",
    "find_public_community",
    "load_city",
    "read_division_file",
]

DATA_DIR = Path(__file__).resolve().parent / "data"
EDITION = "2023"
LEVEL_ORDER = [DivisionLevel.CITY, DivisionLevel.DISTRICT, DivisionLevel.STREET, DivisionLevel.COMMUNITY]


class LoadError(ValueError):
    pass


@dataclass
class LoadResult:
    city: Division
    created: int
    updated: int
    unchanged: int
    counts: dict[str, int]


def read_division_file(path: Path) -> list[dict[str, str]]:
    with gzip.open(path, "rb") as raw:
        return list(csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8")))


def normalise_city_code(code: str) -> str:
    """Accept `3502` or `350200000000`; refuse anything else with the reason."""
    code = (code or "").strip()
    if len(code) == 4 and code.isascii() and code.isdigit():
        code = code.ljust(12, "0")
    if level_of_code(code) != DivisionLevel.CITY:
        raise LoadError(
            _("{code} is not a city code (4 digits, or 12 digits ending in eight zeros).").format(code=code)
        )
    return code


def city_rows(city_code: str) -> list[dict[str, str]]:
    """The city's own row, its districts and streets, and its communities (one file per province ships, issue #18)."""
    prefix = city_code[:4]
    rows = [row for row in read_division_file(DATA_DIR / "nbs-2023-divisions.csv.gz") if row["code"].startswith(prefix)]
    community_file = DATA_DIR / f"nbs-2023-communities-{prefix[:2]}.csv.gz"
    if community_file.exists():
        rows += [row for row in read_division_file(community_file) if row["code"].startswith(prefix)]
    if not any(row["code"] == city_code for row in rows):
        raise LoadError(_("City {code} is not in the {edition} code list.").format(code=city_code, edition=EDITION))
    return rows


@transaction.atomic
def load_city(city_code: str) -> LoadResult:
    """Create or update every division of one city from the shipped NBS data; safe to run again (idempotent).

    Bulk writes (no per-row change log); a level is written before the next so parents always exist.
    """
    city_code = normalise_city_code(city_code)
    # A city without districts (东莞, 中山, 嘉峪关, 儋州) lists one "district" under its own code: its streets hang
    # from the city itself (issue #18).
    rows = [
        row for row in city_rows(city_code) if not (row["level"] == DivisionLevel.DISTRICT and row["code"] == city_code)
    ]
    existing = {
        d.code: d for d in Division.objects.unscoped("loading the code list").filter(code__startswith=city_code[:4])
    }
    created = updated = unchanged = 0
    counts: dict[str, int] = {}
    for level in LEVEL_ORDER:
        level_rows = [row for row in rows if row["level"] == level]
        counts[level] = len(level_rows)
        new, changed = [], []
        for row in level_rows:
            parent = existing.get(row["parent"]) if row["parent"] else None
            current = existing.get(row["code"])
            if current is None:
                new.append(
                    Division(
                        code=row["code"],
                        division_code=row["code"],
                        name=row["name"],
                        level=level,
                        parent=parent,
                        source=DivisionSource.NBS,
                        edition=EDITION,
                    )
                )
            elif (current.name, current.parent_id, current.source, current.edition) != (
                row["name"],
                parent.pk if parent else None,
                DivisionSource.NBS,
                EDITION,
            ):
                current.name, current.parent, current.source, current.edition = (
                    row["name"],
                    parent,
                    DivisionSource.NBS,
                    EDITION,
                )
                changed.append(current)
            else:
                unchanged += 1
        Division.objects.bulk_create(new, batch_size=1000)
        Division.objects.bulk_update(changed, ["name", "parent", "source", "edition"], batch_size=1000)
        created += len(new)
        updated += len(changed)
        if new:
            # bulk_create does not return primary keys on every backend; re-read this level for the next one.
            existing.update(
                (d.code, d) for d in Division.objects.unscoped("loading").filter(code__in=[d.code for d in new])
            )
    # Bulk writes send no signal: look-ups kept per process (communities by code on the intake path) start afresh.
    transaction.on_commit(ReferenceCache.invalidate_all)
    return LoadResult(existing[city_code], created, updated, unchanged, counts)


def demo_community(city: str) -> Division:
    """The demo's community: the first community of the first street of the city's first district (`setup_demo`
    gives its staff and grid worker accounts there; the seed commands fill it). LoadError when the city is not
    loaded."""
    divisions = Division.objects.unscoped("the demo's divisions")
    district = divisions.filter(parent__code=city).order_by("code").first()
    street = divisions.filter(parent=district).order_by("code").first()
    community = divisions.filter(parent=street, level=DivisionLevel.COMMUNITY).order_by("code").first()
    if community is None:
        raise LoadError(_("Division {city} is not loaded; run load_divisions --city {city} first.").format(city=city))
    return community


PUBLIC_MATCHES = 20
PUBLIC_QUERY = 30


def find_public_community(request, reason: str) -> dict:
    """The public portal's choice of a community (no account: 居务公开, the monthly disclosure): `community` by its
    12-digit code (`?community=`), else at most 20 `matches` of a name fragment (`?q=`, at most 30 characters)."""
    communities = Division.objects.unscoped(reason).filter(level=DivisionLevel.COMMUNITY)
    code = request.GET.get("community", "").strip()
    query = request.GET.get("q", "").strip()[:PUBLIC_QUERY]
    community = communities.filter(code=code).first() if code.isdigit() and len(code) == 12 else None
    matches = []
    if community is None and query:
        matches = list(communities.filter(name__contains=query).order_by("code")[:PUBLIC_MATCHES])
    return {"community": community, "q": query, "matches": matches}
