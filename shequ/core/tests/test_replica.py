"""The read replica for statistics and the cockpit (issue #18 item 5, ADR 0016): the router's choices, the health
check and its cache, the fallback when the replica fails during a view — always; and a real streaming replica on
PostgreSQL (`bench/replica_bench.py`): reads served there, a lagging or stopped replica answered by the primary."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

from django.db import OperationalError, connection, connections
from django.test import SimpleTestCase, TestCase, override_settings

from shequ.core import dbrouters
from shequ.core.dbrouters import REPLICA, ReplicaRouter, ReplicaState, judge, replica_database, replica_reads

ROOT = Path(__file__).resolve().parents[3]


def with_replica(test):
    return mock.patch.object(dbrouters, "replica_configured", new=lambda: True)(test)


def state(usable: bool, lag: float | None = 0.0, reason: str = "") -> ReplicaState:
    return ReplicaState(usable, lag, reason, time.monotonic())


class JudgeTests(SimpleTestCase):
    def test_caught_up_or_not_a_standby_is_current(self):
        self.assertEqual(judge(True, True, 900.0, 30, 1.0), ReplicaState(True, 0.0, "", 1.0))
        self.assertEqual(judge(False, False, None, 30, 1.0), ReplicaState(True, 0.0, "", 1.0))

    def test_behind_within_the_bound_is_used_with_its_lag(self):
        self.assertEqual(judge(True, False, 12.5, 30, 1.0), ReplicaState(True, 12.5, "", 1.0))

    def test_behind_beyond_the_bound_is_not_used(self):
        self.assertEqual(judge(True, False, 31.0, 30, 1.0), ReplicaState(False, 31.0, "lag 31.0 s > 30 s", 1.0))

    def test_no_transaction_replayed_yet_is_not_used(self):
        self.assertEqual(judge(True, False, None, 30, 1.0), ReplicaState(False, None, "lag unknown", 1.0))


class ReplicaDatabaseTests(SimpleTestCase):
    def test_the_replica_takes_the_primarys_options_and_no_request_transaction(self):
        primary = {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": "shequ",
            "HOST": "db1",
            "OPTIONS": {"server_side_binding": True},
            "CONN_MAX_AGE": 60,
            "ATOMIC_REQUESTS": True,
        }
        url = {"ENGINE": "django.db.backends.postgresql", "NAME": "shequ", "HOST": "db2", "PORT": 5433}
        entry = replica_database(url, primary)
        self.assertEqual(entry["HOST"], "db2")
        self.assertEqual(entry["PORT"], 5433)
        self.assertEqual(entry["OPTIONS"], {"server_side_binding": True, "connect_timeout": 2})
        self.assertEqual((entry["CONN_MAX_AGE"], entry["ATOMIC_REQUESTS"]), (60, False))
        self.assertEqual(entry["TEST"], {"MIRROR": "default"})

    def test_a_sqlite_replica_is_refused_by_name(self):
        from django.core.exceptions import ImproperlyConfigured

        with self.assertRaisesMessage(ImproperlyConfigured, "SHEQU_DATABASE_REPLICA_URL"):
            replica_database({"ENGINE": "django.db.backends.sqlite3", "NAME": "x"}, {})


class RouterTests(SimpleTestCase):
    def setUp(self):
        dbrouters.reset_replica_state()
        self.addCleanup(dbrouters.reset_replica_state)
        self.router = ReplicaRouter()

    def test_without_a_replica_nothing_changes(self):
        self.assertFalse(dbrouters.replica_configured())
        with replica_reads():
            self.assertIsNone(self.router.db_for_read(None))
        self.assertIsNone(dbrouters.replica_state())

    @with_replica
    @override_settings(SHEQU_REPLICA_CHECK_SECONDS=5)
    def test_reads_inside_replica_reads_go_to_a_healthy_replica_only(self):
        probe = mock.Mock(return_value=state(True))
        with mock.patch.object(dbrouters, "_probe", probe):
            self.assertIsNone(self.router.db_for_read(None))  # outside: the primary, no check
            self.assertEqual(probe.call_count, 0)
            with replica_reads():
                self.assertEqual(self.router.db_for_read(None), REPLICA)
                self.assertEqual(self.router.db_for_read(None), REPLICA)
            self.assertEqual(probe.call_count, 1)  # cached
            self.assertIsNone(self.router.db_for_write(None))
            dbrouters.reset_replica_state()
            probe.return_value = state(False, 45.0, "lag 45.0 s > 30 s")
            with replica_reads():
                self.assertIsNone(self.router.db_for_read(None))

    @with_replica
    @override_settings(SHEQU_REPLICA_CHECK_SECONDS=5)
    def test_the_check_is_cached_for_its_period_then_made_again(self):
        probe = mock.Mock(return_value=state(True))
        with mock.patch.object(dbrouters, "_probe", probe), mock.patch.object(dbrouters.time, "monotonic") as clock:
            clock.return_value = 100.0
            probe.return_value = ReplicaState(True, 0.0, "", 100.0)
            for now in (100.0, 101.0, 104.9):
                clock.return_value = now
                dbrouters.replica_state()
            self.assertEqual(probe.call_count, 1)
            clock.return_value = 105.0
            dbrouters.replica_state()
            self.assertEqual(probe.call_count, 2)

    @with_replica
    def test_a_transaction_on_the_primary_reads_its_own_writes(self):
        with mock.patch.object(dbrouters, "_probe", return_value=state(True)), replica_reads():
            with mock.patch.object(connections["default"], "in_atomic_block", True):
                self.assertIsNone(self.router.db_for_read(None))

    def test_an_object_read_from_the_replica_is_written_and_followed_on_the_primary(self):
        instance = mock.Mock()
        instance._state.db = REPLICA
        self.assertEqual(self.router.db_for_write(None, instance=instance), "default")
        self.assertEqual(self.router.db_for_read(None, instance=instance), "default")
        self.assertFalse(self.router.allow_migrate(REPLICA, "people"))
        self.assertTrue(self.router.allow_migrate("default", "people"))


@with_replica
@override_settings(SHEQU_REPLICA_CHECK_SECONDS=3600)
class ReplicaViewFallbackTests(SimpleTestCase):
    def setUp(self):
        dbrouters.reset_replica_state()
        self.addCleanup(dbrouters.reset_replica_state)

    def view(self, fail_on_replica: bool):
        calls = []

        @dbrouters.replica_view
        def get():
            on_replica = dbrouters.use_replica()
            calls.append(on_replica)
            if on_replica and fail_on_replica:
                raise OperationalError("server closed the connection unexpectedly")
            return "page"

        return get, calls

    def test_a_replica_that_fails_during_the_view_is_marked_down_and_the_view_runs_on_the_primary(self):
        probe = mock.Mock(side_effect=[state(True), state(False, None, "down: connection refused")])
        get, calls = self.view(fail_on_replica=True)
        with mock.patch.object(dbrouters, "_probe", probe):
            self.assertEqual(get(), "page")
            self.assertEqual(calls, [True, False])
            self.assertEqual(get(), "page")  # the next one goes to the primary at once, no new check
            self.assertEqual(calls, [True, False, False])
            self.assertEqual(probe.call_count, 2)

    def test_an_error_that_is_not_the_replicas_is_raised(self):
        probe = mock.Mock(side_effect=[state(True), state(True)])
        get, calls = self.view(fail_on_replica=True)
        with mock.patch.object(dbrouters, "_probe", probe), self.assertRaises(OperationalError):
            get()
        self.assertEqual(calls, [True])


class StreamingReplicaTests(TestCase):
    """A real primary and streaming replica (`bench/replica_bench.py`): the cockpit's figure read on the replica,
    a replica 3 s behind used under a 3,600 s bound (it shows the old number) and not under a 2 s bound (the new
    one, from the primary), then a stopped replica: 200 from the primary, no error."""

    def test_reads_on_the_replica_and_fallback_when_it_lags_or_is_down(self):
        if connection.vendor != "postgresql":
            self.skipTest("the streaming replica test runs in the PostgreSQL suite (make test-pg)")
        env = {k: v for k, v in os.environ.items() if not k.startswith("SHEQU_DATABASE")}
        result = subprocess.run(
            [sys.executable, str(ROOT / "bench" / "replica_bench.py"), "--json"],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            timeout=900,
        )
        if result.returncode == 2:
            self.skipTest(result.stderr.strip())
        self.assertEqual(result.returncode, 0, result.stderr[-3000:])
        steps = json.loads(result.stdout.strip().splitlines()[-1])["steps"]
        seen = [(s["status"], s["shows"], s["replica_reads"] > 0, s["primary_reads"] > 0) for s in steps]
        self.assertEqual(
            seen,
            [
                (200, "4,321", True, False),  # caught up: the replica
                (200, "4,321", True, False),  # 3 s behind, bound 3,600 s: the replica's old number
                (200, "8,765", False, True),  # 3 s behind, bound 2 s: the primary's new number
                (200, "8,765", True, False),  # replay resumed
                (200, "8,765", False, True),  # stopped after the last check: the view ran again on the primary
                (200, "8,765", False, True),  # and the next page goes to the primary
            ],
        )
        self.assertIn("lag", steps[1]["state"])
        self.assertIn("down", steps[4]["state"])
