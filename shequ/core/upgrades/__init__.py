"""Upgrades without surprises (issue #18 item 7): what each release's database looked like, and its demo data.

`RELEASES[version]` names the commit a release was cut from and, per app, the last migration it had. The upgrade
test (`core/tests/test_upgrade.py`) migrates a fresh database to that state, loads `release-<version>-demo.json.gz`
(a small demo made with that release's code, `scripts/release_fixture.py`) through the historical models, migrates
to the latest and checks that the data survived. docs/upgrades.md lists the migrations since the last release that
rewrite or lock large tables on PostgreSQL.
"""

from pathlib import Path
from typing import Any

__all__ = ["CURRENT", "DATA_DIR", "RELEASES", "release_targets"]

DATA_DIR = Path(__file__).resolve().parent

RELEASES: dict[str, dict[str, Any]] = {
    "0.1": {
        # core: Catch only FieldDoesNotExist when a picker asks for a field (#13)
        "commit": "e14b6cbada7dad4b1247f870a4ebeef6d005266a",
        "migrations": {
            "accounts": "0003_password_policy",
            "affairs": "0001_initial",
            "auth": "0012_alter_user_first_name_max_length",
            "axes": "0010_accessattemptexpiration",
            "cockpit": "0001_figures",
            "contenttypes": "0002_remove_content_type_name",
            "core": "0009_objectchange_fewer_indexes",
            "django_tasks_database": "0021_conditional_partial_index_ordering",
            "facilities": "0002_planning_and_upkeep",
            "gridwork": "0002_bounds",
            "onestop": "0001_initial",
            "organizations": "0004_bounds",
            "otp_totp": "0003_add_timestamps",
            "people": "0008_move_kind_change_household",
            "places": "0002_bounds",
            "property": "0002_self_managed_areas",
            "regions": "0001_initial",
            "safety": "0002_surveillance",
            "sessions": "0001_initial",
            "volunteers": "0002_bounds",
            "workforce": "0002_bounds",
            "workorders": "0008_time_labels",
        },
    },
}
CURRENT = "0.1"  # the last release; migrations after it are "this release's"


def release_targets(version: str = CURRENT) -> list[tuple[str, str]]:
    return sorted(RELEASES[version]["migrations"].items())
