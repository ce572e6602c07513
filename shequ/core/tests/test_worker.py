"""Background imports survive a busy database and a dead process (issue #12, ADR 0007)."""

from datetime import timedelta
from pathlib import Path
from unittest.mock import patch

from django.db import OperationalError, connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from shequ.core import jobs, tasks
from shequ.core.importing import run_import
from shequ.core.jobs import Heartbeat, reap_stale_imports, retry_when_locked, write_transaction
from shequ.core.management.commands.worker import ResilientWorker
from shequ.core.models import ImportJob
from shequ.core.testing.fixtures import build_tree
from shequ.people.models import Resident
from shequ.people.tests.test_import import GOOD, idn, write_file

REAPED = "后台进程中断，导入未完成，未写入任何数据。"
LOCKED = OperationalError("database is locked")


def no_pause(delay):
    pass


class ReaperTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()

    def job(self, *, status="running", heartbeat_age=None, started_age=0, stored_path=""):
        now = timezone.now()
        job = ImportJob.objects.create(
            kind="residents", user=self.tree.users["street"], file_name="x.csv", status=status, stored_path=stored_path
        )
        ImportJob.objects.filter(pk=job.pk).update(
            started=now - timedelta(seconds=started_age),
            heartbeat=None if heartbeat_age is None else now - timedelta(seconds=heartbeat_age),
        )
        return job

    def test_a_stale_running_job_is_marked_failed_and_a_fresh_one_is_left_alone(self):
        upload = write_file(GOOD)
        stale = self.job(heartbeat_age=181, started_age=600, stored_path=str(upload))
        silent = self.job(heartbeat_age=None, started_age=181)  # started, never beat (killed at once)
        fresh = self.job(heartbeat_age=30, started_age=600)
        starting = self.job(heartbeat_age=None, started_age=10)
        queued = self.job(status="queued", started_age=3600)
        done = self.job(status="committed", heartbeat_age=3600, started_age=3600)
        self.assertEqual(reap_stale_imports(), 2)
        for job in (stale, silent):
            job.refresh_from_db()
            self.assertEqual(
                (job.status, job.errors, job.error_count, job.stored_path), ("failed", [[0, "", REAPED]], 1, "")
            )
            self.assertIsNotNone(job.finished)
        self.assertFalse(upload.exists())  # the upload of a dead job does not outlive it
        for job, status in ((fresh, "running"), (starting, "running"), (queued, "queued"), (done, "committed")):
            job.refresh_from_db()
            self.assertEqual((job.status, job.errors, job.finished), (status, [], None))
        self.assertEqual(reap_stale_imports(), 0)

    @override_settings(SHEQU_IMPORT_STALE_SECONDS=600)
    def test_the_threshold_is_a_setting(self):
        job = self.job(heartbeat_age=300, started_age=900)
        self.assertEqual(reap_stale_imports(), 0)
        self.assertEqual(reap_stale_imports(stale_after=299), 1)
        job.refresh_from_db()
        self.assertEqual(job.status, "failed")

    def test_a_busy_database_skips_the_pass(self):
        self.job(heartbeat_age=600, started_age=600)
        with patch.object(jobs.ImportJob.objects, "filter", side_effect=LOCKED):
            self.assertEqual(reap_stale_imports(), 0)
        self.assertEqual(ImportJob.objects.get().status, "running")

    def test_the_heartbeat_is_written_while_running_only(self):
        running = self.job(heartbeat_age=600, started_age=600)
        self.assertEqual(Heartbeat(running.pk).beat(), 1)
        running.refresh_from_db()
        self.assertLess(timezone.now() - running.heartbeat, timedelta(seconds=5))
        done = self.job(status="committed", heartbeat_age=600)
        self.assertEqual(Heartbeat(done.pk).beat(), 0)

    def test_an_import_starts_with_a_heartbeat(self):
        from shequ.people.importers import ResidentImporter

        result = run_import(
            ResidentImporter(self.tree.users["street"]),
            write_file(GOOD),
            "x.csv",
            dry_run=True,
        )
        self.assertLess(timezone.now() - result.job.heartbeat, timedelta(seconds=60))


