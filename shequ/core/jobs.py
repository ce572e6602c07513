"""Background jobs that survive a busy database and a dead process (issue #12, ADR 0007).

- `retry_when_locked` / `write_transaction`: SQLite answers "database is locked" when another connection held the
  one write lock for longer than the busy timeout; the work is tried again with back-off instead of failing (or, in
  the worker, instead of ending the process).
- `Heartbeat`: a running import writes the time to its job row every SHEQU_IMPORT_HEARTBEAT_SECONDS, from a thread
  with a connection of its own (the import's own connection is inside its transaction, which nobody else sees).
- `reap_stale_imports`: a job still "running" whose last sign of life is older than SHEQU_IMPORT_STALE_SECONDS lost
  its process (kill -9, power cut, out of memory); it is marked failed. Its transaction died with the process, so
  it wrote nothing: SQLite ignores a transaction that never committed, PostgreSQL rolls back the connection's.
"""

import logging
import random
import threading
import time
from collections.abc import Callable
from contextlib import ExitStack, contextmanager
from datetime import datetime, timedelta
from typing import TypeVar

from django.conf import settings
from django.db import OperationalError, connections, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from shequ.core.models import ImportJob

__all__ = [
    "LOCKED_DELAYS",
    "Heartbeat",
    "is_locked",
    "reap_stale_imports",
    "retry_when_locked",
    "write_transaction",
]

logger = logging.getLogger("shequ.jobs")
T = TypeVar("T")

# Seconds to wait before each new attempt (with up to 25 % jitter, so that waiting writers do not all retry at
# once): six retries over about a minute, on top of SQLite's own busy timeout on every attempt.
LOCKED_DELAYS = (1, 2, 4, 8, 16, 32)


def is_locked(error: BaseException) -> bool:
    """SQLite's "database is locked" / "database table is locked" (the write lock was not free in time)."""
    return isinstance(error, OperationalError) and "is locked" in str(error).lower()


def _pause(delay: float) -> None:
    time.sleep(delay * (1 + random.random() / 4))  # noqa: S311 (jitter, not a secret)


def retry_when_locked(func: Callable[..., T], *args, delays=None, **kwargs) -> T:
    """`func(*args, **kwargs)`, called again after each back-off delay while it fails with "database is locked".

    Only for work that is whole on its own (its own transaction, or autocommit): a failed attempt left nothing.
    Any other error, and the last locked one, propagate."""
    delays = LOCKED_DELAYS if delays is None else delays
    for attempt, delay in enumerate((*delays, None), start=1):
        try:
            return func(*args, **kwargs)
        except OperationalError as error:
            if delay is None or not is_locked(error):
                raise
            logger.warning("%s: database is locked (attempt %d); retrying in %s s", _name(func), attempt, delay)
            _pause(delay)
    raise AssertionError("unreachable")


def _name(func) -> str:
    return getattr(func, "__qualname__", None) or repr(func)


@contextmanager
def write_transaction(using: str = "default", delays=None):
    """`transaction.atomic()` whose start is retried while another writer holds SQLite's write lock.

    On SQLite every transaction begins IMMEDIATE: the lock is taken (or "database is locked" raised) on entering
    the block, before anything was done, so trying again is safe. Errors inside the block are not retried."""
    delays = LOCKED_DELAYS if delays is None else delays
    for delay in (*delays, None):
        block = transaction.atomic(using=using)
        try:
            block.__enter__()
        except OperationalError as error:
            if delay is None or not is_locked(error):
                raise
            logger.warning("write transaction: database is locked; retrying in %s s", delay)
            _pause(delay)
            continue
        break
    with ExitStack() as stack:
        stack.push(block)
        yield


def heartbeat_seconds() -> float:
    return getattr(settings, "SHEQU_IMPORT_HEARTBEAT_SECONDS", 30)


def stale_seconds() -> float:
    return getattr(settings, "SHEQU_IMPORT_STALE_SECONDS", 180)


class Heartbeat:
    """While the block runs, write `now` to the job's `heartbeat` every `every` seconds (from a thread of its own
    with its own connection). A failed write (SQLite busy while this very import writes) is skipped: the next one
    comes `every` seconds later, and on SQLite the reaper cannot write either while the import holds the lock."""

    def __init__(self, job_id: int, every: float | None = None):
        self.job_id = job_id
        self.every = heartbeat_seconds() if every is None else every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"import-heartbeat-{job_id}", daemon=True)

    def __enter__(self):
        if self.every > 0:
            self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self._stop.set()
        if self._thread.is_alive():
            # Not for long: a beat may be waiting for the lock; it updates only a running job, so a late one is
            # harmless, and the thread is a daemon.
            self._thread.join(timeout=1)

    def beat(self) -> int:
        """Write the time to the job row if it is still running; 1 if written."""
        return ImportJob.objects.filter(pk=self.job_id, status=ImportJob.Status.RUNNING).update(
            heartbeat=timezone.now()
        )

    def _run(self) -> None:
        try:
            while not self._stop.wait(self.every):
                try:
                    self.beat()
                except Exception:  # a busy or lost database: the next beat will try again
                    logger.warning("import %s: heartbeat not written", self.job_id, exc_info=True)
        finally:
            connections.close_all()  # this thread's connections only


def _stale(limit: datetime) -> Q:
    return Q(status=ImportJob.Status.RUNNING) & (Q(heartbeat__lt=limit) | Q(heartbeat__isnull=True, started__lt=limit))


def reap_stale_imports(*, now: datetime | None = None, stale_after: float | None = None) -> int:
    """Mark failed every running import whose last sign of life is older than `stale_after` seconds (default
    SHEQU_IMPORT_STALE_SECONDS); returns how many. Called by the clock (`call_centre`) and at worker start.

    A job of a live process is never touched: its heartbeat is fresh, and on SQLite, while it writes, this update
    waits for its lock — by then the job is no longer running. A busy database skips this pass (0)."""
    from shequ.core.importing.uploads import release_upload

    now = now or timezone.now()
    limit = now - timedelta(seconds=stale_seconds() if stale_after is None else stale_after)
    with translation.override(settings.LANGUAGE_CODE):  # stored, like every job message, in the site's language
        message = _("The background process was interrupted; the import did not finish and nothing was written.")
    reaped = 0
    try:
        for pk, stored_path in ImportJob.objects.filter(_stale(limit)).values_list("pk", "stored_path"):
            updated = ImportJob.objects.filter(_stale(limit), pk=pk).update(
                status=ImportJob.Status.FAILED,
                errors=[[0, "", message]],
                error_count=1,
                finished=now,
                stored_path="",
            )
            if not updated:
                continue
            reaped += 1
            logger.warning("import %s: no sign of life since before %s; marked failed", pk, limit.isoformat())
            if stored_path:
                from pathlib import Path

                release_upload(Path(stored_path), pk, keep=False)
    except OperationalError as error:
        if not is_locked(error):
            raise
        logger.info("reaper: database is locked (an import is writing); next pass")
    return reaped
