"""Reference data kept in each process for hot paths (issue #5: intake at hundreds of requests a second).

Catalogues, the division tree and routing rules are read on every request of the hotline's intake and change a
few times a year. `ReferenceCache` keeps what it was asked in the process and drops it all, in every process, when
a row of one of its models is saved or deleted: a token in the shared cache (`CACHES["default"]`: a file cache on
one host, Redis across hosts) is replaced by the signal — at once and again after the commit, so that no process
keeps a value read between the write and its commit — and compared at most once a second. Bulk writes send no
signal: values are also kept no longer than `ttl` seconds.

Values are shared between requests: treat them as read-only. A cache whose data must never be seen stale — who a
caller is — passes `check_every=0` and pays one shared-cache read (~30 µs with the file cache) per look-up.
"""

import threading
import time
import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

__all__ = ["CHECK_EVERY", "ReferenceCache"]

CHECK_EVERY = 1.0  # seconds: how stale another process's change may be seen


class ReferenceCache:
    instances: list["ReferenceCache"] = []  # every cache, for whoever must drop them all (tests, bulk loads)

    def __init__(self, name: str, *models, ttl: float = 60, check_every: float = CHECK_EVERY, ignore=None):
        """`ignore(**signal_kwargs)` says which saves leave the cached values true (e.g. a login's `last_login`)."""
        ReferenceCache.instances.append(self)
        self.key = f"shequ:refcache:{name}"
        self.ttl = ttl
        self.check_every = check_every
        self.ignore = ignore
        self._lock = threading.Lock()
        self._values: dict = {}
        self._token = None
        self._loaded = self._checked = 0.0
        for model in models:
            for signal in (post_save, post_delete):
                signal.connect(self._changed, sender=model)

    def _changed(self, **kwargs) -> None:
        if self.ignore is not None and self.ignore(**kwargs):
            return
        self.invalidate()
        transaction.on_commit(self.invalidate)

    @classmethod
    def invalidate_all(cls) -> None:
        for instance in cls.instances:
            instance.invalidate()

    def invalidate(self) -> None:
        cache.set(self.key, uuid.uuid4().hex, None)
        with self._lock:
            self._values, self._token, self._checked = {}, None, 0.0

    def _current_token(self) -> str:
        token = cache.get(self.key)
        if token is None:  # first use, or the cache was cleared: every process starts afresh
            cache.add(self.key, uuid.uuid4().hex, None)
            token = cache.get(self.key)
        return token

    def get(self, key, compute):
        """The value for `key`, computed by `compute()` once per process until the data change."""
        now = time.monotonic()
        if now - self._checked >= self.check_every:  # the shared token is read at most once a second by default
            token = self._current_token()
            with self._lock:
                if token != self._token or now - self._loaded > self.ttl:
                    self._values, self._token, self._loaded = {}, token, now
                self._checked = now
        with self._lock:
            if key in self._values:
                return self._values[key]
            token = self._token
        value = compute()
        with self._lock:
            if self._token == token:
                self._values[key] = value
        return value
