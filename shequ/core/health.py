"""Health, readiness and metrics for the people who run the platform (issue #18, ADR 0015).

* ``/healthz`` — the process answers (no database): for a load balancer's liveness probe.
* ``/readyz`` — JSON, one entry per check, 200 when all pass and 503 when one fails: the database answers, the cache
  writes and reads, a background worker beat within SHEQU_READY_WORKER_SECONDS, the call centre's clock passed
  within SHEQU_READY_CLOCK_SECONDS, and no migration is unapplied. Apps add checks with `readiness_check` (the
  clock's is the call centre's, `workorders/health.py`): core names no app above it (ADR 0010).
* ``/metrics`` — Prometheus text (prometheus_client), only to SHEQU_METRICS_ALLOWED: requests and their latency by
  view (never a path or query string: no personal data, bounded label values), and gauges read at scrape time —
  the task queue's depth, imports (rows and rows per second over the last hour), the worker's and the clock's age,
  and what apps add with `gauge_collector` (open and overdue work orders). Under gunicorn,
  PROMETHEUS_MULTIPROC_DIR (deploy/shequ-web.service) makes the request counters add up over its workers.

No check or metric holds personal data; nothing here needs a signed-in user.
"""

import ipaddress
import logging
import os
import time
from collections.abc import Callable, Iterable
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import REGISTRY, Collector

from shequ.core.utils import client_ip

__all__ = [
    "WORKER_HEARTBEAT_KEY",
    "MetricsMiddleware",
    "beat_worker",
    "gauge_collector",
    "healthz",
    "metrics",
    "readiness_check",
    "readyz",
    "worker_heartbeat_age",
]

logger = logging.getLogger("shequ.health")
WORKER_HEARTBEAT_KEY = "shequ:heartbeat:worker"

# ---- readiness -----------------------------------------------------------------------------------------------------

READINESS_CHECKS: dict[str, Callable[[], dict]] = {}


def readiness_check(name: str):
    """Register `function() -> {"ok": bool, ...}` as the readiness check `name` (its other keys are shown as they are:
    numbers and short words, never personal data)."""

    def register(function: Callable[[], dict]) -> Callable[[], dict]:
        READINESS_CHECKS[name] = function
        return function

    return register


@readiness_check("database")
def _database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return {"ok": cursor.fetchone() == (1,)}


@readiness_check("cache")
def _cache() -> dict:
    token = os.urandom(8).hex()
    cache.set("shequ:readyz", token, 30)
    return {"ok": cache.get("shequ:readyz") == token}


def beat_worker(now: float | None = None) -> None:
    """A background worker is alive (`manage.py worker` calls this every SHEQU_WORKER_HEARTBEAT_SECONDS)."""
    cache.set(WORKER_HEARTBEAT_KEY, time.time() if now is None else now, 24 * 3600)


def worker_heartbeat_age() -> float | None:
    beat = cache.get(WORKER_HEARTBEAT_KEY)
    return None if beat is None else max(time.time() - float(beat), 0.0)


@readiness_check("worker")
def _worker() -> dict:
    age = worker_heartbeat_age()
    if age is None:
        return {"ok": False, "age_seconds": None}
    return {"ok": age <= settings.SHEQU_READY_WORKER_SECONDS, "age_seconds": round(age, 1)}


_migrated = False


@readiness_check("migrations")
def _migrations() -> dict:
    """No migration left to apply. Once true it stays true for the life of the process (an upgrade restarts it), so
    that the migration files are read once, not on every probe."""
    global _migrated
    if _migrated:
        return {"ok": True, "unapplied": 0}
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    _migrated = not plan
    return {"ok": not plan, "unapplied": len(plan)}


def age_check(last, max_seconds: int) -> dict:
    """The entry for something that should have happened within `max_seconds` and last did at `last` (or never)."""
    if last is None:
        return {"ok": False, "age_seconds": None}
    age = max((timezone.now() - last).total_seconds(), 0.0)
    return {"ok": age <= max_seconds, "age_seconds": round(age, 1)}


def readyz(request):
    checks: dict[str, dict] = {}
    for name, check in READINESS_CHECKS.items():
        try:
            checks[name] = check()
        except Exception as error:  # a check that cannot run has failed; its kind only, never its text
            logger.warning("readiness check %s failed: %s", name, type(error).__name__)
            checks[name] = {"ok": False, "error": type(error).__name__}
    ready = all(entry["ok"] for entry in checks.values())
    response = JsonResponse({"status": "ok" if ready else "fail", "checks": checks}, status=200 if ready else 503)
    response["Cache-Control"] = "no-store"
    return response


def healthz(request):
    """The process answers; nothing else is looked at (for load balancers and as bench/intake_bench.py's floor)."""
    return HttpResponse("ok", content_type="text/plain")


