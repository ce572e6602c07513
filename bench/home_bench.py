"""The cockpit's home page at city scale (issue #13): p50 / p95 of GET / for the city administrator, beside the
page's rollup queries run raw in the same run.

    SHEQU_DEBUG=false .venv/bin/python bench/home_bench.py [COMMUNITIES] [--reuse]

Builds `shequ_cockpit` on PostgreSQL (Xiamen's NBS divisions), adds synthetic communities under Xiamen's streets
until the city has COMMUNITIES (default 7,000), and generates the rollup rows directly inside PostgreSQL: every
metric the home page reads (residents, households, care categories, work orders, volunteers, training, each
policy check's three statuses) for every community and each of the last 12 months, then the street, district, city
and province rows that `refresh_rollups` keeps (the sums of their communities; ADR 0012). The registers themselves
are not filled: the page reads none of them. `--reuse` keeps the database of an earlier run.

Measures, 50 requests each after 3 to warm up: the city administrator's home (full HTML), a district
administrator's, the city's compliance page (read from the same rollups), and for scale a page with no figures (the
password form: session, account checks, menu, base template); the page's rollup queries (captured from a request,
run raw); and, for comparison, the same figures summed from the community rows by code range (what rows per
community alone would cost, ADR 0012).
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
# The administrators' second factor is enforced by a middleware that runs either way; a bench client cannot enrol.
os.environ.setdefault("SHEQU_REQUIRE_2FA", "false")
from import_bench import database_url, fresh_database  # noqa: E402

DATABASE = "shequ_cockpit"
CITY = "3502"
REPEAT = 50


def percentile(samples, p):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def timed(function, repeat=REPEAT, warm=3):
    for _ in range(warm):
        function()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def line(label, samples):
    return f"{label:64} p50 {statistics.median(samples):8.1f} ms  p95 {percentile(samples, 95):8.1f} ms"


def add_communities(total: int) -> list[str]:
    """Synthetic communities under Xiamen's streets (free codes) until the city has `total`; all codes."""
    from shequ.regions.choices import DivisionLevel
    from shequ.regions.models import Division

    existing = list(Division.objects.filter(level=DivisionLevel.COMMUNITY).values_list("code", flat=True))
    streets = list(Division.objects.filter(level=DivisionLevel.STREET).order_by("code"))
    missing = total - len(existing)
    taken, new = set(existing), []
    numbers = {street.code: 1 for street in streets}
    for index in range(max(0, missing)):
        street = streets[index % len(streets)]
        code = f"{street.code[:9]}{numbers[street.code]:03d}"
        while code in taken:  # skip the real communities' (and villages') codes
            numbers[street.code] += 1
            code = f"{street.code[:9]}{numbers[street.code]:03d}"
        numbers[street.code] += 1
        taken.add(code)
        new.append(
            Division(
                code=code,
                division_code=code,
                name=f"合成社区{index + 1}",
                level=DivisionLevel.COMMUNITY,
                parent=street,
                source="local",
                edition="bench",
            )
        )
    Division.objects.bulk_create(new, batch_size=2000)
    return existing + [d.code for d in new]


def generate(codes: list[str]) -> int:
    from django.db import connection
    from django.utils import timezone

    from shequ.cockpit.models import RollupRun
    from shequ.cockpit.rollups import care_metric, check_metric, month_start, months_ending
    from shequ.cockpit.views import HOME_METRICS
    from shequ.core.checks import Status, checks
    from shequ.people.choices import CareCategory

    months = months_ending(month_start(timezone.localdate()))
    metrics = [*HOME_METRICS, *(care_metric(c) for c in CareCategory.values)]
    metrics += [check_metric(check.id, status) for check in checks.values() for status in Status.values]
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE cockpit_figure")
        # Community rows: a value per community, month and metric (its size does not matter to the reads).
        cursor.execute(
            "INSERT INTO cockpit_figure (division_code, month, metric, value) "
            "SELECT c.code, m.month, k.metric, (abs(hashtext(c.code || k.metric || m.month::text)) %% 500)::numeric "
            "FROM unnest(%(codes)s::text[]) AS c(code) CROSS JOIN unnest(%(months)s::date[]) AS m(month) "
            "CROSS JOIN unnest(%(metrics)s::text[]) AS k(metric)",
            {"codes": codes, "months": months, "metrics": metrics},
        )
        # Street, district, city and province rows: the sums of their communities, as refresh_rollups writes.
        for length in (9, 6, 4, 2):
            cursor.execute(
                "INSERT INTO cockpit_figure (division_code, month, metric, value) "
                "SELECT rpad(left(division_code, %(n)s), 12, '0'), month, metric, sum(value) FROM cockpit_figure "
                "WHERE right(division_code, 3) <> '000' GROUP BY 1, 2, 3",
                {"n": length},
            )
        cursor.execute("VACUUM ANALYZE cockpit_figure")
        cursor.execute("SELECT count(*) FROM cockpit_figure")
        rows = cursor.fetchone()[0]
    RollupRun.objects.all().delete()
    RollupRun.objects.create(until=timezone.now(), first_month=months[0], last_month=months[-1], rows=rows, seconds=0)
    return rows


