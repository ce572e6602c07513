"""Call-centre scale (issue #5): the yellow/red sweep over a million open orders, and a district's supervision page
with a million orders, each beside the same SQL run raw in the same run.

    SHEQU_DEBUG=false .venv/bin/python bench/callcentre_bench.py [ORDERS] [--reuse]

Builds `shequ_callcentre` on PostgreSQL (Xiamen, the demo call centre and accounts) and generates ORDERS work
orders inside PostgreSQL (`INSERT … SELECT generate_series`) in the communities of 思明区: all of them open
(dispatched, accepted or in progress) with limits spread from two days ago to two days ahead, so that the sweep
has real work. Times: the first `services.sweep()` (every late order alarmed, the supervision counts recounted)
against its three aggregates run raw,
then steady passes; GET /workorders/supervision/ as the district's administrator (full HTML) against its two
queries run raw. `--reuse` keeps the database of an earlier run (migrated to the current schema).
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shequ.settings")
from import_bench import database_url, fresh_database  # noqa: E402
from sqlgen import insert_columns  # noqa: E402

DISTRICT = "350203"


def percentile(samples, p):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def timed(function, repeat):
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def line(label, samples):
    return f"{label:56} p50 {statistics.median(samples):8.1f} ms  p95 {percentile(samples, 95):8.1f} ms"


def generate(count: int) -> None:
    from django.db import connection
    from django.utils import timezone

    from shequ.workorders.models import Category, HandlingUnit, WorkOrder

    units = list(
        HandlingUnit.objects.filter(kind="community", division_code__startswith=DISTRICT).values_list(
            "pk", "division_code", "division_id"
        )
    )
    category = Category.objects.get(code="0101")
    generated = {
        "number": "'B' || lpad(g::text, 12, '0')",
        "token": "md5('t' || g)",
        "unit_id": "(%(unit_ids)s::bigint[])[1 + g %% %(n)s]",
        "community_id": "(%(community_ids)s::bigint[])[1 + g %% %(n)s]",
        "division_code": "(%(codes)s::text[])[1 + g %% %(n)s]",
        "category_id": "%(category)s",
        "status": "(ARRAY['dispatched','accepted','in_progress'])[1 + g %% 3]",
        "dispatched_at": "%(now)s::timestamptz - interval '3 days' + (g %% 5000) * interval '1 minute'",
        "yellow_at": "%(now)s::timestamptz - interval '2 days' + (g %% 5760) * interval '1 minute'",
        "red_at": "%(now)s::timestamptz - interval '1 day' + (g %% 4320) * interval '1 minute'",
        "created": "%(now)s::timestamptz - interval '3 days'",
        "last_updated": "%(now)s::timestamptz - interval '3 days'",
        "description": "'路灯不亮'",
        "request_type": "'help'",
        "source": "'phone'",
        "idempotency_key": "NULL",
    }
    params = {
        "unit_ids": [u[0] for u in units],
        "community_ids": [u[2] for u in units],
        "codes": [u[1] for u in units],
        "n": len(units),
        "category": category.pk,
        "now": timezone.now(),
    }
    columns, expressions = insert_columns(WorkOrder, generated, params, connection)
    with connection.cursor() as cursor:
        for start in range(0, count, 500_000):
            params.update(start=start + 1, stop=min(count, start + 500_000))
            cursor.execute(
                f"INSERT INTO workorders_workorder ({', '.join(columns)}) "
                f"SELECT {', '.join(expressions)} FROM generate_series(%(start)s, %(stop)s) AS g",
                params,
            )
        cursor.execute("ANALYZE workorders_workorder")


def main(count: int, reuse: bool) -> None:
    if reuse:
        os.environ["SHEQU_DATABASE_URL"] = database_url("postgres", "shequ_callcentre")
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, check=True)
    else:
        os.environ["SHEQU_DATABASE_URL"] = fresh_database("postgres", "shequ_callcentre")
        for args in (["setup_call_centre"], ["setup_demo"]):
            subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, check=True, capture_output=True)
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.utils import timezone

    from shequ.accounts.models import User
    from shequ.workorders import services
    from shequ.workorders.models import OutboxMessage, SweepRun, WorkOrder

    if not reuse:
        started = time.perf_counter()
        generate(count)
        print(f"{count:,} open orders generated in {time.perf_counter() - started:.0f} s")

    def reset():
        SweepRun.objects.all().delete()
        OutboxMessage.objects.filter(kind="alarm").delete()

    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE workorders_workorder")  # what autovacuum does after a load
    reset()
    started = time.perf_counter()
    marked = services.sweep(now)
    sweep_seconds = time.perf_counter() - started
    statuses = ["dispatched", "accepted", "in_progress"]

    def raw_sweep():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT unit_id, count(*) FROM workorders_workorder WHERE status = ANY(%s) AND red_at <= %s "
                "GROUP BY unit_id",
                [statuses, now],
            )
            cursor.fetchall()
            cursor.execute(
                "SELECT unit_id, count(*) FROM workorders_workorder WHERE status = ANY(%s) AND "
                "yellow_at <= %s AND red_at > %s GROUP BY unit_id",
                [statuses, now, now],
            )
            cursor.fetchall()
            cursor.execute(
                "SELECT division_code, unit_id, status, count(status), count(status) FILTER (WHERE yellow_at <= "
                "%(now)s AND red_at > %(now)s), count(status) FILTER (WHERE red_at <= %(now)s) "
                "FROM workorders_workorder WHERE status <> 'closed' GROUP BY division_code, unit_id, status",
                {"now": now},
            )
            cursor.fetchall()

    raw_seconds = timed(raw_sweep, 1)[0] / 1000
    print(
        f"first sweep over {WorkOrder.objects.unscoped('bench').count():,} open orders: {sweep_seconds:.2f} s "
        f"(turned red {marked['red']:,}, yellow {marked['yellow']:,}; {SweepRun.objects.get().units} units "
        f"alarmed); raw SQL {raw_seconds:.2f} s"
    )
    steady = timed(lambda: services.sweep(), 5)
    print(line("steady sweep (alarms since the previous pass + recount)", steady))

    setup_test_environment()
    client = Client()
    admin = User.objects.get(username="demo_district_admin")
    client.force_login(admin)
    assert client.get("/workorders/supervision/").status_code == 200
    page = timed(lambda: client.get("/workorders/supervision/"), 20)

    def raw_live():
        now = timezone.now()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT unit_id, status, count(status), "
                "count(status) FILTER (WHERE yellow_at <= %(now)s AND red_at > %(now)s), "
                "count(status) FILTER (WHERE red_at <= %(now)s) "
                "FROM workorders_workorder WHERE division_code BETWEEN %(low)s AND %(high)s "
                "AND status <> 'closed' GROUP BY unit_id, status",
                {"now": now, "low": "350203000000", "high": "350203999999"})
            cursor.fetchall()

    def raw():
        now = timezone.now()
        with connection.cursor() as cursor:
            cursor.execute("SELECT unit_id, status, open, yellow, red FROM workorders_unitload "
                           "WHERE division_code BETWEEN %(low)s AND %(high)s",
                           {"low": "350203000000", "high": "350203999999"})
            cursor.fetchall()
            cursor.execute("SELECT id FROM workorders_workorder WHERE division_code BETWEEN %(low)s AND %(high)s "
                           "AND status = ANY(%(on)s) AND red_at <= %(now)s ORDER BY red_at LIMIT 50",
                           {"on": statuses, "now": now, "low": "350203000000", "high": "350203999999"})
            cursor.fetchall()

    print(line("supervision page (district, full HTML)", page))
    print(line("its two queries (counts of the pass, overdue list), raw", timed(raw, 20)))
    live = WorkOrder.objects.unscoped("bench").within(DISTRICT)
    print(line("live count without a recent pass (ORM)", timed(lambda: live.load(timezone.now(), "unit"), 10)))
    print(line("the same aggregate, raw SQL", timed(raw_live, 10)))


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(int(arguments[0]) if arguments else 1_000_000, "--reuse" in sys.argv)
