"""Search and list benchmark (issue #3): p50/p95 of the register's hot reads beside the same SQL run raw.

    SHEQU_DATABASE_URL=postgres://postgres@127.0.0.1:5432/shequ_search SHEQU_DEBUG=false \\
        .venv/bin/python bench/search_bench.py --seed 1000000

With --seed N the database is (re)built: migrate, load Xiamen, seed N synthetic residents. Then, as a street and a
community user:
  exact ID lookup       restrict() + blind-index equality                 (target p95 < 5 ms at 10 M)
  pinyin-prefix search  restrict() to one street + pinyin_keys contains   (target p95 < 50 ms)
  name search           restrict() to one street + name contains
  resident list page    GET /people/residents/ as a community user        (target p95 < 100 ms)
Each ORM figure is printed beside the raw SQL of the same query executed through the bare cursor.
"""

import os
import random
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


def report(label, orm, raw=None):
    line = f"{label:24} p50 {statistics.median(orm):7.2f} ms  p95 {percentile(orm, 95):7.2f} ms"
    if raw:
        line += f"   | raw SQL p50 {statistics.median(raw):7.2f} ms  p95 {percentile(raw, 95):7.2f} ms"
    print(line)


def seed(count: int) -> None:
    for args in (["migrate", "-v0"], ["load_divisions", "--city", "3502"],
                 ["seed_population", "--residents", str(count)], ["setup_demo", "--reset"]):
        subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def main():
    if "--seed" in sys.argv:
        seed(int(sys.argv[sys.argv.index("--seed") + 1]))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from shequ.accounts.models import User
    from shequ.core.crypto import blind_index
    from shequ.people.filtersets import ResidentFilterSet
    from shequ.people.models import Resident

    setup_test_environment()
    street = User.objects.get(username="demo_street_staff")
    community = User.objects.get(username="demo_community_staff")
    total = Resident.objects.unscoped("bench").count()
    in_street = Resident.objects.restrict(street).count()
    print(f"{connection.vendor}: {total:,} residents; {in_street:,} in the street; "
          f"{Resident.objects.restrict(community).count():,} in the community")
    # ID numbers to look up come from real rows only (bench/fill_residents.py adds rows it cannot decrypt).
    sample = list(Resident.objects.unscoped("bench").exclude(id_number_encrypted="filler").order_by("?")[:200])
    numbers = [r.reveal("id_number") for r in sample]
    rng = random.Random(1)

    def orm_lookup():
        number = rng.choice(numbers)
        list(Resident.objects.restrict(street).filter(id_number_digest=blind_index(number, kind="id_number"))[:1])

    def raw(sql_queryset):
        sql, params = sql_queryset.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            cursor.fetchall()

    report("exact ID lookup", timed(orm_lookup, 300), timed(lambda: raw(
        Resident.objects.unscoped("raw").filter(id_number_digest=blind_index(rng.choice(numbers), kind="id_number"))
    ), 300))
    prefixes = ["zh", "wang", "lx", "chen", "zs", "li", "hm", "zhangw"]

    def search(q):
        return ResidentFilterSet({"q": q}, queryset=Resident.objects.restrict(street)).qs[:50]

    report("pinyin-prefix search", timed(lambda: list(search(rng.choice(prefixes))), 100),
           timed(lambda: raw(search(rng.choice(prefixes))), 100))
    names = ["王", "李明", "张", "陈静", "刘"]
    report("name search", timed(lambda: list(search(rng.choice(names))), 100),
           timed(lambda: raw(search(rng.choice(names))), 100))
    client = Client()
    client.force_login(community)
    client.get("/people/residents/")
    page = timed(lambda: client.get("/people/residents/", {"page": rng.randint(1, 20)}), 60)
    first_page = Resident.objects.restrict(community).select_related("community", "household")[:50]
    report("resident list page", page, timed(lambda: raw(first_page), 60))


if __name__ == "__main__":
    main()