def main(communities: int, reuse: bool) -> None:
    if reuse:
        os.environ["SHEQU_DATABASE_URL"] = database_url("postgres", DATABASE)
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, check=True)
    else:
        os.environ["SHEQU_DATABASE_URL"] = fresh_database("postgres", DATABASE)
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from shequ.accounts.models import Assignment, User
    from shequ.accounts.roles import Role
    from shequ.cockpit.models import Figure
    from shequ.regions.models import Division

    if not reuse or not Figure.objects.exists():
        started = time.perf_counter()
        codes = add_communities(communities)
        rows = generate(codes)
        print(f"{len(codes):,} communities, {rows:,} rollup rows generated in {time.perf_counter() - started:.0f} s")
    else:
        print(f"reusing {Figure.objects.count():,} rollup rows")

    def user(username, role, code):
        account = User.objects.filter(username=username).first()
        if account is None:
            account = User.objects.create_user(username=username, password="bench bench bench")
            Assignment.objects.create(user=account, role=role, division=Division.objects.get(code=code))
        return account

    setup_test_environment()
    clients = {}
    for label, username, role, code in (
        ("city", "bench_city_admin", Role.CITY_ADMIN, "350200000000"),
        ("district", "bench_district_admin", Role.DISTRICT_ADMIN, "350203000000"),
    ):
        client = Client()
        client.force_login(user(username, role, code))
        clients[label] = client
    response = clients["city"].get("/")
    assert response.status_code == 200, response.status_code
    assert b"chart-orders" in response.content

    with CaptureQueriesContext(connection) as captured:
        clients["city"].get("/")
    figure_sql = [q["sql"] for q in captured.captured_queries if "cockpit_figure" in q["sql"]]
    print(f"the city home runs {len(captured.captured_queries)} queries, {len(figure_sql)} of them on the rollups")

    def raw():
        with connection.cursor() as cursor:
            for sql in figure_sql:
                cursor.execute(sql)
                cursor.fetchall()

    low, high = CITY.ljust(12, "0"), CITY.ljust(12, "9")

    def by_range():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT metric, month, sum(value) FROM cockpit_figure WHERE division_code BETWEEN %s AND %s "
                "AND right(division_code, 3) <> '000' GROUP BY metric, month",
                [low, high],
            )
            cursor.fetchall()

    print(line("home page, city administrator (full HTML)", timed(lambda: clients["city"].get("/"))))
    # What any staff page costs here (session, account checks, menu, base template): the floor under the home page.
    print(
        line(
            "for scale: the password-change page (a form, no figures)",
            timed(lambda: clients["city"].get("/accounts/password/")),
        )
    )
    print(line("home page, district administrator (full HTML)", timed(lambda: clients["district"].get("/"))))
    print(line("the city page's rollup queries, raw", timed(raw)))
    # The compliance page of the city: this month's check counts from the rollups (ADR 0012), not 7,000 evaluations.
    response = clients["city"].get("/checks/")
    assert response.status_code == 200 and b"compliance-as-of" in response.content, response.status_code
    print(line("compliance page, city administrator (full HTML)", timed(lambda: clients["city"].get("/checks/"))))
    print(line("the same figures summed from community rows by range, raw", timed(by_range, repeat=10, warm=1)))


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(int(arguments[0]) if arguments else 7_000, "--reuse" in sys.argv)
