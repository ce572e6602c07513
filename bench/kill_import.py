"""Kill an import with SIGKILL while it writes, then run the reaper: nothing written, the job failed (ADR 0007).

    .venv/bin/python bench/kill_import.py sqlite FILE.csv
    .venv/bin/python bench/kill_import.py postgres FILE.csv

SQLite: the kill comes 2 s after the import took the write lock (its one write transaction, after the check).
PostgreSQL: the kill comes when half the file was checked (and its batches written, uncommitted).
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from import_bench import fresh_database  # noqa: E402

REPORT = """
from shequ.core.jobs import reap_stale_imports
from shequ.core.models import ImportJob
from shequ.people.models import Household, Resident
print("before reaping:", list(ImportJob.objects.values_list("status", flat=True)))
print("reaped:", reap_stale_imports(stale_after=0))
print("after:", list(ImportJob.objects.values_list("status", "errors")))
print("residents:", Resident.objects.unscoped("check").count(), "households:", Household.objects.count())
"""


def main(engine: str, csv: str) -> None:
    url = fresh_database(engine, f"bench_kill_{engine}")
    env = {**os.environ, "SHEQU_DATABASE_URL": url, "SHEQU_DEBUG": "false"}
    rows = sum(1 for _ in open(csv, encoding="utf-8")) - 1
    process = subprocess.Popen(
        [sys.executable, "manage.py", "import_register", "residents", csv, "--user", "bench"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    started = time.time()
    if engine == "sqlite":
        probe = sqlite3.connect(url.removeprefix("sqlite:///"), timeout=0, isolation_level=None)
        while process.poll() is None:
            try:
                probe.execute("BEGIN IMMEDIATE")
                probe.execute("ROLLBACK")
            except sqlite3.OperationalError:
                break
            time.sleep(0.1)
        print(f"write lock taken after {time.time() - started:.1f} s")
        time.sleep(2)
    else:
        buffer = ""
        while f"checked {rows // 2:,} rows" not in buffer and process.poll() is None:
            buffer += process.stderr.read(1)
        print(f"half the file checked (and written, uncommitted) after {time.time() - started:.1f} s")
    alive = process.poll() is None
    process.send_signal(signal.SIGKILL)
    process.wait()
    print("killed while running:", alive, "return code", process.returncode)
    out = subprocess.run([sys.executable, "manage.py", "shell", "-c", REPORT], cwd=ROOT, env=env,
                         capture_output=True, text=True)
    print(out.stdout.strip(), out.stderr[-1000:] if out.returncode else "")
    if engine == "postgres":
        import psycopg

        with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "bench_kill_{engine}" WITH (FORCE)')


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
