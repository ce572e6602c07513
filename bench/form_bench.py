"""Add and edit pages at city scale (issue #13): p50/p95 of the pages whose choices used to list whole registers
(the new-household page took 38 s with a 21,001-option select), beside the raw SQL of the same queries replayed
through the bare cursor in the same run.

    SHEQU_DATABASE_URL=postgres://postgres@127.0.0.1:5432/shequ_forms SHEQU_DEBUG=false SHEQU_REQUIRE_2FA=false \\
        .venv/bin/python bench/form_bench.py --seed 20000 --households 8500000 --residents 5000000

With --seed N the database is (re)built: migrate, load Xiamen, N real synthetic residents with their households,
the demo accounts; --households and --residents then add filler rows generated inside PostgreSQL, spread over every
community (bench/fill_residents.py for residents). Each page is fetched as the city administrator (the whole city in
scope) and as a street's staff, through Django's test client (no network), after one warm-up request. The "raw"
figure replays the SQL the page ran, captured once, through the bare cursor: what the database alone costs.
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shequ.settings")


def percentile(samples, p):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def timed(fn, repeat):
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def seed(count: int) -> None:
    for args in (["migrate", "-v0"], ["load_divisions", "--city", "3502"],
                 ["seed_population", "--residents", str(count)], ["setup_demo", "--reset"]):
        subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def add_households(count: int) -> None:
    """Filler households spread evenly over every community, generated inside PostgreSQL."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH c AS (SELECT id, code, row_number() OVER (ORDER BY code) - 1 AS i FROM regions_division
                       WHERE level = 'community'), n AS (SELECT count(*) AS k FROM c)
            INSERT INTO people_household (created, last_updated, division_code, community_id, number, registration,
                                          registered_address_encrypted, registered_address_masked)
            SELECT now(), now(), c.code, c.id, 'F' || g, 'local', 'filler', ''
            FROM generate_series(1, %s) AS g, n, c WHERE c.i = g %% n.k
            """,
            [count],
        )
        cursor.execute("ANALYZE people_household")


def main():
    if "--seed" in sys.argv:
        seed(int(sys.argv[sys.argv.index("--seed") + 1]))
    import django

    django.setup()
    if "--households" in sys.argv:
        started = time.perf_counter()
        add_households(int(sys.argv[sys.argv.index("--households") + 1]))
        print(f"filler households added in {time.perf_counter() - started:.0f} s")
    if "--residents" in sys.argv:
        subprocess.run([sys.executable, "bench/fill_residents.py", sys.argv[sys.argv.index("--residents") + 1]],
                       cwd=ROOT, check=True)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from shequ.accounts.models import User
    from shequ.people.models import Household, Resident

    setup_test_environment()
    users = {"city admin": User.objects.get(username="demo_city_admin"),
             "street staff": User.objects.get(username="demo_street_staff")}
    print(f"{connection.vendor}: {Resident.objects.unscoped('bench').count():,} residents, "
          f"{Household.objects.unscoped('bench').count():,} households")
    resident = Resident.objects.restrict(users["street staff"]).exclude(id_number_encrypted="filler").first()
    pages = [
        ("new resident", "/people/residents/add/", None),
        ("new household", "/people/households/add/", None),
        ("edit resident", f"/people/residents/{resident.pk}/edit/", None),
        ("new care record", "/people/care/add/", None),
        ("household picker query", "/people/residents/add/", {"_picker": "household", "q": "F12"}),
    ]
    print(f"{'page':24} {'user':13} {'page p50/p95 ms':>18} {'raw SQL p50/p95 ms':>20} {'queries':>8} {'KB':>6}")
    for label, url, data in pages:
        for who, user in users.items():
            client = Client()
            client.force_login(user)

            def fetch(client=client, url=url, data=data):
                response = client.post(url, data) if data else client.get(url)
                assert response.status_code == 200, (url, response.status_code)
                return response

            response = fetch()
            with CaptureQueriesContext(connection) as captured:
                fetch()
            statements = [query["sql"] for query in captured.captured_queries]

            def replay(statements=statements):
                with connection.cursor() as cursor:
                    for sql in statements:
                        cursor.execute(sql)
                        if cursor.description:
                            cursor.fetchall()

            page, raw = timed(fetch, 60), timed(replay, 60)
            print(f"{label:24} {who:13} {statistics.median(page):8.1f} / {percentile(page, 95):6.1f} "
                  f"{statistics.median(raw):9.1f} / {percentile(raw, 95):6.1f} {len(statements):8} "
                  f"{len(response.content) / 1024:6.0f}")


if __name__ == "__main__":
    main()
