"""The annual evaluation at city scale (issue #14, EVAL-1): `evaluation.services.evaluate` of every community of a city
of 5,000 communities and 25 million residents over a year of data, beside the raw aggregates its indicators need, in
the same run.

    SHEQU_DEBUG=false nice -n 10 .venv/bin/python bench/evaluation_bench.py [COMMUNITIES] [--reuse]

Builds `shequ_evaluation` on PostgreSQL (`SHEQU_BENCH_DB` to name another) with home_bench's functions: Xiamen's NBS
divisions plus synthetic communities up to COMMUNITIES (default 5,000), and every rollup metric for each community
and each of the last 12 months generated inside PostgreSQL. On top of home_bench's figures: the residents' counts
are set to 2,500–7,500 a community (25 million for 5,000), and the on-time and satisfied counts to 70–100 % of
the closed and called-back counts, so that the rates are plausible. Then:

- a city scheme for the year in force, with one computed indicator for **every registered source**
  (`evaluation.indicators.sources()`: the policy checks' pass rate, one per registered check, the work orders' on-time
  and satisfaction rates, volunteer hours per 1,000 residents, survey satisfaction) and one indicator scored by
  people, with two inspections for every third community;
- a city survey closed in the year with one satisfaction question, and 5–24 answers from each community but every
  tenth (generated in SQL), so that the survey source reads real answers.

Measures, each `evaluate(acting_user=None, division=<the city>, year=…)` in its own transaction (each writes a run,
a score per community and a value per indicator and community): the full evaluation, 3 times; each source's
`measure()` on its own (the policy checks are evaluated live over every community, so they are reported apart);
and the ceiling — the raw aggregates the indicators need (the rollup sums per community and metric over the year,
the inspections' mean, the survey answers per community), and every SELECT the evaluation ran, replayed raw.
"""

import os
import statistics
import subprocess
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shequ.settings")
from home_bench import add_communities, generate  # noqa: E402
from import_bench import database_url, fresh_database  # noqa: E402

DATABASE = os.environ.get("SHEQU_BENCH_DB", "shequ_evaluation")
CITY = "350200000000"
REPEAT = 3
# The registers are not filled, so most policy checks cannot decide (unknown): a low coverage still classifies.
MIN_COVERAGE = Decimal(15)
# The rollup metrics the computed sources read (indicators.py).
FIGURE_METRICS = (
    "orders_on_time",
    "orders_closed",
    "orders_late_open",
    "orders_satisfied",
    "orders_called_back",
    "volunteer_hours",
    "residents",
)


def timed(function, repeat):
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return samples


def seconds(samples) -> str:
    return f"median {statistics.median(samples):7.2f} s  (min {min(samples):.2f}, max {max(samples):.2f})"


def reshape_figures() -> None:
    """25 million residents in all (2,500–7,500 a community), rates at 70–100 %, and the upper rows summed again."""
    from django.db import connection

    community = "right(t.division_code, 3) <> '000'"
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE cockpit_figure t SET value = 2500 + abs(hashtext(t.division_code || 'r')) %% 5001 "
            f"WHERE t.metric = 'residents' AND {community}",
            {},
        )
        cursor.execute(
            f"UPDATE cockpit_figure t SET value = round(r.value / 2.6) FROM cockpit_figure r "
            f"WHERE t.metric = 'households' AND r.metric = 'residents' AND r.division_code = t.division_code "
            f"AND r.month = t.month AND {community}"
        )
        for part, whole in (("orders_on_time", "orders_closed"), ("orders_satisfied", "orders_called_back")):
            cursor.execute(
                f"UPDATE cockpit_figure t SET value = floor(w.value * (70 + abs(hashtext(t.division_code || "
                f"t.month::text || t.metric)) %% 31) / 100) FROM cockpit_figure w WHERE t.metric = %(part)s "
                f"AND w.metric = %(whole)s AND w.division_code = t.division_code AND w.month = t.month AND {community}",
                {"part": part, "whole": whole},
            )
        changed = ["residents", "households", "orders_on_time", "orders_satisfied"]
        cursor.execute(
            "DELETE FROM cockpit_figure WHERE right(division_code, 3) = '000' AND metric = ANY(%s)", [changed]
        )
        for length in (9, 6, 4, 2):
            cursor.execute(
                "INSERT INTO cockpit_figure (division_code, month, metric, value) "
                "SELECT rpad(left(division_code, %(n)s), 12, '0'), month, metric, sum(value) FROM cockpit_figure "
                "WHERE right(division_code, 3) <> '000' AND metric = ANY(%(metrics)s) GROUP BY 1, 2, 3",
                {"n": length, "metrics": changed},
            )
        cursor.execute("VACUUM ANALYZE cockpit_figure")


