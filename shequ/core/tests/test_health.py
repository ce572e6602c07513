"""/healthz, /readyz, /metrics and the JSON request log (issue #18)."""

import io
import ipaddress
import json
import logging
import time
from datetime import timedelta
from unittest.mock import MagicMock, patch

from django.core.cache import cache
from django.db import OperationalError, connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from shequ.core import health
from shequ.core.health import WORKER_HEARTBEAT_KEY, beat_worker
from shequ.core.logging import JsonFormatter, RedactPersonalDataFilter
from shequ.core.management.commands.worker import WorkerHeartbeat
from shequ.core.models import ImportJob
from shequ.workorders.models import SweepRun, UnitLoad


def clock_pass(seconds_ago: float) -> None:
    SweepRun.objects.create(until=timezone.now() - timedelta(seconds=seconds_ago), red=0, yellow=0, units=0, seconds=0)


@override_settings(SHEQU_READY_WORKER_SECONDS=60, SHEQU_READY_CLOCK_SECONDS=120)
class ReadyzTests(TestCase):
    def setUp(self):
        cache.delete(WORKER_HEARTBEAT_KEY)
        health._migrated = False

    def ready(self):
        response = self.client.get("/readyz")
        self.assertEqual(response["Content-Type"], "application/json")
        self.assertEqual(response["Cache-Control"], "no-store")
        return response.status_code, response.json()

    def test_healthz_answers_without_the_database(self):
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get("/healthz")
        self.assertEqual((response.status_code, response.content), (200, b"ok"))
        # Only the test case's own savepoint around the view (core.middleware), no query.
        self.assertEqual([q["sql"].split()[0] for q in queries.captured_queries], ["SAVEPOINT", "RELEASE"])

    def test_all_pass(self):
        beat_worker(time.time() - 5)
        clock_pass(10)
        status, body = self.ready()
        self.assertEqual(status, 200)
        self.assertEqual(body["status"], "ok")
        checks = body["checks"]
        self.assertEqual(list(checks), ["database", "cache", "worker", "migrations", "clock"])
        self.assertEqual((checks["database"], checks["cache"], checks["migrations"]),
                         ({"ok": True}, {"ok": True}, {"ok": True, "unapplied": 0}))  # fmt: skip
        self.assertTrue(checks["worker"]["ok"])
        self.assertAlmostEqual(checks["worker"]["age_seconds"], 5, delta=2)
        self.assertTrue(checks["clock"]["ok"])
        self.assertAlmostEqual(checks["clock"]["age_seconds"], 10, delta=2)

    def test_no_worker_and_no_clock_ever(self):
        status, body = self.ready()
        self.assertEqual((status, body["status"]), (503, "fail"))
        self.assertEqual(body["checks"]["worker"], {"ok": False, "age_seconds": None})
        self.assertEqual(body["checks"]["clock"], {"ok": False, "age_seconds": None})
        self.assertEqual(body["checks"]["database"], {"ok": True})

    def test_a_stale_worker_or_clock_fails(self):
        beat_worker(time.time() - 61)
        clock_pass(10)
        status, body = self.ready()
        self.assertEqual(status, 503)
        self.assertFalse(body["checks"]["worker"]["ok"])
        self.assertTrue(body["checks"]["clock"]["ok"])
        beat_worker()
        clock_pass(121)
        SweepRun.objects.filter(until__gt=timezone.now() - timedelta(seconds=60)).delete()
        status, body = self.ready()
        self.assertEqual(status, 503)
        self.assertEqual((body["checks"]["worker"]["ok"], body["checks"]["clock"]["ok"]), (True, False))
        self.assertAlmostEqual(body["checks"]["clock"]["age_seconds"], 121, delta=2)

    def test_unapplied_migrations_fail(self):
        beat_worker()
        clock_pass(1)
        with patch("django.db.migrations.executor.MigrationExecutor.migration_plan", return_value=[("m", False)] * 2):
            status, body = self.ready()
        self.assertEqual((status, body["checks"]["migrations"]), (503, {"ok": False, "unapplied": 2}))
        # Applied once, remembered: the files are not read on every probe.
        self.assertEqual(self.ready()[1]["checks"]["migrations"], {"ok": True, "unapplied": 0})
        with patch("django.db.migrations.executor.MigrationExecutor.migration_plan", side_effect=AssertionError):
            self.assertEqual(self.ready(), (200, self.ready()[1]))

    def test_a_database_or_cache_that_fails_is_named_by_its_kind_only(self):
        beat_worker()
        clock_pass(1)
        health._migrated = True
        broken = MagicMock()
        broken.cursor.side_effect = OperationalError("password for 13812345678")
        with patch.object(health, "connection", broken):
            status, body = self.ready()
        self.assertEqual((status, body["checks"]["database"]), (503, {"ok": False, "error": "OperationalError"}))
        self.assertNotIn("13812345678", json.dumps(body))
        with patch.object(health.cache, "set", side_effect=ConnectionError("redis down")):
            status, body = self.ready()
        self.assertEqual((status, body["checks"]["cache"]), (503, {"ok": False, "error": "ConnectionError"}))

    def test_the_worker_beats_from_a_thread(self):
        heartbeat = WorkerHeartbeat(interval=0.05)
        heartbeat.start()
        time.sleep(0.2)
        heartbeat.stopped.set()
        heartbeat.join(1)
        self.assertFalse(heartbeat.is_alive())
        self.assertLess(health.worker_heartbeat_age(), 1)


