"""A read replica for statistics and the cockpit (issue #18 item 5, ADR 0016).

`SHEQU_DATABASE_REPLICA_URL` names a PostgreSQL streaming replica of the primary. Views that only count — the
cockpit, the compliance pages and API, the call centre's statistics — run their reads there, inside
`replica_reads()`; every other read, every read inside a transaction on the primary and every write stays on the
primary.

The replica is used only while it is healthy, checked at most every `SHEQU_REPLICA_CHECK_SECONDS` per process:

* it answers (a short connect timeout: a replica that is down costs one refused connection per check period);
* it lags no more than `SHEQU_REPLICA_MAX_LAG` seconds. The lag is 0 when the replica has replayed everything the
  primary has flushed (`pg_last_wal_replay_lsn() >= pg_current_wal_flush_lsn()` read on the primary just before),
  else the age of the last transaction it replayed (`now() - pg_last_xact_replay_timestamp()`): an upper bound of
  how old its data are, so an idle primary never makes a healthy replica look late.

Otherwise the reads go to the primary, with no error. A replica that fails in the middle of a view (it went down
after the check) is marked down and the view runs again on the primary: only safe methods (GET, HEAD) are
decorated, and they write nothing but an access-log row, which goes to the primary anyway.
"""

from __future__ import annotations

import contextvars
import functools
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, InterfaceError, OperationalError, connections

__all__ = [
    "REPLICA",
    "ReplicaRouter",
    "ReplicaState",
    "judge",
    "replica_configured",
    "replica_database",
    "replica_reads",
    "replica_state",
    "replica_view",
    "reset_replica_state",
    "use_replica",
]

REPLICA = "replica"
logger = logging.getLogger(__name__)

_reading_from_replica: contextvars.ContextVar[bool] = contextvars.ContextVar("shequ_replica_reads", default=False)


def replica_database(url_settings: dict[str, Any], primary: dict[str, Any]) -> dict[str, Any]:
    """The `DATABASES["replica"]` entry for a parsed replica URL: the primary's options (prepared statements, pool,
    connection age) with a short connect timeout; no request transaction there; in tests, the primary itself."""
    if url_settings["ENGINE"] not in ("django.db.backends.postgresql", "django.db.backends.postgresql_psycopg2"):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "SHEQU_DATABASE_REPLICA_URL 只能是 PostgreSQL 流复制备库 / must be a PostgreSQL streaming replica."
        )
    options = {**primary.get("OPTIONS", {}), "connect_timeout": 2}
    return {
        **primary,
        **url_settings,
        "ENGINE": "django.db.backends.postgresql",
        "OPTIONS": options,
        "ATOMIC_REQUESTS": False,
        "TEST": {"MIRROR": DEFAULT_DB_ALIAS},
    }


@dataclass
class ReplicaState:
    """What the last check found: usable or not, the lag in seconds (None when unknown), why not."""

    usable: bool
    lag: float | None
    reason: str
    checked: float  # time.monotonic() of the check


_state: ReplicaState | None = None
_lock = threading.Lock()


def reset_replica_state() -> None:
    """Forget the last check (tests; after a replica is known to be down)."""
    global _state
    with _lock:
        _state = None


def _probe() -> ReplicaState:
    now = time.monotonic()
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_flush_lsn()::text")
            primary_lsn = cursor.fetchone()[0]
    except DatabaseError as error:  # the primary is not PostgreSQL or not answering: nothing to compare with
        return ReplicaState(False, None, f"primary: {error.__class__.__name__}", now)
    try:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute(
                "SELECT pg_is_in_recovery(), "
                "COALESCE(pg_last_wal_replay_lsn() >= %s::pg_lsn, false), "
                "EXTRACT(EPOCH FROM clock_timestamp() - pg_last_xact_replay_timestamp())::float8",
                [primary_lsn],
            )
            in_recovery, caught_up, age = cursor.fetchone()
    except (OperationalError, InterfaceError, DatabaseError) as error:
        connections[REPLICA].close()
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
        return ReplicaState(False, None, f"down: {first_line}", now)
    return judge(in_recovery, caught_up, age, settings.SHEQU_REPLICA_MAX_LAG, now)


