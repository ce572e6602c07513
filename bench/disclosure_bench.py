"""The monthly disclosure at city scale (issue #14 item 6, INFO-1): compiling a month's figures for every community of
the city, and rendering one disclosure's PDF — each beside its floor measured in the same run.

    SHEQU_DEBUG=false .venv/bin/python bench/disclosure_bench.py [ORDERS] [--reuse]

Builds `shequ_disclosure` on PostgreSQL (Xiamen's NBS divisions, the demo call centre) and generates ORDERS work
orders (default 500,000) inside PostgreSQL (`INSERT … SELECT generate_series`) spread over every community of the
city and over last month: a third closed in the month, the rest open, a sixth past their limit, over the demo
catalogue's categories (public services among them). Measures:

- **compile** — `figures.compile_figures(every community, last month)`, what the first of the month runs per batch
  of 500 communities, here for all of them at once; beside the **raw** aggregates (the same counts grouped by
  community, category and public service, run as SQL);
- **PDF** — `jobs.write_pdf` of one published disclosure (WeasyPrint, Noto CJK embedded), 10 times; beside
  WeasyPrint rendering a one-line Chinese page (the library's floor).
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

DATABASE = "shequ_disclosure"


def timed(function, repeat):
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return samples


def generate(count: int, month) -> None:
    from datetime import datetime

    from django.db import connection
    from django.utils import timezone

    from shequ.regions.models import Division
    from shequ.workorders.models import Category, WorkOrder

    communities = list(
        Division.objects.unscoped("bench").filter(level="community").values_list("pk", "code").order_by("code")
    )
    categories = list(Category.objects.exclude(parent=None).values_list("pk", flat=True))
    start = timezone.make_aware(datetime(month.year, month.month, 1))
    generated = {
        "number": "'D' || lpad(g::text, 12, '0')",
        "token": "md5('d' || g)",
        "community_id": "(%(community_ids)s::bigint[])[1 + g %% %(n)s]",
        "division_code": "(%(codes)s::text[])[1 + g %% %(n)s]",
        "category_id": "(%(categories)s::bigint[])[1 + g %% %(k)s]",
        "status": "(ARRAY['closed','dispatched','accepted','in_progress','closed','replied'])[1 + g %% 6]",
        "created": "%(start)s::timestamptz + (g %% 40000) * interval '1 minute'",
        "last_updated": "%(start)s::timestamptz + (g %% 40000) * interval '1 minute'",
        "dispatched_at": "%(start)s::timestamptz + (g %% 40000) * interval '1 minute'",
        "closed_at": "CASE WHEN g %% 6 IN (0, 4) THEN %(start)s::timestamptz + (g %% 40000) * interval '1 minute' "
        "+ interval '1 day' END",
        "red_at": "%(start)s::timestamptz + (g %% 40000) * interval '1 minute' + interval '2 days' "
        "+ (g %% 6) * interval '10 days'",
        "description": "'路灯不亮'",
        "request_type": "'help'",
        "source": "'phone'",
        "idempotency_key": "NULL",
    }
    params = {
        "community_ids": [c[0] for c in communities],
        "codes": [c[1] for c in communities],
        "n": len(communities),
        "categories": categories,
        "k": len(categories),
        "start": start,
    }
    columns, expressions = insert_columns(WorkOrder, generated, params, connection)
    with connection.cursor() as cursor:
        for first in range(0, count, 250_000):
            params.update(first=first + 1, stop=min(count, first + 250_000))
            cursor.execute(
                f"INSERT INTO workorders_workorder ({', '.join(columns)}) "
                f"SELECT {', '.join(expressions)} FROM generate_series(%(first)s, %(stop)s) AS g",
                params,
            )
        cursor.execute("VACUUM ANALYZE workorders_workorder")


def main(count: int, reuse: bool) -> None:
    os.environ["SHEQU_DATABASE_URL"] = (
        database_url("postgres", DATABASE) if reuse else fresh_database("postgres", DATABASE)
    )
    if reuse:
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, check=True)
    else:
        subprocess.run([sys.executable, "manage.py", "setup_call_centre"], cwd=ROOT, check=True, capture_output=True)
    import django

    django.setup()
    from datetime import timedelta

    from django.db import connection
    from django.utils import timezone
    from weasyprint import HTML

    from shequ.disclosure import services
    from shequ.disclosure.figures import compile_figures, month_bounds
    from shequ.disclosure.jobs import write_pdf
    from shequ.disclosure.models import Disclosure
    from shequ.regions.models import Division

    month = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
    if not reuse:
        started = time.perf_counter()
        generate(count, month)
        print(f"{count:,} orders generated in {time.perf_counter() - started:.0f} s")
    communities = list(Division.objects.unscoped("bench").filter(level="community").order_by("code"))
    now = timezone.now()
    compile_figures(communities[:50], month, now)  # warm: imports, connection, catalogue
    compiled = timed(lambda: compile_figures(communities, month, now), 3)

    start, end = month_bounds(month)

    def raw():
        with connection.cursor() as cursor:
            for sql in (
                "SELECT community_id, count(*) FROM workorders_workorder WHERE created >= %(s)s AND created < %(e)s "
                "GROUP BY community_id",
                "SELECT community_id, count(*) FROM workorders_workorder "
                "WHERE closed_at >= %(s)s AND closed_at < %(e)s GROUP BY community_id",
                "SELECT community_id, category_id, red_at <= %(now)s AND status IN ('dispatched','accepted',"
                "'in_progress'), count(*) FROM workorders_workorder WHERE status <> 'closed' GROUP BY 1, 2, 3",
            ):
                cursor.execute(sql, {"s": start, "e": end, "now": now})
                cursor.fetchall()

    raw()
    ceiling = timed(raw, 3)
    print(
        f"compile {len(communities):,} communities over {count:,} orders: median {statistics.median(compiled):.2f} s "
        f"(min {min(compiled):.2f}); raw aggregates median {statistics.median(ceiling):.2f} s "
        f"(min {min(ceiling):.2f}); ratio {statistics.median(compiled) / statistics.median(ceiling):.1f}×"
    )

    community = communities[0]
    Disclosure.objects.filter(community=community, month=month).delete()
    services.compile_month(acting_user=None, month=month, within=community)
    disclosure = Disclosure.objects.get(community=community, month=month)
    disclosure.work_notes = "本月组织居民议事协商会，推进加装电梯意见征集；开展长者助餐和志愿服务活动。" * 3
    disclosure.save()
    services.review(acting_user=None, disclosure=disclosure)
    disclosure = services.publish(acting_user=None, disclosure=disclosure)
    write_pdf(disclosure)  # warm: fonts, the library
    pdf = timed(lambda: write_pdf(disclosure), 10)
    floor_html = '<html lang="zh-hans"><body style="font-family: \'Noto Sans CJK SC\'">社区综合信息公开</body></html>'
    HTML(string=floor_html).write_pdf()
    floor = timed(lambda: HTML(string=floor_html).write_pdf(), 10)
    print(
        f"one disclosure PDF ({len(write_pdf(disclosure)):,} bytes): median {statistics.median(pdf):.2f} s, "
        f"max {max(pdf):.2f} s; WeasyPrint one-line page median {statistics.median(floor):.2f} s"
    )


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(int(arguments[0]) if arguments else 500_000, "--reuse" in sys.argv)
