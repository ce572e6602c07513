"""Intake throughput (issue #5): work orders submitted through the API under gunicorn on PostgreSQL, beside the
bare `/healthz` endpoint measured the same way in the same run.

    SHEQU_DEBUG=false .venv/bin/python bench/intake_bench.py [REQUESTS] [CONCURRENCY]

Builds a fresh database `shequ_intake` (Xiamen, the demo call centre, an API token), starts gunicorn with one
worker process per core plus one (`--workers 3`, sync), and drives it with ApacheBench (`ab`, Debian's
apache2-utils) over keep-alive connections: each request is a JSON POST to /api/workorders/orders/ that creates,
routes and dispatches one order (with its events, outbox message and change-log rows). Prints requests per second
and the latency percentiles for both endpoints, and the CPU time one intake costs in the web workers and in
PostgreSQL (from /proc). Then the same for an Open311 GeoReport v2 POST (form-encoded, an `api_key` issued with
`open311_key`): the standard intake of 311 clients, through the same `services.submit`.
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from import_bench import fresh_database  # noqa: E402

PORT = 8765


def ab(url: str, requests: int, concurrency: int, *, body: Path | None = None, token: str = "",
       content_type: str = "application/json") -> dict:
    command = ["ab", "-k", "-q", "-n", str(requests), "-c", str(concurrency)]
    if body:
        command += ["-p", str(body), "-T", content_type]
    if token:
        command += ["-H", f"Authorization: Token {token}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    # ab counts a response whose length differs from the first as failed; order numbers differ, so only
    # connection, receive and exception failures count here.
    kinds = re.search(r"\(Connect: (\d+), Receive: (\d+), Length: (\d+), Exceptions: (\d+)\)", output)
    failed = int(kinds[1]) + int(kinds[2]) + int(kinds[4]) if kinds else 0
    non2xx = re.search(r"Non-2xx responses:\s+(\d+)", output)
    percentiles = dict(re.findall(r"^\s+(\d+)%\s+(\d+)", output, re.M))
    return {
        "requests_per_second": float(re.search(r"Requests per second:\s+([\d.]+)", output)[1]),
        "p50_ms": int(percentiles["50"]), "p99_ms": int(percentiles["99"]), "max_ms": int(percentiles["100"]),
        "failed": failed, "non_2xx": int(non2xx[1]) if non2xx else 0,
    }


def cpu_seconds(server_pid: int) -> dict:
    """CPU time so far of the gunicorn workers and of the database's backends (where the intake's cost lies)."""
    ticks = os.sysconf("SC_CLK_TCK")

    def used(pid):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / ticks

    totals = {"gunicorn workers": 0.0, "postgres backends": 0.0}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            if parent == server_pid:
                totals["gunicorn workers"] += used(entry.name)
            elif command.startswith("postgres: ") and "shequ_intake" in command:
                totals["postgres backends"] += used(entry.name)
        except (FileNotFoundError, ProcessLookupError, IndexError, ValueError):
            continue
    return totals


def main(requests: int, concurrency: int) -> None:
    url = fresh_database("postgres", "shequ_intake")
    env = {**os.environ, "SHEQU_DATABASE_URL": url, "SHEQU_DEBUG": "false", "SHEQU_ALLOWED_HOSTS": "127.0.0.1"}
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "setup_call_centre"], cwd=ROOT, env=env, check=True, capture_output=True)
    token = subprocess.run([*manage, "issue_token", "bench", "--name", "intake"], cwd=ROOT, env=env, check=True,
                           capture_output=True, text=True).stdout.strip().splitlines()[-1].split()[-1]
    api_key = subprocess.run([*manage, "open311_key", "bench client"], cwd=ROOT, env=env, check=True,
                             capture_output=True, text=True).stdout.strip().splitlines()[-1]
    form = Path(tempfile.mkstemp(suffix=".txt")[1])
    form.write_text(urlencode({"api_key": api_key, "service_code": "0101", "description": "楼道灯坏了，请维修。",
                               "address_id": "350203001001"}), encoding="utf-8")
    body = Path(tempfile.mkstemp(suffix=".json")[1])
    body.write_text(json.dumps({"request_type": "help", "category": "0101", "description": "楼道灯坏了，请维修。",
                                "community": "350203001001"}, ensure_ascii=False), encoding="utf-8")
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "shequ.wsgi", "--workers", "3", "--bind",
         f"127.0.0.1:{PORT}", "--log-level", "warning"], cwd=ROOT, env=env)
    try:
        time.sleep(4)
        base = f"http://127.0.0.1:{PORT}"
        ab(f"{base}/healthz", 500, concurrency)  # warm-up
        ab(f"{base}/api/workorders/orders/", 100, concurrency, body=body, token=token)
        results = {"bare /healthz": ab(f"{base}/healthz", requests, concurrency)}
        before = cpu_seconds(server.pid)
        results["intake POST /api/workorders/orders/"] = ab(f"{base}/api/workorders/orders/", requests, concurrency,
                                                            body=body, token=token)
        after = cpu_seconds(server.pid)
        results["CPU per intake (ms)"] = {part: round((after[part] - before[part]) * 1000 / requests, 2)
                                          for part in after}
        ab(f"{base}/open311/v2/requests.json", 100, concurrency, body=form,
           content_type="application/x-www-form-urlencoded")
        before = cpu_seconds(server.pid)
        results["Open311 POST /open311/v2/requests.json"] = ab(
            f"{base}/open311/v2/requests.json", requests, concurrency, body=form,
            content_type="application/x-www-form-urlencoded")
        after = cpu_seconds(server.pid)
        results["CPU per Open311 intake (ms)"] = {part: round((after[part] - before[part]) * 1000 / requests, 2)
                                                  for part in after}
    finally:
        server.terminate()
        server.wait()
    print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3000, int(sys.argv[2]) if len(sys.argv) > 2 else 16)