def judge(in_recovery: bool, caught_up: bool, age: float | None, bound: float, now: float) -> ReplicaState:
    """The replica's state from what it said: whether it is a standby, whether it has replayed all the primary had
    flushed, and the age in seconds of the last transaction it replayed."""
    if not in_recovery or caught_up:  # a primary (the same server, a promoted replica) or all replayed: current
        return ReplicaState(True, 0.0, "", now)
    if age is None:  # it has replayed no transaction since it started: how old its data are is unknown
        return ReplicaState(False, None, "lag unknown", now)
    lag = max(float(age), 0.0)
    if lag > bound:
        return ReplicaState(False, lag, f"lag {lag:.1f} s > {bound} s", now)
    return ReplicaState(True, lag, "", now)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def replica_state(*, refresh: bool = False, probe: Callable[[], ReplicaState] | None = None) -> ReplicaState | None:
    """The replica's state, checked again when the last check is older than `SHEQU_REPLICA_CHECK_SECONDS` (or
    `refresh`). None when no replica is configured."""
    global _state
    if not replica_configured():
        return None
    with _lock:
        state = _state
        if refresh or state is None or time.monotonic() - state.checked >= settings.SHEQU_REPLICA_CHECK_SECONDS:
            previous = state
            state = _state = (probe or _probe)()
            if not state.usable and (previous is None or previous.usable):
                logger.warning("Read replica not used (%s): statistics read from the primary.", state.reason)
            elif state.usable and previous is not None and not previous.usable:
                logger.warning("Read replica back in use (lag %.1f s).", state.lag or 0.0)
        return state


def use_replica() -> bool:
    """Whether a read made now goes to the replica."""
    if not _reading_from_replica.get():
        return False
    if connections[DEFAULT_DB_ALIAS].in_atomic_block:  # a transaction reads its own writes
        return False
    state = replica_state()
    return bool(state and state.usable)


@contextmanager
def replica_reads() -> Iterator[None]:
    """Reads inside go to the replica while it is healthy (see the module's docstring)."""
    token = _reading_from_replica.set(True)
    try:
        yield
    finally:
        _reading_from_replica.reset(token)


def replica_view(method: Callable) -> Callable:
    """Decorate a view's `get`: its reads go to the replica; if the replica fails during it, the view runs again on
    the primary. Authentication and permissions are read before (`dispatch`), on the primary, so that a revoked
    token or a deactivated user is refused at once whatever the replica's lag."""

    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not replica_configured():
            return method(*args, **kwargs)
        try:
            with replica_reads():
                return method(*args, **kwargs)
        except (OperationalError, InterfaceError):
            state = _state
            if state is None or not state.usable:
                raise
            fresh = replica_state(refresh=True)
            if fresh is not None and fresh.usable:  # the replica is fine: the error was not its
                raise
            logger.warning(
                "Read replica failed during a view (%s): read again from the primary.", fresh and fresh.reason
            )
            return method(*args, **kwargs)

    return wrapper


class ReplicaRouter:
    """`DATABASE_ROUTERS`: reads inside `replica_reads()` to the healthy replica, everything else to the primary."""

    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        if use_replica():
            return REPLICA
        return self._off_replica(hints)

    def db_for_write(self, model: Any, **hints: Any) -> str | None:
        return self._off_replica(hints)

    @staticmethod
    def _off_replica(hints: dict[str, Any]) -> str | None:
        """None (Django's own choice) unless the hinted instance was read from the replica: then the primary."""
        instance = hints.get("instance")
        if instance is not None and getattr(instance._state, "db", None) == REPLICA:
            return DEFAULT_DB_ALIAS
        return None

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # one database, two copies

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool:
        return db != REPLICA  # the replica follows the primary's schema through the WAL
