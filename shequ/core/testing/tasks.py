"""A task for the several-instances test (issue #18): counts its runs in the shared cache and says who ran it."""

import os
import time

from django.core.cache import cache
from django_tasks import task

__all__ = ["count_run"]


@task()
def count_run(key: str, seconds: float = 0.2) -> int:
    """Add one to the shared counter `key` (exactly once per task if the queue is right); return the worker's pid."""
    cache.add(f"shequ:test-runs:{key}", 0, 3600)
    cache.incr(f"shequ:test-runs:{key}")
    time.sleep(seconds)
    return os.getpid()