def build_scheme(year: int, communities: list, today: date):
    """The city's scheme in force: every registered source computed, one indicator scored by people (20 points)."""
    from shequ.core.models import in_scope
    from shequ.evaluation import models, services
    from shequ.evaluation.indicators import sources
    from shequ.regions.models import Division

    city = Division.objects.get(code=CITY)
    scheme = models.Scheme.objects.filter(division=city, year=year, status="in_force").first()
    if scheme is not None:  # --reuse
        models.Scheme.objects.filter(pk=scheme.pk).update(min_coverage=MIN_COVERAGE)
        return scheme, scheme.indicators.filter(kind="computed").count(), models.Inspection.objects.count()
    scheme = models.Scheme.objects.create(
        division=city, year=year, name="厦门市社区考评（基准）", min_coverage=MIN_COVERAGE
    )
    registered = list(sources().values())
    weight = (Decimal(80) / len(registered)).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
    for number, source in enumerate(registered, 1):
        volunteer = source.id == "volunteer-hours"
        models.Indicator.objects.create(
            scheme=scheme,
            code=f"C{number:02d}",
            name=str(source.label)[:100],
            kind="computed",
            source=source.id,
            weight=weight,
            zero_at=Decimal(0) if volunteer else Decimal(50),
            full_at=Decimal(1000) if volunteer else Decimal(100),
        )
    scored = models.Indicator.objects.create(
        scheme=scheme,
        code="S01",
        name="明察暗访",
        kind="scored",
        weight=Decimal(100) - weight * len(registered),
        zero_at=Decimal(60),
        full_at=Decimal(100),
    )
    services.put_in_force(acting_user=None, scheme=scheme)
    inspections = []
    for index, community in enumerate(communities[::3]):
        for kind, day in (("open", date(year, 3, 1 + index % 28)), ("unannounced", date(year, 9, 1 + index % 28))):
            if day <= today:
                inspections.append(
                    in_scope(
                        models.Inspection(
                            community=community,
                            indicator=scored,
                            kind=kind,
                            inspected_on=day,
                            inspectors="市考评组",
                            score=Decimal(55 + (index * 7 + len(kind)) % 46),
                        )
                    )
                )
    models.Inspection.objects.bulk_create(inspections, batch_size=2000)
    return scheme, len(registered), len(inspections)


def build_survey(year: int, communities: list) -> int:
    """A city survey closed in the year, one satisfaction question (1–5, satisfied from 4), answers made in SQL."""
    from django.db import connection

    from shequ.regions.models import Division
    from shequ.surveys.models import Answer, Question, Survey

    survey, made = Survey.objects.get_or_create(
        division=Division.objects.get(code=CITY),
        title=f"{year}年居民满意度调查（基准）",
        opens_on=date(year, 6, 1),
        defaults={"closes_on": date(year, 6, 30)},
    )
    if not made:  # --reuse
        return Answer.objects.filter(survey=survey).count()
    Question.objects.create(survey=survey, number=1, text="您对社区服务是否满意？", kind="scale", satisfaction=True)
    codes = [c.code for i, c in enumerate(communities) if i % 10]
    with connection.cursor() as cursor:
        cursor.execute(
            'INSERT INTO surveys_answer (survey_id, division_code, answered_on, "values") '
            "SELECT %(survey)s, c.code, %(day)s, jsonb_build_object('1', 1 + abs(hashtext(c.code || n)) %% 5) "
            "FROM unnest(%(codes)s::text[]) AS c(code) "
            "CROSS JOIN generate_series(1, 24) AS n WHERE n <= 5 + abs(hashtext(c.code)) %% 20",
            {"survey": survey.pk, "day": date(year, 6, 15), "codes": codes},
        )
        cursor.execute("ANALYZE surveys_answer")
    return Answer.objects.filter(survey=survey).count()