@patch.object(jobs, "_pause", no_pause)
class RetryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()

    def queued(self, rows=GOOD):
        return ImportJob.objects.create(
            kind="residents",
            user=self.tree.users["street"],
            file_name="x.csv",
            stored_path=str(write_file(rows)),
            status="queued",
        )

    def test_a_task_that_met_a_locked_database_is_retried_and_succeeds(self):
        job = self.queued()
        real = tasks.run_import
        calls = []

        def twice_locked(*args, **kwargs):
            calls.append(1)
            if len(calls) <= 2:
                raise OperationalError("database is locked")
            return real(*args, **kwargs)

        with patch.object(tasks, "run_import", side_effect=twice_locked):
            self.assertEqual(tasks.run_import_job.call(job.pk), "committed")
        self.assertEqual(len(calls), 3)
        job.refresh_from_db()
        self.assertEqual((job.status, job.created_count, job.stored_path), ("committed", 3, ""))
        self.assertEqual(Resident.objects.unscoped("test").count(), 3)

    def test_a_lock_that_outlasts_the_retries_fails_the_job(self):
        job = self.queued()
        upload = Path(job.stored_path)
        with patch.object(tasks, "run_import", side_effect=OperationalError("database is locked")) as mock:
            with self.assertRaises(OperationalError):
                tasks.run_import_job.call(job.pk)
        self.assertEqual(mock.call_count, len(jobs.LOCKED_DELAYS) + 1)
        job.refresh_from_db()
        self.assertEqual(
            (job.status, job.errors, job.stored_path),
            ("failed", [[0, "", "数据库持续繁忙，导入未写入，请稍后重试。"]], ""),
        )
        self.assertFalse(upload.exists())

    def test_other_errors_are_not_retried(self):
        calls = []

        def broken():
            calls.append(1)
            raise OperationalError("no such table: x")

        with self.assertRaises(OperationalError):
            retry_when_locked(broken)
        self.assertEqual(len(calls), 1)

    def test_the_start_of_a_write_transaction_is_retried_while_locked(self):
        real = jobs.transaction.atomic
        attempts = []

        class Flaky:
            def __init__(self, **kwargs):
                self.block = real(**kwargs)

            def __enter__(self):
                attempts.append(1)
                if len(attempts) == 1:
                    raise OperationalError("database is locked")
                return self.block.__enter__()

            def __exit__(self, *exc_info):
                return self.block.__exit__(*exc_info)

        with patch.object(jobs.transaction, "atomic", Flaky):
            with write_transaction():
                ImportJob.objects.create(kind="residents", file_name="y.csv")
        self.assertEqual(len(attempts), 2)
        self.assertTrue(ImportJob.objects.filter(file_name="y.csv").exists())


