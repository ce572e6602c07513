"""Instructions per intake request in the web process (issue #5), counted by valgrind — repeatable where seconds
on this shared machine are not (the same code measured 5.3 to 10.2 ms of CPU per request within an hour).

    .venv/bin/python bench/intake_instructions.py [rest|open311|healthz]

Needs the database `shequ_intake` left by `bench/intake_bench.py` and Debian's valgrind. Runs the endpoint through
Django's WSGI handler in one process under `valgrind --tool=callgrind`, 40 and then 140 times after setup, and
prints the difference divided by 100: the instructions one request costs, start-up excluded. PostgreSQL's own
work is not counted (intake_bench.py reads it from /proc).
"""

import io
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "postgres://postgres@127.0.0.1:5432/shequ_intake"
ENV = {"SHEQU_DATABASE_URL": DATABASE, "SHEQU_DEBUG": "false", "SHEQU_ALLOWED_HOSTS": "127.0.0.1"}


def credential(kind: str) -> str:
    env = {**os.environ, **ENV}
    command = ["issue_token", "bench", "--name", "instructions"] if kind == "rest" else ["open311_key", "instructions"]
    output = subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True,
                            capture_output=True, text=True).stdout.strip().splitlines()[-1]
    return output.split()[-1]


def serve(kind: str, secret: str, times: int) -> None:
    """The child run under valgrind: set up Django, then send `times` requests."""
    os.environ.update(ENV, DJANGO_SETTINGS_MODULE="shequ.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler

    app = WSGIHandler()
    headers, method, path, content_type, body = {}, "POST", "", "", b""
    if kind == "rest":
        path, content_type = "/api/workorders/orders/", "application/json"
        headers = {"HTTP_AUTHORIZATION": f"Token {secret}"}
        body = json.dumps({"request_type": "help", "category": "0101", "description": "楼道灯坏了，请维修。",
                           "community": "350203001001"}, ensure_ascii=False).encode()
    elif kind == "open311":
        path, content_type = "/open311/v2/requests.json", "application/x-www-form-urlencoded"
        body = urlencode({"api_key": secret, "service_code": "0101", "description": "楼道灯坏了，请维修。",
                          "address_id": "350203001001"}).encode()
    else:
        method, path = "GET", "/healthz"
    statuses = set()
    for _ in range(times):
        environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80",
                   "HTTP_HOST": "127.0.0.1", "CONTENT_TYPE": content_type, "CONTENT_LENGTH": str(len(body)),
                   "wsgi.input": io.BytesIO(body), "wsgi.url_scheme": "http", "REMOTE_ADDR": "127.0.0.1",
                   "wsgi.errors": sys.stderr, **headers}
        response = app(environ, lambda status, _headers: statuses.add(status))
        b"".join(response)
        response.close()
    assert statuses <= {"200 OK", "201 Created"}, statuses


def counted(kind: str, secret: str, times: int) -> int:
    with tempfile.TemporaryDirectory() as directory:
        out = Path(directory) / "callgrind.out"
        subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable, __file__,
                        "--serve", kind, secret, str(times)], check=True, capture_output=True)
        return int(re.search(r"^(?:summary|totals): (\d+)", out.read_text(), re.M)[1])


if __name__ == "__main__":
    if sys.argv[1:2] == ["--serve"]:
        serve(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        kind = sys.argv[1] if len(sys.argv) > 1 else "rest"
        secret = credential(kind) if kind in ("rest", "open311") else ""
        per_request = (counted(kind, secret, 140) - counted(kind, secret, 40)) / 100
        print(f"{kind}: {per_request / 1e6:.2f} M instructions per request (web process)")