# ---- metrics -------------------------------------------------------------------------------------------------------

LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
REQUESTS = Counter(
    "shequ_http_requests", "HTTP requests answered, by method, view and status.", ["method", "view", "status"]
)
LATENCY = Histogram(
    "shequ_http_request_duration_seconds", "Time to answer, by method and view.", ["method", "view"],
    buckets=LATENCY_BUCKETS,
)  # fmt: skip


class MetricsMiddleware:
    """Count and time each request under its URL name (`people:resident_list`), not its path: a path can hold a
    number, and label values must stay few. An unmatched path is `unresolved`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        elapsed = time.perf_counter() - started
        match = getattr(request, "resolver_match", None)
        view = (match.view_name or "unnamed") if match else "unresolved"
        method = request.method if request.method in METHODS else "other"
        REQUESTS.labels(method, view, str(response.status_code)).inc()
        LATENCY.labels(method, view).observe(elapsed)
        request.shequ_duration = elapsed
        return response


GAUGE_COLLECTORS: list[Callable[[], Iterable[Metric]]] = []


def gauge_collector(function: Callable[[], Iterable[Metric]]) -> Callable[[], Iterable[Metric]]:
    """Register `function() -> metric families`, read from the database at each scrape."""
    GAUGE_COLLECTORS.append(function)
    return function


def gauge(name: str, documentation: str, value: float | None, labels: dict[str, str] | None = None) -> Metric:
    family = GaugeMetricFamily(name, documentation, labels=list(labels or {}))
    if value is not None:
        family.add_metric(list((labels or {}).values()), value)
    return family


@gauge_collector
def _queue_and_worker() -> Iterable[Metric]:
    from django_tasks_db.models import DBTaskResult

    depth = DBTaskResult.objects.ready().count()
    yield gauge("shequ_task_queue_depth", "Background tasks waiting for a worker.", depth)
    yield gauge("shequ_worker_heartbeat_age_seconds", "Seconds since a background worker last beat.",
                worker_heartbeat_age())  # fmt: skip


@gauge_collector
def _imports() -> Iterable[Metric]:
    from django.db.models import Count, Sum

    from shequ.core.models import ImportJob

    since = timezone.now() - timedelta(hours=1)
    yield gauge("shequ_imports_running", "Imports running now.",
                ImportJob.objects.filter(status=ImportJob.Status.RUNNING).count())  # fmt: skip
    finished = ImportJob.objects.filter(finished__gte=since)
    jobs = GaugeMetricFamily("shequ_import_jobs_last_hour", "Imports finished in the last hour, by outcome.",
                             labels=["status"])  # fmt: skip
    counts = dict(finished.values_list("status").annotate(n=Count("pk")).order_by())
    for status in ImportJob.Status.values:
        jobs.add_metric([status], counts.get(status, 0))
    yield jobs
    committed = finished.filter(status=ImportJob.Status.COMMITTED, dry_run=False)
    rows = committed.aggregate(rows=Sum("total_rows"))["rows"] or 0
    seconds = 0.0
    for started, job_finished in committed.values_list("started", "finished"):
        if job_finished is not None:
            seconds += (job_finished - started).total_seconds()
    yield gauge("shequ_import_rows_last_hour", "Rows written by imports that finished in the last hour.", rows)
    yield gauge("shequ_import_rows_per_second", "Rows per second of the imports that finished in the last hour.",
                rows / seconds if seconds > 0 else 0.0)  # fmt: skip


class DatabaseCollector(Collector):
    def collect(self) -> Iterable[Metric]:
        for function in GAUGE_COLLECTORS:
            try:
                yield from function()
            except Exception as error:  # one failing source must not hide the others
                logger.warning("metrics source %s failed: %s", function.__name__, type(error).__name__)


def _registry() -> CollectorRegistry:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
    else:
        registry = CollectorRegistry()
        registry.register(_ProcessRegistry())
    registry.register(DatabaseCollector())
    return registry


class _ProcessRegistry(Collector):
    """This process's own metrics (REQUESTS, LATENCY, the process and platform collectors) when not under gunicorn's
    multiprocess mode."""

    def collect(self) -> Iterable[Metric]:
        return REGISTRY.collect()


def metrics_allowed(request) -> bool:
    """The client (after the trusted proxies, core.middleware.TrustedProxyMiddleware) is in SHEQU_METRICS_ALLOWED."""
    try:
        address = ipaddress.ip_address(client_ip(request) or "")
    except ValueError:
        return False
    return any(address in network for network in settings.SHEQU_METRICS_ALLOWED)


def metrics(request):
    if not metrics_allowed(request):
        return HttpResponse("forbidden", status=403, content_type="text/plain")
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)
