"""Serving while an import runs (issue #12, ADR 0007): page p50/p95 for 10 concurrent logged-in readers and a
concurrent small write (a form save), first with no import, then while N residents are imported — one run.

    .venv/bin/python bench/serve_bench.py sqlite 200000
    .venv/bin/python bench/serve_bench.py postgres 200000      # needs PostgreSQL on 127.0.0.1:5432

A fresh database (Xiamen's divisions, a street user, the file's first 5,000 residents already imported) is
served by gunicorn (2 processes × 8 threads, DEBUG off). 10 reader threads, each with its own session as the
street user, alternate the residents list page and one resident's detail page as fast as answers come; one writer
thread saves a household's edit form (POSTs it back, a change-logged UPDATE in a request transaction) once a
second. Phase "idle": BASELINE seconds with nothing else running. Phase "import": `manage.py import_register
residents FILE` (the worker's code path, run_import) from start to end.
Every request's latency and status is kept; the table gives p50 / p95 / max per phase and failures (non-2xx/3xx,
timeouts of 120 s). On SQLite a probe tries `BEGIN IMMEDIATE` (no wait) every 0.2 s: the longest run of refusals
is how long the import held the write lock (its one write transaction, ADR 0007).
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from html.parser import HTMLParser
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from import_bench import fresh_database  # noqa: E402

PORT = 8765
READERS = 10
BASELINE = int(os.environ.get("BASELINE", "30"))


class FormFields(HTMLParser):
    """The name → value pairs a browser would submit for the page's own form (a POST form without an action)."""

    def __init__(self):
        super().__init__()
        self.fields, self.done, self.in_form, self.select, self.textarea = {}, False, False, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.done:
            return
        if tag == "form" and (attrs.get("method") or "").lower() == "post" and "action" not in attrs:
            self.in_form = True
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields[name] = attrs.get("value", "")
        elif tag == "select" and name:
            self.select = name
            self.fields.setdefault(name, "")
        elif tag == "option" and self.select and "selected" in attrs:
            self.fields[self.select] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self.textarea = name
            self.fields[name] = ""

    def handle_data(self, data):
        if self.textarea:
            self.fields[self.textarea] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "form" and self.in_form:
            self.in_form, self.done = False, True


def setup(engine: str, name: str, csv: Path) -> tuple[dict, dict]:
    url = fresh_database(engine, name)
    env = {**os.environ, "SHEQU_DATABASE_URL": url, "SHEQU_DEBUG": "false", "SHEQU_REQUIRE_2FA": "false"}
    manage = [sys.executable, "manage.py"]
    # The register the pages show: the file's first 5,000 residents (so the big import finds them unchanged
    # instead of clashing with differently seeded people of the same ID numbers).
    head = csv.with_name(csv.stem + "_head.csv")
    with csv.open(encoding="utf-8") as source, head.open("w", encoding="utf-8") as out:
        for _ in range(5001):
            out.write(source.readline())
    subprocess.run([*manage, "import_register", "residents", str(head), "--user", "bench"], cwd=ROOT, env=env,
                   check=True, capture_output=True)
    script = f"""
import json
from django.test import Client
from shequ.accounts.models import User
from shequ.people.models import Household, Resident
user = User.objects.get(username="bench")
User.objects.filter(pk=user.pk).update(must_change_password=False)
sessions = []
for _ in range({READERS + 1}):
    client = Client()
    client.force_login(user)
    sessions.append(client.cookies["sessionid"].value)
prefix = "350203001"
resident = Resident.objects.unscoped("bench").filter(division_code__startswith=prefix).order_by("pk").first()
household = Household.objects.filter(division_code__startswith=prefix).order_by("pk").first()
print(json.dumps({{"sessions": sessions, "resident": resident.pk, "household": household.pk}}))
"""
    out = subprocess.run([*manage, "shell", "-c", script], cwd=ROOT, env=env, check=True, capture_output=True,
                         text=True).stdout.strip().splitlines()[-1]
    return env, json.loads(out)


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.samples = []  # (kind, started, seconds, ok)
        self.stop = threading.Event()

    def add(self, kind, started, seconds, ok):
        with self.lock:
            self.samples.append((kind, started, seconds, ok))


def timed(recorder, kind, call):
    started = time.time()
    try:
        response = call()
        ok = response.status_code < 400
    except requests.RequestException:
        ok = False
    recorder.add(kind, started, time.time() - started, ok)