@patch.object(jobs, "_pause", no_pause)
class WorkerTests(TestCase):
    """The worker records a failing task as failed and goes on with the next (django-tasks-db's own loop)."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()

    def worker(self):
        return ResilientWorker(
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="test",
            excluded_queue_names=[],
        )

    @override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
    def test_a_job_raising_an_unexpected_error_is_marked_failed_and_the_next_job_still_runs(self):
        broken, good = (
            ImportJob.objects.create(
                kind="residents",
                user=self.tree.users["street"],
                file_name=f"{name}.csv",
                stored_path=str(write_file(GOOD)),
                status="queued",
            )
            for name in ("broken", "good")
        )
        real = tasks.run_import

        def run(importer, path, name, **kwargs):
            if name == "broken.csv":
                raise ZeroDivisionError("a bug")
            return real(importer, path, name, **kwargs)

        results = [tasks.run_import_job.enqueue(job.pk) for job in (broken, good)]
        with (
            patch.object(tasks, "run_import", side_effect=run),
            patch("django_tasks_db.management.commands.db_worker.close_old_connections"),
        ):
            self.worker().run()
        statuses = {str(pk): status for pk, status in DBTaskResult.objects.values_list("id", "status")}
        self.assertEqual([statuses[str(r.id)] for r in results], ["FAILED", "SUCCESSFUL"])
        broken.refresh_from_db()
        good.refresh_from_db()
        self.assertEqual(
            (broken.status, broken.errors, broken.stored_path),
            ("failed", [[0, "", "导入因意外错误中止，未写入任何数据。"]], ""),
        )
        self.assertEqual((good.status, good.created_count), ("committed", 3))

    def test_the_loop_is_started_again_after_a_locked_database(self):
        worker = self.worker()
        runs = []

        def loop(self):
            runs.append(1)
            if len(runs) == 1:
                raise OperationalError("database is locked")

        with (
            patch("django_tasks_db.management.commands.db_worker.Worker.run", loop),
            patch("shequ.core.management.commands.worker.time.sleep") as sleep,
            patch.object(ResilientWorker, "_close_connections"),
        ):
            worker.run()
        self.assertEqual(len(runs), 2)
        sleep.assert_called_once_with(1.0)


class CheckFirstTests(TestCase):
    """On SQLite the whole file is checked before the write transaction begins (ADR 0007)."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()

    def run_file(self, rows, **kwargs):
        from shequ.people.importers import ResidentImporter

        path = write_file(rows)
        with CaptureQueriesContext(connection) as queries:
            result = run_import(ResidentImporter(self.tree.users["street"]), path, path.name, **kwargs)
        return result, [q["sql"] for q in queries.captured_queries]

    @override_settings(SHEQU_IMPORT_CHECK_FIRST=True)
    def test_a_file_with_errors_never_opens_a_write_transaction(self):
        result, sql = self.run_file([*GOOD, ["350203001001", "A009", "错号", "123", "户主", "", "", ""]], dry_run=False)
        self.assertEqual(result.job.status, "failed")
        self.assertFalse([s for s in sql if s.startswith(("SAVEPOINT", "BEGIN")) or ("INSERT" in s and "people_" in s)])
        self.assertEqual(Resident.objects.unscoped("test").count(), 0)

    @override_settings(SHEQU_IMPORT_CHECK_FIRST=True)
    def test_a_clean_file_is_written_in_one_transaction_after_the_check(self):
        result, sql = self.run_file(GOOD, dry_run=False)
        self.assertEqual((result.job.status, result.job.created_count), ("committed", 3))
        opened = [i for i, s in enumerate(sql) if s.startswith(("SAVEPOINT", "BEGIN"))]
        self.assertEqual(len(opened), 1)
        if connection.vendor == "sqlite":  # PostgreSQL writes the rows with COPY, which no query log captures
            inserts = [i for i, s in enumerate(sql) if "INSERT INTO" in s and "people_resident" in s]
            self.assertTrue(inserts and inserts[0] > opened[0])
        stored = Resident.objects.unscoped("test").get(name="曾国藩")
        self.assertEqual(
            (stored.reveal("id_number"), stored.household.number, stored.community.code),
            (idn(1), "A001", "350203001001"),
        )

    @override_settings(SHEQU_IMPORT_CHECK_FIRST=True)
    def test_a_head_rule_broken_between_the_check_and_the_write_rolls_everything_back(self):
        from shequ.people.importers import ResidentImporter

        calls = []
        real = ResidentImporter.check_batch

        def check(importer):
            calls.append(1)
            problems = real(importer)
            return problems if len(calls) == 1 else [(2, "与户主关系", "changed meanwhile")]

        with patch.object(ResidentImporter, "check_batch", check):
            result, _sql = self.run_file(GOOD, dry_run=False)
        self.assertEqual((result.job.status, len(calls)), ("failed", 2))
        self.assertEqual([(e.row, e.message) for e in result.errors], [(2, "changed meanwhile")])
        self.assertEqual(Resident.objects.unscoped("test").count(), 0)
