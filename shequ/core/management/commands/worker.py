"""The background worker `make run` starts: django-tasks-db's `db_worker`, made to survive a busy database.

    manage.py worker [db_worker's options]

django-tasks-db's loop ends the process when SQLite says "database is locked" while it claims a task (its
`BEGIN EXCLUSIVE` is outside its own retry) or records a result (three tries 0.1 s apart). Here (ADR 0007):

- the loop is restarted after any error of its own, with back-off from 1 s up to a minute;
- a task's result is recorded with `core.jobs.retry_when_locked` (about a minute of back-off);
- an exception raised by a task is recorded as that task's failure (as before) and the next task runs;
- at start, and before each restart, imports left "running" by a dead process are marked failed (the reaper);
- a thread beats every SHEQU_WORKER_HEARTBEAT_SECONDS in the cache for /readyz and /metrics (issue #18): the
  process is alive, busy with a long import or waiting for a task.
"""

import logging
import os
import threading
import time
from functools import partial

from django.conf import settings
from django.db import close_old_connections, connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand
from django_tasks_db.management.commands.db_worker import Worker

from shequ.core.health import beat_worker
from shequ.core.jobs import reap_stale_imports, retry_when_locked

logger = logging.getLogger("django_tasks_db")

MAX_RESTART_DELAY = 60


class WorkerHeartbeat(threading.Thread):
    """Write the time to the cache now and every `interval` seconds until the process ends (a daemon thread)."""

    def __init__(self, interval: float):
        super().__init__(name="shequ-worker-heartbeat", daemon=True)
        self.interval = interval
        self.stopped = threading.Event()

    def run(self) -> None:
        while True:
            try:
                beat_worker()
            except Exception:  # the cache is down: /readyz says so under "cache"; keep trying
                logger.warning("Worker heartbeat could not be written", exc_info=True)
            if self.stopped.wait(self.interval):
                return


class ResilientWorker(Worker):
    def run(self) -> None:
        delay = 0.0
        last_failure = 0.0
        while True:
            self._reap()
            try:
                return super().run()
            except Exception:  # the queue's own bookkeeping failed: a busy or lost database
                logger.exception("Worker loop failed; starting it again")
            if not self.running:
                return None
            now = time.monotonic()
            delay = 1.0 if now - last_failure > MAX_RESTART_DELAY * 2 else min(delay * 2, MAX_RESTART_DELAY)
            last_failure = now
            self._close_connections()
            time.sleep(delay)
            self.startup_delay = False

    def run_task(self, db_task_result) -> None:
        # The result's bookkeeping is retried while the database is locked instead of three times in 0.3 s.
        model = type(db_task_result)
        db_task_result.set_successful = partial(retry_when_locked, model.set_successful, db_task_result)
        db_task_result.set_failed = partial(retry_when_locked, model.set_failed, db_task_result)
        super().run_task(db_task_result)

    @staticmethod
    def _reap() -> None:
        try:
            reap_stale_imports()
        except Exception:
            logger.exception("Reaping stale imports failed")

    @staticmethod
    def _close_connections() -> None:
        try:
            close_old_connections()
            connections.close_all()
        except Exception:
            logger.exception("Closing connections failed")


class Command(DbWorkerCommand):
    help = "Run the database background worker, retrying while the database is busy (ADR 0007)."

    def handle(self, *, verbosity, queue_name, interval, batch, backend_name, startup_delay, reload, max_tasks,
               worker_id, exclude_queues, **options):  # fmt: skip
        self.configure_logging(verbosity)
        if reload and batch:
            reload = False
        queue_names = queue_name.split(",")
        worker = ResilientWorker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=exclude_queues.split(",") if exclude_queues else [],
        )
        WorkerHeartbeat(settings.SHEQU_WORKER_HEARTBEAT_SECONDS).start()
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
