"""How long the schema operations a migration can make hold their lock on the residents' table (issue #18 item 7).

    SHEQU_DATABASE_URL=postgres://…/shequ_measure .venv/bin/python bench/migration_locks.py

Run on a PostgreSQL database filled with `bench/fill_residents.py` (N residents). Each operation runs in its own
transaction, timed, then rolled back (the table is left as it was), three times; the median is printed with the
rate in rows per second and the time it would take at 25 million residents (linear in the rows: every operation
timed here but the catalogue-only ones is a sequential scan, a rewrite or a sort of the whole table).
docs/upgrades.md quotes the figures.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shequ.settings")

CITY_SCALE = 25_000_000
OPERATIONS = [
    # (what, lock, SQL)
    ("AddField, nullable (ADD COLUMN … NULL)", "ACCESS EXCLUSIVE, catalogue only",
     "ALTER TABLE people_resident ADD COLUMN bench_x varchar(20) NULL"),
    ("AddField with a default (PostgreSQL 11+: stored in the catalogue)", "ACCESS EXCLUSIVE, catalogue only",
     "ALTER TABLE people_resident ADD COLUMN bench_x varchar(20) DEFAULT '' NOT NULL"),
    ("AlterField max_length up (varchar(n) → varchar(m), m > n)", "ACCESS EXCLUSIVE, catalogue only",
     "ALTER TABLE people_resident ALTER COLUMN name TYPE varchar(80)"),
    ("AlterField type change (date → timestamp: table and indexes rewritten)", "ACCESS EXCLUSIVE for the rewrite",
     "ALTER TABLE people_resident ALTER COLUMN birth_date TYPE timestamp"),
    ("AddIndex / db_index=True (CREATE INDEX, one column)", "SHARE: reads go on, writes wait",
     "CREATE INDEX bench_idx ON people_resident (birth_date)"),
    ("AddConstraint CHECK / SET NOT NULL (validated by a full scan)", "ACCESS EXCLUSIVE for the scan",
     "ALTER TABLE people_resident ADD CONSTRAINT bench_chk CHECK (char_length(name) > 0)"),
    ("Data migration: UPDATE every row (RunPython/RunSQL)", "row locks on every row (writers of them wait)",
     "UPDATE people_resident SET name = name"),
]  # fmt: skip


def main() -> None:
    import django

    django.setup()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*), pg_total_relation_size('people_resident') FROM people_resident")
        rows, size = cursor.fetchone()
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0].split(" on ")[0]
    print(f"{version}; people_resident: {rows:,} rows, {size / 2**20:,.0f} MB with its indexes")
    print(f"{'operation':<66} {'median':>9} {'rows/s':>12} {'at 25 M':>10}  lock")
    for what, lock, sql in OPERATIONS:
        timings = []
        for _ in range(3):
            connection.set_autocommit(False)
            try:
                with connection.cursor() as cursor:
                    started = time.perf_counter()
                    cursor.execute(sql)
                    timings.append(time.perf_counter() - started)
            finally:
                connection.rollback()
                connection.set_autocommit(True)
        median = statistics.median(timings)
        rate = rows / median if median else float("inf")
        if "catalogue only" in lock:  # no row is read: the same time at any size
            shown = "same"
        else:
            scaled = median * CITY_SCALE / rows
            shown = f"{scaled:,.0f} s" if scaled >= 1 else f"{scaled * 1000:,.0f} ms"
        print(f"{what:<66} {median * 1000:>7,.0f} ms {rate:>12,.0f} {shown:>10}  {lock}")


if __name__ == "__main__":
    main()
