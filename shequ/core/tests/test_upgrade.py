"""Upgrades without surprises (issue #18 item 7): every migration since the last release applies to a database that
holds that release's demo data, and the data survive.

A fresh database is migrated to release 0.1 (`shequ.core.upgrades.RELEASES`: per app, its last migration at commit
e14b6cb), the demo made with that release's code (`release-0.1-demo.json.gz`, `scripts/release_fixture.py`) is
written through the historical models of that state, then every later migration is applied and each table is
compared with what was loaded. Runs on SQLite and on PostgreSQL (`make test-pg`).
"""

import gzip
import json
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.test import TransactionTestCase

from shequ.core.upgrades import CURRENT, DATA_DIR, RELEASES, release_targets

ALIAS = "upgrade"


class ReleaseRecordTests(TransactionTestCase):
    def test_the_release_names_an_existing_migration_of_every_app_it_had(self):
        graph = MigrationLoader(None, ignore_no_migrations=True).graph
        for node in release_targets():
            self.assertIn(node, graph.nodes)
        # Apps added since the release (absent from the record) start from nothing on upgrade; every app of the
        # release is recorded.
        self.assertLessEqual({"accounts", "people", "workorders", "auth"}, set(RELEASES[CURRENT]["migrations"]))


class UpgradeFromLastReleaseTests(TransactionTestCase):
    def setUp(self):
        primary = connection.settings_dict
        if connection.vendor == "postgresql":
            self.name = f"{primary['NAME']}_upgrade"
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{self.name}"')
                cursor.execute(f'CREATE DATABASE "{self.name}"')
        else:
            self.name = str(Path(tempfile.mkdtemp(prefix="shequ-upgrade-")) / "db.sqlite3")
        connections.settings[ALIAS] = {**primary, "NAME": self.name, "TEST": {**primary.get("TEST", {})}}
        # The test may use the database it made (only for itself: restored before Django's flush of its databases).
        type(self).databases = frozenset({"default", ALIAS})
        self.addCleanup(setattr, type(self), "databases", frozenset({"default"}))
        self.addCleanup(self.drop)

    def drop(self):
        connections[ALIAS].close()
        del connections.settings[ALIAS]
        if hasattr(connections._connections, ALIAS):
            delattr(connections._connections, ALIAS)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{self.name}"')

    def load_release_data(self, state_apps) -> Counter:
        """Write the release's demo rows through the historical models; the rows per model label."""
        with gzip.open(DATA_DIR / f"release-{CURRENT}-demo.json.gz", "rt", encoding="utf-8") as raw:
            rows = json.load(raw)
        batches: dict[str, list] = defaultdict(list)
        links = []
        order = []
        for row in rows:
            model = state_apps.get_model(row["model"])
            obj = model(pk=row["pk"])
            for name, value in row["fields"].items():
                field = model._meta.get_field(name)
                if field.many_to_many:
                    links.append((field, row["pk"], value))
                elif field.is_relation:
                    setattr(obj, field.attname, value)
                else:
                    setattr(obj, field.attname, field.to_python(value))
            if row["model"] not in batches:
                order.append(row["model"])
            batches[row["model"]].append(obj)
        with transaction.atomic(using=ALIAS):  # foreign keys are checked at commit (deferred)
            for label in order:
                state_apps.get_model(label).objects.using(ALIAS).bulk_create(batches[label], batch_size=500)
            for field, pk, targets in links:
                through = field.remote_field.through
                source = field.m2m_field_name()
                target = field.m2m_reverse_field_name()
                through.objects.using(ALIAS).bulk_create(
                    [through(**{f"{source}_id": pk, f"{target}_id": t}) for t in targets]
                )
        models = [state_apps.get_model(label) for label in order]
        with connections[ALIAS].cursor() as cursor:  # PostgreSQL: sequences past the loaded ids
            for statement in connections[ALIAS].ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
        return Counter(row["model"] for row in rows)

    def test_every_migration_since_the_release_applies_to_its_demo_data(self):
        executor = MigrationExecutor(connections[ALIAS])
        executor.migrate(release_targets())
        state = executor.loader.project_state(release_targets(), at_end=True)
        loaded = self.load_release_data(state.apps)
        self.assertGreater(loaded["people.resident"], 0)
        self.assertGreater(loaded["workorders.workorder"], 0)
        self.assertGreater(loaded["regions.division"], 500)

        executor = MigrationExecutor(connections[ALIAS])
        leaves = executor.loader.graph.leaf_nodes()
        since = [m for m, _backwards in executor.migration_plan(leaves)]
        executor.migrate(leaves)
        executor.loader.build_graph()
        self.assertEqual(executor.migration_plan(executor.loader.graph.leaf_nodes()), [])

        survived = {}
        for label in loaded:
            try:
                model = apps.get_model(label)
            except LookupError:  # a model a later migration removed: its rows went with it, on purpose
                continue
            survived[label] = model._base_manager.using(ALIAS).count()
        self.assertEqual(survived, {label: n for label, n in loaded.items() if label in survived}, since)

        # The rows are the release's, readable with today's code.
        from shequ.accounts.models import User
        from shequ.people.models import Resident
        from shequ.regions.models import Division

        with gzip.open(DATA_DIR / f"release-{CURRENT}-demo.json.gz", "rt", encoding="utf-8") as raw:
            rows = json.load(raw)
        names = sorted(r["fields"]["name"] for r in rows if r["model"] == "people.resident")
        self.assertEqual(sorted(Resident._base_manager.using(ALIAS).values_list("name", flat=True)), names)
        demo = sorted(r["fields"]["username"] for r in rows if r["model"] == "accounts.user")
        self.assertEqual(sorted(User._base_manager.using(ALIAS).values_list("username", flat=True)), demo)
        self.assertEqual(Division._base_manager.using(ALIAS).get(code="350200000000").name, "厦门市")