class MetricsTests(TestCase):
    def metric(self, text: str, name: str) -> float:
        values = [line.rsplit(" ", 1)[1] for line in text.splitlines() if line.startswith(name + " ")]
        self.assertEqual(len(values), 1, name)
        return float(values[0])

    def test_requests_and_gauges(self):
        self.client.get("/healthz")
        UnitLoad.objects.create(division_code="350203001001", status="accepted", open=7, yellow=2, red=3)
        UnitLoad.objects.create(division_code="350203001002", status="handling", open=5, yellow=0, red=1)
        job = ImportJob.objects.create(kind="residents", file_name="a.xlsx", status=ImportJob.Status.COMMITTED,
                                       total_rows=1000)  # fmt: skip
        now = timezone.now()
        ImportJob.objects.filter(pk=job.pk).update(started=now - timedelta(seconds=20), finished=now)
        ImportJob.objects.create(kind="residents", file_name="b.xlsx", status=ImportJob.Status.RUNNING)
        response = self.client.get("/metrics")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response["Content-Type"].startswith("text/plain; version="))
        text = response.content.decode()
        counted = 'shequ_http_requests_total{method="GET",status="200",view="healthz"}'
        self.assertGreaterEqual(self.metric(text, counted), 1)
        self.assertIn('shequ_http_request_duration_seconds_bucket{le="0.01",method="GET",view="healthz"}', text)
        self.assertEqual(self.metric(text, "shequ_work_orders_open"), 12)
        self.assertEqual(self.metric(text, "shequ_work_orders_overdue"), 4)
        self.assertEqual(self.metric(text, "shequ_work_orders_warned"), 2)
        self.assertEqual(self.metric(text, "shequ_task_queue_depth"), 0)
        self.assertEqual(self.metric(text, "shequ_imports_running"), 1)
        self.assertEqual(self.metric(text, "shequ_import_rows_last_hour"), 1000)
        self.assertEqual(self.metric(text, "shequ_import_rows_per_second"), 50)
        self.assertEqual(self.metric(text, 'shequ_import_jobs_last_hour{status="committed"}'), 1)
        self.assertNotIn("/healthz", text)  # views by name, never paths

    def test_a_failing_source_hides_only_itself(self):
        with patch.object(UnitLoad.objects, "aggregate", side_effect=OperationalError("down")):
            text = self.client.get("/metrics").content.decode()
        self.assertNotIn("shequ_work_orders_open", text)
        self.assertEqual(self.metric(text, "shequ_task_queue_depth"), 0)

    @override_settings(SHEQU_TRUSTED_PROXIES=(ipaddress.ip_network("127.0.0.1/32"),))
    def test_only_allowed_addresses(self):
        self.assertEqual(self.client.get("/metrics", REMOTE_ADDR="198.51.100.20").status_code, 403)
        # Through nginx on this machine, a resident's request is judged by the resident's address.
        self.assertEqual(self.client.get("/metrics", HTTP_X_FORWARDED_FOR="203.0.113.5").status_code, 403)
        with override_settings(SHEQU_METRICS_ALLOWED=(ipaddress.ip_network("10.9.0.0/16"),)):
            self.assertEqual(self.client.get("/metrics").status_code, 403)
            self.assertEqual(self.client.get("/metrics", REMOTE_ADDR="10.9.3.4").status_code, 200)
            self.assertEqual(self.client.get("/metrics", HTTP_X_FORWARDED_FOR="10.9.3.4").status_code, 200)


class JsonLogTests(TestCase):
    def setUp(self):
        self.stream = io.StringIO()
        handler = logging.StreamHandler(self.stream)
        handler.addFilter(RedactPersonalDataFilter())
        handler.setFormatter(JsonFormatter())
        logger = logging.getLogger("shequ.request")
        previous = logger.level
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        self.addCleanup(logger.removeHandler, handler)
        self.addCleanup(logger.setLevel, previous)

    def lines(self) -> list[dict]:
        return [json.loads(line) for line in self.stream.getvalue().splitlines()]

    @override_settings(SHEQU_TRUSTED_PROXIES=(ipaddress.ip_network("127.0.0.1/32"),))
    def test_one_line_per_request_with_its_id_and_no_personal_data(self):
        response = self.client.get("/healthz?q=350203199001011234", HTTP_X_FORWARDED_FOR="203.0.113.5")
        missing = self.client.get("/no/13812345678/")
        (first, second) = self.lines()
        self.assertEqual(set(first) - {"time"}, {"level", "logger", "message", "request_id", "method", "view", "path",
                                                 "status", "duration_ms", "client"})  # fmt: skip
        self.assertEqual(
            {key: first[key] for key in first if key not in ("time", "method", "duration_ms")},
            {"level": "INFO", "logger": "shequ.request", "message": "GET /healthz 200",
             "request_id": response["X-Request-ID"], "view": "healthz", "path": "/healthz", "status": 200,
             "client": "203.0.113.5"},
        )  # fmt: skip
        self.assertEqual((second["request_id"], second["path"], second["status"], second["message"]),
                         (missing["X-Request-ID"], "/no/[phone]/", 404, "GET /no/[phone]/ 404"))  # fmt: skip
        self.assertNotIn("13812345678", self.stream.getvalue())
        self.assertNotIn("350203199001011234", self.stream.getvalue())

    def test_a_line_outside_a_request_has_no_id_and_a_redacted_exception(self):
        record = logging.LogRecord("shequ.jobs", logging.ERROR, __file__, 1, "failed for %s", ("13812345678",), None)
        try:
            raise ValueError("id 350203199001011234")
        except ValueError as error:
            record.exc_info = (ValueError, error, error.__traceback__)
        line = json.loads(JsonFormatter().format(record))
        self.assertEqual((line["message"], "request_id" in line), ("failed for [phone]", False))
        self.assertIn("ValueError: id [id-number]", line["exception"])
