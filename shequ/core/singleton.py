"""One running copy of a periodic loop across machines (issue #18 item 5, ADR 0016).

Several machines may each start the clock (`call_centre --loop`) and the rollups (`refresh_rollups --loop`); only
one of each may work. `SingletonLock(name).acquire()` is non-blocking and says whether this process holds the lock
now; a loop calls it before each pass, works when it holds it and stands by otherwise:

* PostgreSQL: a session advisory lock (`pg_try_advisory_lock`, per database) on a connection of the lock's own,
  outside Django's connection handling and any pool, kept for the life of the process. If that process dies or
  loses its connection, PostgreSQL releases the lock and a standing-by loop takes it at its next pass.
* SQLite (one machine): an exclusive `flock` on a file beside the database, released by the kernel when the
  process ends. An in-memory database (tests) has no second process: always held.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
from pathlib import Path
from typing import IO, Any

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

__all__ = ["SingletonLock"]

logger = logging.getLogger(__name__)


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for `name` (advisory locks take a bigint)."""
    return int.from_bytes(hashlib.sha256(f"shequ:{name}".encode()).digest()[:8], "big", signed=True)


class SingletonLock:
    def __init__(self, name: str, alias: str = DEFAULT_DB_ALIAS):
        self.name = name
        self.key = lock_key(name)
        self.alias = alias
        self.held = False
        self._connection: Any = None
        self._file: IO[str] | None = None

    def acquire(self) -> bool:
        """Whether this process holds the lock now (taking it if it is free)."""
        vendor = connections[self.alias].vendor
        if vendor == "postgresql":
            return self._acquire_postgresql()
        return self._acquire_file()

    def _acquire_postgresql(self) -> bool:
        try:
            if self._connection is None:
                primary = connections[self.alias]
                options = {k: v for k, v in primary.settings_dict.get("OPTIONS", {}).items() if k != "pool"}
                settings_dict = {**primary.settings_dict, "OPTIONS": options, "CONN_MAX_AGE": None}
                self._connection = type(primary)(settings_dict, alias=f"{self.alias}-lock-{self.name}")
                self.held = False
            with self._connection.cursor() as cursor:
                if self.held:
                    cursor.execute("SELECT 1")  # the same session: the lock is still ours
                else:
                    cursor.execute("SELECT pg_try_advisory_lock(%s)", [self.key])
                    self.held = bool(cursor.fetchone()[0])
        except DatabaseError:
            logger.warning("The %s lock's connection failed: standing by until it is back.", self.name)
            self._close_connection()
        return self.held

    def _acquire_file(self) -> bool:
        if self.held:
            return True
        name = str(connections[self.alias].settings_dict["NAME"])
        if name == ":memory:" or "mode=memory" in name or not name:
            self.held = True
            return True
        if self._file is None:
            self._file = open(Path(f"{name}.{self.name}.lock"), "a")  # noqa: SIM115 — kept open while held
        try:
            fcntl.flock(self._file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        self.held = True
        return True

    def _close_connection(self) -> None:
        if self._connection is not None:
            try:
                self._connection.close()
            except DatabaseError:
                pass
        self._connection, self.held = None, False

    def release(self) -> None:
        if self._connection is not None:
            if self.held:
                try:
                    with self._connection.cursor() as cursor:
                        cursor.execute("SELECT pg_advisory_unlock(%s)", [self.key])
                except DatabaseError:
                    pass
            self._close_connection()
        if self._file is not None:
            self._file.close()  # releases the flock
            self._file = None
        self.held = False

    def __enter__(self) -> bool:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()
