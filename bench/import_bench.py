"""Import benchmark (issue #3): residents per second through the import engine beside the raw-insert ceiling
measured in the same run, and peak memory.

    .venv/bin/python bench/import_bench.py sqlite 1000000
    .venv/bin/python bench/import_bench.py postgres 1000000     # needs PostgreSQL on 127.0.0.1:5432

Each phase runs in its own process on a fresh database, so peak RSS is that phase's own:
  ceiling  raw insert of N prepared rows into people_resident (SQLite executemany / PostgreSQL COPY), no ORM,
           no validation, no encryption — the most the database can take;
  audited  the same raw insert plus what the import must also write (issue #11, DESIGN.md §6, ADR 0011): the
           households the file creates and one change-log row per resident and household, its after-snapshot JSON and
           digest prepared in advance;
  import   manage.py import_register residents FILE (read, validate, encrypt, index, write) for .csv and .xlsx.
"""

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"


def database_url(engine: str, name: str) -> str:
    if engine == "sqlite":
        return f"sqlite:///{Path(tempfile.gettempdir()) / (name + '.sqlite3')}"
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def fresh_database(engine: str, name: str) -> str:
    url = database_url(engine, name)
    if engine == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
    else:
        import psycopg

        with psycopg.connect(PG_ADMIN, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
    env = {**os.environ, "SHEQU_DATABASE_URL": url}
    for args in (["migrate", "-v0"], ["load_divisions", "--city", "3502"]):
        subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run([sys.executable, "manage.py", "grant", "bench", "street_staff", "350203001000"], cwd=ROOT, env=env,
                   check=True, capture_output=True)
    return url


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def ceiling(url: str, path: Path) -> dict:
    """Raw insert of the file's rows as prepared values (the same columns the importer fills)."""
    import csv

    with path.open(encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        rows = [
            ("350203001001", row[2], row[3], row[3][:64], row[3][:3] + "*" * 11 + row[3][-4:], row[6], row[6][:11],
             "138****0000", "", "", "male", "1980-01-01", "01", "head", "registered", "present", "masses", "", "",
             "", "2026-01-01", "2026-01-01", " zs")
            for row in reader
        ]
    columns = ("community_id, name, id_number_encrypted, id_number_digest, id_number_masked, phone_encrypted, "
               "phone_digest, phone_masked, address_encrypted, address_masked, sex, birth_date, ethnicity, relation, "
               "registration_type, residence_status, political_status, education, employment, marital_status, "
               "created, last_updated, pinyin_keys")
    started = time.perf_counter()
    if url.startswith("sqlite"):
        import sqlite3

        connection = sqlite3.connect(url.removeprefix("sqlite:///"))
        connection.execute("PRAGMA journal_mode=WAL")
        community = connection.execute("SELECT id FROM regions_division WHERE code='350203001001'").fetchone()[0]
        prepared = [(community, *row[1:], row[0]) for row in rows]
        with connection:
            connection.executemany(
                f"INSERT INTO people_resident ({columns}, division_code) VALUES ({', '.join('?' * 24)})", prepared)
    else:
        import psycopg

        with psycopg.connect(url) as connection:
            community = connection.execute("SELECT id FROM regions_division WHERE code='350203001001'").fetchone()[0]
            with connection.cursor() as cursor, cursor.copy(
                f"COPY people_resident ({columns}, division_code) FROM STDIN"
            ) as copy:
                for row in rows:
                    copy.write_row((community, *row[1:], row[0]))
    seconds = time.perf_counter() - started
    return {"rows": len(rows), "seconds": round(seconds, 2), "rows_per_second": round(len(rows) / seconds),
            "peak_mb": round(peak_mb())}


def audited_ceiling(url: str, path: Path) -> dict:
    """`ceiling` plus the households and the change-log rows the import writes, all prepared before the clock starts:
    the most the database can take of the work an audited import must do."""
    import csv
    import uuid

    with path.open(encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        people = list(reader)
    columns = ("community_id, name, id_number_encrypted, id_number_digest, id_number_masked, phone_encrypted, "
               "phone_digest, phone_masked, address_encrypted, address_masked, sex, birth_date, ethnicity, relation, "
               "registration_type, residence_status, political_status, education, employment, marital_status, "
               "created, last_updated, pinyin_keys, division_code, household_id")
    names = [name.strip() for name in columns.split(",")]
    sqlite = url.startswith("sqlite")
    if sqlite:
        import sqlite3

        connection = sqlite3.connect(url.removeprefix("sqlite:///"))
        connection.execute("PRAGMA journal_mode=WAL")
    else:
        import psycopg

        connection = psycopg.connect(url)
    community = connection.execute("SELECT id FROM regions_division WHERE code='350203001001'").fetchone()[0]
    types = dict(connection.execute(
        "SELECT model, id FROM django_content_type WHERE app_label='people' AND model IN ('resident', 'household')"
    ).fetchall())
    households, residents, changes = [], [], []
    request, now = str(uuid.uuid4()) if not sqlite else uuid.uuid4().hex, "2026-01-01 00:00:00"
    for index, row in enumerate(people):
        household = index // 3 + 1
        if index % 3 == 0:
            number = f"H{household:08d}"
            households.append((household, now, now, "350203001001", community, number, "local", "x" * 40, "厦门市****"))
            after = {"division_code": "350203001001", "created_by": None, "community": community, "grid": None,
                     "number": number, "dwelling": None, "registration": "local",
                     "registered_address_encrypted": "x" * 40, "registered_address_masked": "厦门市****"}
            changes.append(("0" * 64, now, "bench", request, "import", "create", types["household"], str(household),
                            number, "350203001001", json.dumps(after, ensure_ascii=False, sort_keys=True)))
        values = (community, row[2], row[3], row[3][:64], row[3][:3] + "*" * 11 + row[3][-4:], row[6], row[6][:11],
                  "138****0000", "", "", "male", "1980-01-01", "01", "head", "registered", "present", "masses", "", "",
                  "", now, now, " zs", "350203001001", household)
        residents.append((index + 1, *values))
        after = dict(zip(names, values, strict=True))
        changes.append(("0" * 64, now, "bench", request, "import", "create", types["resident"], str(index + 1),
                        row[2], "350203001001", json.dumps(after, ensure_ascii=False, sort_keys=True)))
    sql = {
        "people_household": "id, created, last_updated, division_code, community_id, number, registration, "
                            "registered_address_encrypted, registered_address_masked",
        "people_resident": f"id, {columns}",
        "core_objectchange": "digest, time, user_name, request_id, source, action, object_type_id, object_id, "
                             "object_repr, division_code, postchange_data",
    }
    batches = {"people_household": households, "people_resident": residents, "core_objectchange": changes}
    started = time.perf_counter()
    if sqlite:
        with connection:
            for table, rows in batches.items():
                marks = ", ".join("?" * len(rows[0]))
                connection.executemany(f"INSERT INTO {table} ({sql[table]}) VALUES ({marks})", rows)
    else:
        with connection, connection.cursor() as cursor:
            for table, rows in batches.items():
                with cursor.copy(f"COPY {table} ({sql[table]}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
    seconds = time.perf_counter() - started
    return {"rows": len(people), "change_log_rows": len(changes), "seconds": round(seconds, 2),
            "rows_per_second": round(len(people) / seconds), "peak_mb": round(peak_mb())}


def tree_rss_kb(root: int) -> int:
    """Resident memory of a process and all its descendants (the import's parsing workers included)."""
    parents, rss = {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            status = (entry / "status").read_text()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        rss[int(entry.name)] = next((int(line.split()[1]) for line in status.splitlines()
                                     if line.startswith("VmRSS:")), 0)
    family, changed = {root}, True
    while changed:
        grown = family | {pid for pid, parent in parents.items() if parent in family}
        changed, family = grown != family, grown
    return sum(rss.get(pid, 0) for pid in family)


def run_import(url: str, path: Path) -> dict:
    """The import as a user runs it, with the peak of the summed memory of its processes (sampled every 0.2 s)."""
    env = {**os.environ, "SHEQU_DATABASE_URL": url}
    # Output to files, not pipes: a pipe nobody reads until the end blocks the import once 64 KB of log is written.
    out, err = tempfile.TemporaryFile("w+"), tempfile.TemporaryFile("w+")
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "manage.py", "import_register", "residents", str(path), "--user", "bench"],
        cwd=ROOT, env=env, stdout=out, stderr=err, text=True)
    peak_kb = 0
    while process.poll() is None:
        peak_kb = max(peak_kb, tree_rss_kb(process.pid))
        time.sleep(0.2)
    seconds = time.perf_counter() - started
    out.seek(0)
    err.seek(0)
    stdout, stderr = out.read(), err.read()
    if process.returncode:
        raise SystemExit(stderr[-3000:])
    rows = int(stdout.split("rows ")[1].split(",")[0])
    return {"rows": rows, "seconds": round(seconds, 1), "rows_per_second": round(rows / seconds),
            "peak_mb_all_processes": round(peak_kb / 1024), "summary": stdout.strip()}


def main(engine: str, count: int) -> None:
    workdir = Path(tempfile.mkdtemp())
    files = {}
    # FORMATS=.csv measures the text file alone (the workbook adds its generation and reading, not the engine's).
    for suffix in os.environ.get("FORMATS", ".csv,.xlsx").split(","):
        files[suffix] = workdir / f"residents-{count}{suffix}"
        subprocess.run([sys.executable, str(ROOT / "bench" / "make_residents_file.py"), str(count),
                        str(files[suffix])], check=True)
    results = {"engine": engine, "rows": count}
    url = fresh_database(engine, "shequ_bench")
    child = subprocess.run([sys.executable, __file__, "--ceiling", url, str(files[".csv"])], capture_output=True,
                           text=True, check=True)
    results["ceiling"] = json.loads(child.stdout)
    url = fresh_database(engine, "shequ_bench")
    child = subprocess.run([sys.executable, __file__, "--audited-ceiling", url, str(files[".csv"])],
                           capture_output=True, text=True, check=True)
    results["audited_ceiling"] = json.loads(child.stdout)
    for suffix, path in files.items():
        url = fresh_database(engine, "shequ_bench")
        results[f"import{suffix}"] = run_import(url, path)
        results[f"import{suffix}"]["share_of_ceiling"] = round(
            results[f"import{suffix}"]["rows_per_second"] / results["ceiling"]["rows_per_second"], 3)
        results[f"import{suffix}"]["share_of_audited_ceiling"] = round(
            results[f"import{suffix}"]["rows_per_second"] / results["audited_ceiling"]["rows_per_second"], 3)
    print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    if sys.argv[1] == "--ceiling":
        print(json.dumps(ceiling(sys.argv[2], Path(sys.argv[3]))))
    elif sys.argv[1] == "--audited-ceiling":
        print(json.dumps(audited_ceiling(sys.argv[2], Path(sys.argv[3]))))
    else:
        main(sys.argv[1], int(sys.argv[2]))