def main(communities_wanted: int, reuse: bool) -> None:
    if reuse:
        os.environ["SHEQU_DATABASE_URL"] = database_url("postgres", DATABASE)
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, check=True)
    else:
        os.environ["SHEQU_DATABASE_URL"] = fresh_database("postgres", DATABASE)
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from shequ.cockpit.models import Figure
    from shequ.core.context import change_context
    from shequ.evaluation import models, services
    from shequ.evaluation.indicators import measure, sources
    from shequ.regions.models import Division

    today = timezone.localdate()
    year = today.year
    print(f"load average at the start: {' / '.join(f'{v:.2f}' for v in os.getloadavg())}")
    if not reuse or not Figure.objects.exists():
        started = time.perf_counter()
        codes = add_communities(communities_wanted)
        rows = generate(codes)
        print(f"{len(codes):,} communities, {rows:,} rollup rows generated in {time.perf_counter() - started:.0f} s")
    started = time.perf_counter()
    reshape_figures()  # idempotent: also on --reuse
    print(f"residents and rates reshaped in {time.perf_counter() - started:.0f} s")
    city = Division.objects.get(code=CITY)
    communities = list(Division.objects.filter(level="community", code__startswith=city.prefix).order_by("code"))
    months = [date(year, m, 1) for m in range(1, today.month + 1)]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sum(value) FROM cockpit_figure WHERE metric = 'residents' AND month = %s "
            "AND right(division_code, 3) <> '000'",
            [months[-1]],
        )
        residents = cursor.fetchone()[0]
    with change_context(None, source="bench"):
        scheme, computed, inspections = build_scheme(year, communities, today)
        answers = build_survey(year, communities)
    print(
        f"{len(communities):,} communities, {residents:,.0f} residents; scheme {scheme} with {computed} computed "
        f"indicators (every registered source) and 1 scored ({inspections:,} inspections); {answers:,} survey answers"
    )

    start, end = services.period(year, None)

    def evaluate():
        with change_context(None, source="bench"):
            return services.evaluate(acting_user=None, division=city, year=year, quarter=None)

    run = evaluate()  # warm: imports, the connection, the planner
    scores = models.Score.objects.filter(run=run)
    graded = {g: scores.filter(grade=g).count() for g in ("demonstration", "standard", "below", "unknown")}
    print(
        f"warm-up run: {scores.count():,} scores, {models.IndicatorValue.objects.filter(score__run=run).count():,} "
        f"indicator values; classes {graded}"
    )
    with CaptureQueriesContext(connection) as captured:
        evaluate()
    queries = captured.captured_queries
    selects = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("SELECT")]
    inserts = [q for q in queries if q["sql"].lstrip().upper().startswith("INSERT")]
    print(
        f"one evaluation runs {len(queries):,} queries, {len(selects):,} of them SELECTs; time in the database: "
        f"SELECTs {sum(float(q['time']) for q in queries if q['sql'].lstrip().upper().startswith('SELECT')):.2f} s, "
        f"{len(inserts)} INSERTs (run, scores, values) {sum(float(q['time']) for q in inserts):.2f} s"
    )
    full = timed(evaluate, REPEAT)
    print(f"{'evaluate(): the city, every indicator, scores written':64} {seconds(full)}")

    # Each source on its own (read only: no run, no scores written).
    by_source = {}
    for source_id in sources():
        by_source[source_id] = timed(lambda s=source_id: measure(s, communities, start, end), 1)[0]
    checks_total = sum(t for s, t in by_source.items() if s == "checks" or s.startswith("check:"))
    for source_id, spent in by_source.items():
        print(f"  measure({source_id!r}){'':{max(0, 44 - len(source_id))}} {spent:7.2f} s")
    print(f"{'  of which the policy checks, evaluated live (checks + check:*)':64} {checks_total:7.2f} s")
    print(f"{'  the other sources':64} {sum(by_source.values()) - checks_total:7.2f} s")
    scored = [i for i in scheme.indicators.all() if i.kind == "scored"]
    print(
        f"{'  the scored indicator (inspections)':64} "
        f"{timed(lambda: services._scored(scored[0], communities, start, end), 1)[0]:7.2f} s"
    )

    # The ceiling: the aggregates the indicators need, raw.
    codes = [c.code for c in communities]
    pks = [c.pk for c in communities]

    def raw_aggregates():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT division_code, metric, sum(value) FROM cockpit_figure WHERE division_code = ANY(%s) "
                "AND metric = ANY(%s) AND month = ANY(%s) GROUP BY 1, 2",
                [codes, list(FIGURE_METRICS), months],
            )
            cursor.fetchall()
            cursor.execute(
                "SELECT division_code, avg(score), sum(score), count(*) FROM evaluation_inspection "
                "WHERE indicator_id = %s AND inspected_on BETWEEN %s AND %s AND community_id = ANY(%s) GROUP BY 1",
                [scored[0].pk, start, end, pks],
            )
            cursor.fetchall()
            cursor.execute(
                "SELECT division_code, count(*) FILTER (WHERE (\"values\"->>'1')::int >= 4), count(*) "
                "FROM surveys_answer WHERE division_code = ANY(%s) AND \"values\" ? '1' GROUP BY 1",
                [codes],
            )
            cursor.fetchall()

    def replay():
        with connection.cursor() as cursor:
            for sql in selects:
                cursor.execute(sql)
                cursor.fetchall()

    raw_aggregates()
    print(f"{'raw: rollup sums per community and metric, inspections, answers':64} {seconds(timed(raw_aggregates, 5))}")
    replay()
    print(f"{'raw: every SELECT of one evaluation, replayed':64} {seconds(timed(replay, REPEAT))}")
    print(f"load average at the end: {' / '.join(f'{v:.2f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(int(arguments[0]) if arguments else 5_000, "--reuse" in sys.argv)