def reader(recorder, base, session, resident):
    http = requests.Session()
    http.cookies.set("sessionid", session)
    pages = (("list", f"{base}/people/residents/"), ("detail", f"{base}/people/residents/{resident}/"))
    n = 0
    while not recorder.stop.is_set():
        kind, url = pages[n % 2]
        n += 1
        timed(recorder, kind, lambda url=url: http.get(url, timeout=120, allow_redirects=False))


def writer(recorder, base, session, household):
    """Save a household's edit form once a second (the form is fetched once: its page renders choices that take
    seconds, which would only slow the loop)."""
    http = requests.Session()
    http.cookies.set("sessionid", session)
    url = f"{base}/people/households/{household}/edit/"
    parser = FormFields()
    parser.feed(http.get(url, timeout=120).text)
    fields = parser.fields
    http.headers["Referer"] = url
    while not recorder.stop.is_set():
        timed(recorder, "write", lambda: http.post(url, data=fields, timeout=120, allow_redirects=False))
        recorder.stop.wait(1)


def probe(recorder, path, spans):
    """On SQLite: the spans of time during which the write lock could not be taken at once."""
    import sqlite3

    connection = sqlite3.connect(path, timeout=0, isolation_level=None)
    locked_since = None
    while not recorder.stop.is_set():
        now = time.time()
        try:
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("ROLLBACK")
            if locked_since is not None:
                spans.append(now - locked_since)
                locked_since = None
        except sqlite3.OperationalError:
            locked_since = locked_since or now
        time.sleep(0.2)
    connection.close()


def summary(samples, kind, start, end):
    times = sorted(s[2] * 1000 for s in samples if s[0] == kind and start <= s[1] < end)
    failed = sum(1 for s in samples if s[0] == kind and start <= s[1] < end and not s[3])
    if not times:
        return {"n": 0}
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    return {"n": len(times), "p50": round(statistics.median(times), 1), "p95": round(p95, 1),
            "max": round(times[-1], 1), "failed": failed}


def main(engine: str, count: int) -> None:
    name = f"bench_serve_{engine}"
    csv = Path(tempfile.gettempdir()) / f"serve_residents_{count}.csv"
    if not csv.exists():
        subprocess.run([sys.executable, "bench/make_residents_file.py", str(count), str(csv)], cwd=ROOT, check=True)
    env, info = setup(engine, name, csv)
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "shequ.wsgi", "--workers", "2", "--threads", "8",
         "--worker-class", "gthread", "--bind", f"127.0.0.1:{PORT}", "--log-level", "warning", "--timeout", "300"],
        cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{PORT}"
    recorder = Recorder()
    process = None
    try:
        time.sleep(5)
        check = requests.get(f"{base}/people/residents/", cookies={"sessionid": info["sessions"][0]}, timeout=60,
                             allow_redirects=False)
        assert check.status_code == 200, (check.status_code, check.headers.get("Location"))
        threads = [threading.Thread(target=reader, args=(recorder, base, info["sessions"][i], info["resident"]))
                   for i in range(READERS)]
        threads.append(threading.Thread(target=writer, args=(recorder, base, info["sessions"][READERS],
                                                             info["household"])))
        spans = []
        if engine == "sqlite":
            path = env["SHEQU_DATABASE_URL"].removeprefix("sqlite:///")
            threads.append(threading.Thread(target=probe, args=(recorder, path, spans)))
        for thread in threads:
            thread.start()
        time.sleep(3)  # warm-up, not counted
        idle_start = time.time()
        time.sleep(BASELINE)
        import_start = time.time()
        process = subprocess.run(
            [sys.executable, "manage.py", "import_register", "residents", str(csv), "--user", "bench", "-v", "2"],
            cwd=ROOT, env=env, capture_output=True, text=True)
        import_end = time.time()
        recorder.stop.set()
        for thread in threads:
            thread.join()
    finally:
        server.terminate()
        server.wait()
    print(process.stdout.strip().splitlines()[-1] if process.stdout.strip() else process.stderr[-2000:])
    results = {
        "engine": engine,
        "rows": count,
        "import seconds": round(import_end - import_start, 1),
        "longest write lock held (s)": round(max(spans), 1) if spans else None,
        "import ok": process.returncode == 0,
    }
    for phase, (start, end) in {"idle": (idle_start, import_start), "import": (import_start, import_end)}.items():
        for kind in ("list", "detail", "write"):
            results[f"{phase} {kind}"] = summary(recorder.samples, kind, start, end)
    print(json.dumps(results, indent=1, ensure_ascii=False))
    if engine == "postgres":
        import psycopg

        with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
