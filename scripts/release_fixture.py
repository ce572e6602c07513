"""Make the demo data of a release for the upgrade test (issue #18 item 7): run with that release's code checked out.

    SHEQU_DATABASE_URL=sqlite:////tmp/release.sqlite3 .venv/bin/python scripts/release_fixture.py 0.1

Migrates the (empty) database, loads a small demo of Xiamen the way `make demo` does (every division, 60
residents in their households, organisations, facilities, property, the call centre's units and rules, 40 work
orders, the demo accounts, the rollups), checks that its migrations are exactly the release's
(`shequ.core.upgrades.RELEASES`), and writes `shequ/core/upgrades/release-<version>-demo.json.gz`: every row of
every table but sessions and login attempts, in dependency order.
"""

import gzip
import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shequ.settings")
os.environ.setdefault("SHEQU_TASK_BACKEND", "immediate")

import django  # noqa: E402

SKIPPED_APPS = {"sessions", "axes", "django_tasks_database"}
CITY = "350200000000"


def main(version: str) -> None:
    django.setup()
    from django.apps import apps
    from django.core import serializers
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    from shequ.accounts.management.commands import setup_demo
    from shequ.core.upgrades import DATA_DIR, RELEASES

    call_command("migrate", verbosity=0)
    applied = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        applied[app] = max(applied.get(app, ""), name)
    if applied != RELEASES[version]["migrations"]:
        raise SystemExit(f"This database's migrations are not release {version}'s: {applied}")
    setup_demo.ACCOUNTS_FILE = Path(tempfile.mkdtemp()) / "demo-accounts.txt"
    call_command("load_divisions", city=CITY)
    call_command("seed_population", residents=60, city=CITY, if_empty=True)
    for command in ("seed_organizations", "seed_facilities", "seed_property"):
        call_command(command, city=CITY, if_empty=True)
    call_command("setup_call_centre", city=CITY)
    call_command("seed_work_orders", city=CITY, orders=40, if_empty=True)
    call_command("setup_demo", city=CITY)
    call_command("refresh_rollups")
    models = [m for m in apps.get_models() if m._meta.app_label not in SKIPPED_APPS and not m._meta.proxy]
    ordered = serializers.sort_dependencies([(None, models)], allow_cycles=True)
    rows = []
    for model in ordered:
        manager = model._base_manager
        rows += json.loads(serializers.serialize("json", manager.order_by("pk")))
    target = DATA_DIR / f"release-{version}-demo.json.gz"
    with gzip.GzipFile(target, "wb", mtime=0) as raw:
        raw.write(json.dumps(rows, ensure_ascii=False, sort_keys=True, indent=0).encode())
    print(f"{target.name}: {len(rows)} rows of {len(ordered)} models")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "0.1")
