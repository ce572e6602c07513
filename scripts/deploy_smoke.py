#!/usr/bin/env python3
"""`make deploy-smoke` (issue #18): the production configuration, run on this machine and used over HTTPS.

PostgreSQL and Redis (started if they do not answer), a fresh database of its own, gunicorn behind nginx on
127.0.0.1 with a self-signed certificate, the worker and the clock — all from deploy/ (the gunicorn config, the
nginx site with its paths and ports changed) and all with SHEQU_ENV=production. Then, through nginx: a bad setting
is refused with one line; a small demo is loaded; a street account signs in, searches a resident, imports a small
workbook through the worker; the portal takes two submissions from each of two forwarded addresses (each limited
on its own) and judges a forged X-Forwarded-For by the address that really connected; an Open311 client posts a
request; /readyz sees the worker and the clock's pass; /metrics counts it all. Everything is stopped at the end
(or on an error or Ctrl-C), the database dropped. Each step is named as it runs.

    .venv/bin/python scripts/deploy_smoke.py
    SMOKE_RESIDENTS=300 SMOKE_HTTPS_PORT=8443 SMOKE_WEB_PORT=8401 SMOKE_REDIS_URL=redis://127.0.0.1:6379/1 \
    SMOKE_PG_URL=postgres://postgres@127.0.0.1:5432 CITY=350200000000 make deploy-smoke

Only the standard library and what the project installs (openpyxl for the workbook).
"""

import hashlib
import html
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent
HOST = "shequ.example.gov.cn"
HTTPS_PORT = int(os.environ.get("SMOKE_HTTPS_PORT", "8443"))
WEB_PORT = int(os.environ.get("SMOKE_WEB_PORT", "8401"))
PG_URL = os.environ.get("SMOKE_PG_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
REDIS_URL = os.environ.get("SMOKE_REDIS_URL", "redis://127.0.0.1:6379/1")
CITY = os.environ.get("CITY", "350200000000")
RESIDENTS = int(os.environ.get("SMOKE_RESIDENTS", "300"))
UNTRUSTED = "127.0.0.2"  # a client address nginx does not trust (set_real_ip_from lists 127.0.0.1 only)
STARTED = time.monotonic()


class SmokeFailed(Exception):
    pass


def say(text: str) -> None:
    print(text, flush=True)


def check(condition, message: str) -> None:
    if not condition:
        raise SmokeFailed(message)


class Steps:
    def __init__(self):
        self.number = 0

    def __call__(self, name: str):
        self.number += 1
        say(f"[{self.number:2}] {name} …")
        return Step(name)


class Step:
    def __init__(self, name: str):
        self.name = name

    def __enter__(self):
        self.started = time.monotonic()
        return self

    def __exit__(self, kind, error, traceback):
        seconds = time.monotonic() - self.started
        if kind is None:
            say(f"     ok ({seconds:.1f} s)")
        else:
            say(f"     FAILED ({seconds:.1f} s): {error}")
        return False


# ---- the machine ---------------------------------------------------------------------------------------------------


class Machine:
    """What this run started, so that it stops exactly that."""

    def __init__(self):
        self.work = Path(tempfile.mkdtemp(prefix="shequ-smoke-"))
        self.work.chmod(0o711)  # nginx's workers (not root) read the static files and the certificate below it
        self.processes: dict[str, subprocess.Popen] = {}
        self.logs: dict[str, Path] = {}
        self.database = f"shequ_smoke_{os.getpid()}"
        self.database_created = False
        self.redis_started = False
        self.accounts_file = ROOT / "var" / "demo-accounts.txt"
        self.accounts_backup = self.accounts_file.read_bytes() if self.accounts_file.exists() else None
        self.env = self.production_env()

    def production_env(self) -> dict[str, str]:
        keys = {"active": "k1", "keys": {"k1": secrets.token_hex(16)}, "index_key": secrets.token_hex(32)}
        key_file = self.work / "data-keys.json"
        key_file.write_text(json.dumps(keys))
        key_file.chmod(0o600)
        env = {name: value for name, value in os.environ.items() if not name.startswith(("SHEQU_", "PROMETHEUS_"))}
        env.update(
            SHEQU_ENV="production",
            SHEQU_DEBUG="false",
            SHEQU_SECRET_KEY=secrets.token_urlsafe(60),
            SHEQU_DATA_KEY_FILE=str(key_file),
            SHEQU_ALLOWED_HOSTS=HOST,
            SHEQU_CSRF_TRUSTED_ORIGINS=f"https://{HOST}:{HTTPS_PORT}",
            SHEQU_DATABASE_URL=f"{PG_URL}/{self.database}",
            SHEQU_REDIS_URL=REDIS_URL,
            SHEQU_CITY_CODE=CITY,
            SHEQU_TRUSTED_PROXIES="127.0.0.1,::1",
            SHEQU_METRICS_ALLOWED="127.0.0.1,::1",
            SHEQU_MEDIA_ROOT=str(self.work / "media"),
            SHEQU_STATIC_ROOT=str(self.work / "static"),
            SHEQU_BIND=f"127.0.0.1:{WEB_PORT}",
            SHEQU_WEB_WORKERS="2",
            SHEQU_WEB_THREADS="4",
            SHEQU_LOG_LEVEL="INFO",
            # The portal: one submission per address per hour, and a quick proof of work.
            SHEQU_PORTAL_IP_LIMIT="1",
            SHEQU_PORTAL_POW_BITS="8",
            SHEQU_WORKER_HEARTBEAT_SECONDS="2",
            PYTHONUNBUFFERED="1",
        )
        return env

    def run(self, *args: str, env: dict | None = None, check_rc: bool = True, timeout: int = 300):
        result = subprocess.run(
            [str(arg) for arg in args], cwd=ROOT, env=env or self.env, capture_output=True, text=True, timeout=timeout
        )
        if check_rc and result.returncode != 0:
            raise SmokeFailed(f"{' '.join(map(str, args[:3]))} … exited {result.returncode}: {result.stderr[-2000:]}")
        return result

    def manage(self, *args: str, **kwargs):
        return self.run(PYTHON, "manage.py", *args, **kwargs)

    def start(self, name: str, *args: str, env: dict | None = None) -> subprocess.Popen:
        log = self.work / f"{name}.log"
        self.logs[name] = log
        handle = log.open("w")
        process = subprocess.Popen(
            [str(arg) for arg in args], cwd=ROOT, env=env or self.env, stdout=handle, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        self.processes[name] = process
        return process

    def stop(self, name: str, sig=signal.SIGTERM, timeout: float = 40) -> int | None:
        process = self.processes.pop(name, None)
        if process is None:
            return None
        if process.poll() is None:
            process.send_signal(sig)
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(10)
                return -9
        return process.returncode

    def tail(self, name: str, lines: int = 15) -> str:
        log = self.logs.get(name)
        if not log or not log.exists():
            return ""
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])

    def cleanup(self) -> None:
        for name in list(self.processes):
            self.stop(name, timeout=20)
        if self.database_created:
            self.psql_admin(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)', check_rc=False)
        if self.redis_started:
            subprocess.run(["redis-cli", "-u", REDIS_URL, "shutdown", "nosave"], capture_output=True)
        if self.accounts_backup is not None:
            self.accounts_file.write_bytes(self.accounts_backup)
        elif self.accounts_file.exists():
            self.accounts_file.unlink()
        shutil.rmtree(self.work, ignore_errors=True)

    def psql_admin(self, sql: str, check_rc: bool = True):
        return self.run("psql", f"{PG_URL}/postgres", "-v", "ON_ERROR_STOP=1", "-Atc", sql, check_rc=check_rc)

    def sql(self, query: str) -> list[str]:
        result = self.run("psql", f"{PG_URL}/{self.database}", "-v", "ON_ERROR_STOP=1", "-Atc", query)
        return [line for line in result.stdout.splitlines() if line]


# ---- HTTPS through nginx -------------------------------------------------------------------------------------------


class ToNginx(http.client.HTTPSConnection):
    """Connects to 127.0.0.1 and checks the certificate against HOST (no /etc/hosts entry needed)."""

    def connect(self):
        raw = socket.create_connection(("127.0.0.1", self.port), self.timeout, self.source_address)
        self.sock = self._context.wrap_socket(raw, server_hostname=HOST)  # type: ignore[attr-defined]


class Browser:
    """A client that speaks HTTPS to nginx on 127.0.0.1, verifies its certificate, keeps cookies and follows
    redirects; `source` binds the client's own address (127.0.0.2: a client nginx does not trust)."""

    def __init__(self, certificate: Path, source: str = "127.0.0.1"):
        self.context = ssl.create_default_context(cafile=str(certificate))
        self.source = source
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, *, body: bytes | None = None, headers: dict | None = None,
                follow: bool = True) -> tuple[int, dict, bytes, str]:  # fmt: skip
        for _ in range(10):
            connection = ToNginx(HOST, HTTPS_PORT, context=self.context, timeout=60, source_address=(self.source, 0))
            sent = {"Host": f"{HOST}:{HTTPS_PORT}", "Referer": f"https://{HOST}:{HTTPS_PORT}{path}", **(headers or {})}
            if self.cookies:
                sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            data = response.read()
            answer = {key.lower(): value for key, value in response.getheaders()}
            for header in response.msg.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            connection.close()
            if follow and response.status in (301, 302, 303) and "location" in answer:
                location = urllib.parse.urlsplit(answer["location"])
                path = location.path + (f"?{location.query}" if location.query else "")
                method, body = "GET", None
                headers = {k: v for k, v in (headers or {}).items() if k.lower() != "content-type"}
                continue
            return response.status, answer, data, path
        raise SmokeFailed(f"too many redirects from {path}")

    def get(self, path: str, **kwargs):
        return self.request("GET", path, **kwargs)

    def post_form(self, path: str, fields: dict, **kwargs):
        body = urllib.parse.urlencode(fields, doseq=True).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded", **kwargs.pop("headers", {})}
        return self.request("POST", path, body=body, headers=headers, **kwargs)

    def post_multipart(self, path: str, fields: dict, files: dict[str, tuple[str, bytes, str]]):
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in fields.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        for name, (filename, content, content_type) in files.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f"Content-Type: {content_type}\r\n\r\n".encode() + content + b"\r\n"
            )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        content_type = f"multipart/form-data; boundary={boundary}"
        return self.request("POST", path, body=body, headers={"Content-Type": content_type})


def hidden(page: bytes, name: str) -> str:
    match = re.search(rf'name="{name}"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="{name}"', page.decode())
    check(match, f"no field {name} in the page")
    return html.unescape(match.group(1) or match.group(2))


def solve(challenge: str, bits: int = 8) -> str:
    """The portal's proof of work (workorders.public.portal.solve): a nonce giving `bits` leading zero bits."""
    nonce = 0
    while True:
        digest = hashlib.sha256(f"{challenge}:{nonce}".encode()).digest()
        if int.from_bytes(digest, "big") >> (256 - bits) == 0:
            return str(nonce)
        nonce += 1


# ---- the run ---------------------------------------------------------------------------------------------------------


def wait_for(predicate, seconds: float, what: str, interval: float = 0.5):
    deadline = time.monotonic() + seconds
    last = None
    while time.monotonic() < deadline:
        try:
            last = predicate()
            if last:
                return last
        except (OSError, http.client.HTTPException, ssl.SSLError) as error:
            last = error
        time.sleep(interval)
    raise SmokeFailed(f"{what}: not within {seconds:.0f} s (last: {last!r})")


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    check(found, "nginx is not installed (apt-get install nginx-light)")
    return str(found)


def nginx_config(machine: Machine, certificate: Path, key: Path) -> Path:
    """deploy/nginx/shequ.conf with this run's ports, paths and certificate, inside a main config of its own."""
    site = (ROOT / "deploy" / "nginx" / "shequ.conf").read_text()
    replacements = {
        "listen 80;": f"listen 127.0.0.1:{HTTPS_PORT + 1};",
        "listen [::]:80;": "",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{HTTPS_PORT} ssl http2;",
        "listen [::]:443 ssl http2;": "",
        "server 127.0.0.1:8001;": f"server 127.0.0.1:{WEB_PORT};",
        "/etc/shequ/tls/fullchain.pem": str(certificate),
        "/etc/shequ/tls/privkey.pem": str(key),
        "/var/log/nginx/": f"{machine.work}/",
        "alias /srv/shequ/static/;": f"alias {machine.work}/static/;",
    }
    for old, new in replacements.items():
        check(old in site, f"deploy/nginx/shequ.conf no longer holds {old!r}")
        site = site.replace(old, new)
    (machine.work / "site.conf").write_text(site)
    main = machine.work / "nginx.conf"
    main.write_text(
        f"pid {machine.work}/nginx.pid;\nerror_log {machine.work}/nginx-main.log warn;\nworker_processes 1;\n"
        "events { worker_connections 256; }\n"
        f"http {{\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n"
        f"  client_body_temp_path {machine.work}/nginx-body;\n  proxy_temp_path {machine.work}/nginx-proxy;\n"
        f"  fastcgi_temp_path {machine.work}/nginx-fcgi;\n  uwsgi_temp_path {machine.work}/nginx-uwsgi;\n"
        f"  scgi_temp_path {machine.work}/nginx-scgi;\n  include {machine.work}/site.conf;\n}}\n"
    )
    return main


def main() -> int:
    machine = Machine()
    step = Steps()
    say(f"Deploy smoke test: SHEQU_ENV=production, https://{HOST}:{HTTPS_PORT}/ → nginx → gunicorn :{WEB_PORT}")
    say(f"  work folder {machine.work}, database {machine.database}, Redis {REDIS_URL}, {RESIDENTS} residents")

    def interrupted(number, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)
    try:
        run(machine, step)
    except (SmokeFailed, subprocess.SubprocessError, OSError, KeyboardInterrupt) as error:
        say(f"\nDeploy smoke test FAILED: {error!r}")
        for name in machine.logs:
            tail = machine.tail(name)
            if tail:
                say(f"--- last lines of {name}.log ---\n{tail}")
        code = 1
    else:
        code = 0
    finally:
        with step("Stop what is left, drop the database, remove the work folder"):
            machine.cleanup()
    total = time.monotonic() - STARTED
    say(f"\nDeploy smoke test {'passed' if code == 0 else 'FAILED'} in {total:.0f} s.")
    return code


def run(machine: Machine, step: Steps) -> None:
    with step("PostgreSQL and Redis answer (started here if they do not)"):
        if subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"]).returncode != 0:
            version = sorted(os.listdir("/etc/postgresql"))[0]
            subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"], check=False)
            wait_for(lambda: subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"]).returncode == 0, 30, "PostgreSQL")
        pong = subprocess.run(["redis-cli", "-u", REDIS_URL, "ping"], capture_output=True, text=True).stdout.strip()
        if pong != "PONG":
            port = urllib.parse.urlsplit(REDIS_URL).port or 6379
            subprocess.run(["redis-server", "--port", str(port), "--daemonize", "yes", "--save", ""], check=True)
            machine.redis_started = True
            wait_for(lambda: subprocess.run(["redis-cli", "-u", REDIS_URL, "ping"], capture_output=True,
                                            text=True).stdout.strip() == "PONG", 20, "Redis")  # fmt: skip

    with step(f"A fresh PostgreSQL database {machine.database}"):
        machine.psql_admin(f'CREATE DATABASE "{machine.database}"')
        machine.database_created = True

    with step("A bad setting stops gunicorn and the worker with one line and exit 78 (no restart loop)"):
        bad = {**machine.env, "SHEQU_SECRET_KEY": "too-short"}
        result = machine.run(BIN / "gunicorn", "-c", "deploy/gunicorn.conf.py", env=bad, check_rc=False, timeout=60)
        line = [text for text in result.stderr.splitlines() if "SHEQU_SECRET_KEY" in text]
        check(result.returncode == 78 and len(line) == 1, f"gunicorn exited {result.returncode}: {result.stderr}")
        say(f"     gunicorn: {line[0]}")
        bad = {**machine.env, "SHEQU_REDIS_URL": f"redis://127.0.0.1:{WEB_PORT + 97}/1"}
        result = machine.manage("worker", env=bad, check_rc=False, timeout=60)
        check(result.returncode == 78 and len(result.stderr.splitlines()) == 1, f"worker: {result.stderr}")
        say(f"     worker: {result.stderr.strip()}")

    with step(f"Migrate, collect static files, load a small demo city ({RESIDENTS} residents)"):
        # collectstatic (hashing and compressing the vendored assets) runs beside the database work.
        collect = machine.start("collectstatic", PYTHON, "manage.py", "collectstatic", "--noinput", "--verbosity", "0")
        timings = []
        for command in (("migrate", "--verbosity", "0"), ("load_divisions", "--city", CITY)):
            started = time.monotonic()
            machine.manage(*command)
            timings.append(f"{command[0]} {time.monotonic() - started:.0f} s")
        # Then, side by side (each writes its own tables): residents, the call centre's catalogue, the accounts.
        started = time.monotonic()
        loaders = {
            command[0]: machine.start(command[0], PYTHON, "manage.py", *command)
            for command in (
                ("seed_population", "--residents", str(RESIDENTS), "--city", CITY, "--if-empty"),
                ("setup_call_centre", "--city", CITY),
                ("setup_demo", "--city", CITY, "--reset"),
            )
        }
        for name, process in loaders.items():
            check(process.wait(900) == 0, f"{name} exited {process.returncode}: {machine.tail(name)}")
            machine.processes.pop(name)
        timings.append(f"{', '.join(loaders)} side by side {time.monotonic() - started:.0f} s")
        started = time.monotonic()
        check(collect.wait(600) == 0, f"collectstatic: {machine.tail('collectstatic')}")
        machine.processes.pop("collectstatic")
        timings.append(f"then collectstatic {time.monotonic() - started:.0f} s more")
        subprocess.run(["chmod", "-R", "a+rX", str(machine.work / "static")], check=True)  # nginx's user reads it
        say("     " + ", ".join(timings))
        accounts = machine.accounts_file.read_text()
        match = re.search(r"demo_street_staff\s+(\S+)\s+street_staff\s+.*\((\d{12})\)", accounts)
        check(match, "setup_demo wrote no street account")
        password, street = match.group(1), match.group(2)
        key = machine.manage("open311_key", "Smoke client").stdout.strip().splitlines()[-1]

    with step("A self-signed certificate (openssl) and nginx from deploy/nginx/shequ.conf"):
        certificate, private_key = machine.work / "fullchain.pem", machine.work / "privkey.pem"
        machine.run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", f"/CN={HOST}",
                    "-addext", f"subjectAltName=DNS:{HOST}", "-keyout", private_key, "-out", certificate)  # fmt: skip
        private_key.chmod(0o600)
        certificate.chmod(0o644)
        config = nginx_config(machine, certificate, private_key)
        nginx = nginx_binary()
        machine.run(nginx, "-t", "-p", machine.work, "-c", config)
        machine.start("nginx", nginx, "-p", machine.work, "-c", config, "-g", "daemon off;")

    with step("gunicorn (deploy/gunicorn.conf.py), the worker and the clock, all SHEQU_ENV=production"):
        web_env = {**machine.env, "PROMETHEUS_MULTIPROC_DIR": str(machine.work / "metrics")}
        machine.start("gunicorn", BIN / "gunicorn", "-c", "deploy/gunicorn.conf.py", env=web_env)
        machine.start("worker", PYTHON, "manage.py", "worker", "--no-reload", "--no-startup-delay", "--interval", "0.5")
        machine.start("clock", PYTHON, "manage.py", "call_centre", "--loop", "--interval", "5")
        browser = Browser(certificate)
        wait_for(lambda: browser.get("/healthz")[0] == 200, 60, "https /healthz through nginx")
        for name, process in machine.processes.items():
            check(process.poll() is None, f"{name} exited {process.returncode}: {machine.tail(name)}")

    with step("Sign in over HTTPS as demo_street_staff (no second factor for street staff)"):
        status, _, page, _ = browser.get("/accounts/login/")
        check(status == 200, f"login page {status}")
        status, _, page, path = browser.post_form("/accounts/login/", {
            "csrfmiddlewaretoken": hidden(page, "csrfmiddlewaretoken"), "username": "demo_street_staff",
            "password": password,
        })  # fmt: skip
        check(status == 200 and not path.startswith("/accounts/login"), f"signed in? {status} at {path}")
        check("sessionid" in browser.cookies, "no session cookie")
        check(browser.request("GET", "/", follow=False)[0] == 200, "the home page after signing in")

    with step("Search a resident of the street by name"):
        name, count = machine.sql(
            f"SELECT name, count(*) OVER (PARTITION BY name) FROM people_resident "
            f"WHERE division_code LIKE '{street[:9]}%' ORDER BY id LIMIT 1"
        )[0].split("|")
        status, _, page, path = browser.get("/people/residents/?" + urllib.parse.urlencode({"q": name}))
        text = page.decode()
        check(status == 200 and name in text, f"search for {name}: {status} at {path}")
        say(f"     found {name!r} ({count} of that name in the street)")

    with step("Import a small workbook (3 residential areas) through the worker"):
        from openpyxl import Workbook

        community = machine.sql(
            f"SELECT code FROM regions_division WHERE level = 'community' AND code LIKE '{street[:9]}%' "
            "ORDER BY code LIMIT 1"
        )[0]
        book = Workbook()
        sheet = book.active
        sheet.append(["社区代码", "小区名称", "地址", "封闭管理"])
        for number in range(1, 4):
            sheet.append([community, f"烟测小区{number}", f"烟测路{number}号", "是"])
        spool = machine.work / "areas.xlsx"
        book.save(spool)
        status, _, page, _ = browser.get("/imports/areas/")
        check(status == 200, f"import page {status}")
        status, _, page, path = browser.post_multipart(
            "/imports/areas/", {"csrfmiddlewaretoken": hidden(page, "csrfmiddlewaretoken")},
            {"file": ("areas.xlsx", spool.read_bytes(),
                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")},
        )  # fmt: skip
        check(status == 200 and "/mapping/" in path, f"upload: {status} at {path}")
        # The mapping step (issue #19): accept the columns as proposed, as a clerk would.
        fields = {"csrfmiddlewaretoken": hidden(page, "csrfmiddlewaretoken"), "sheet": hidden(page, "sheet")}
        for name, options in re.findall(r'<select name="(column_\d+)"[^>]*>(.*?)</select>', page.decode(), re.S):
            chosen = re.search(r'<option value="([^"]*)"[^>]*selected', options)
            fields[name] = html.unescape(chosen.group(1)) if chosen else ""
        check(len(fields) == 6, f"mapping step: {len(fields) - 2} columns, expected 4")
        status, _, page, path = browser.post_form(path, fields)
        check(status == 200 and path.startswith("/imports/jobs/"), f"mapping: {status} at {path}")

        def imported():
            page = browser.get(path, headers={"HX-Request": "true"})[2].decode()
            if 'id="count-errors"' in page and 'id="import-done"' not in page:
                raise SmokeFailed(f"the import failed: {re.sub(r'<[^>]+>', ' ', page)[:500]}")
            return 'id="import-done"' in page

        wait_for(imported, 60, "the worker to import the workbook")
        areas = machine.sql("SELECT count(*) FROM places_residentialarea WHERE name LIKE '烟测小区%'")[0]
        check(areas == "3", f"{areas} areas imported, expected 3")

    with step("Portal: two submissions from each of two forwarded addresses, each address limited on its own"):
        communities = machine.sql(f"SELECT id FROM regions_division WHERE code = '{community}'")
        used_phones: list[str] = []

        def submit(client: Browser, forwarded: str) -> int:
            headers = {"X-Forwarded-For": forwarded}
            status, _, page, _ = client.get("/portal/", headers=headers)
            check(status == 200, f"portal page {status}")
            category = re.search(r'name="category"[^>]*>.*?<option value="(\d+)"', page.decode(), re.S)
            check(category, "no category on the portal")
            challenge = hidden(page, "challenge")
            fields = {
                "csrfmiddlewaretoken": hidden(page, "csrfmiddlewaretoken"), "request_type": "help",
                "category": category.group(1), "description": "烟测：小区路灯坏了", "community": communities[0],
                "address": "烟测路1号", "phone": f"139{secrets.randbelow(10**8):08d}", "consent": "on", "website": "",
                "challenge": challenge, "nonce": solve(challenge), "idempotency_key": hidden(page, "idempotency_key"),
            }  # fmt: skip
            used_phones.append(fields["phone"])
            return client.post_form("/portal/", fields, headers=headers)[0]

        resident = Browser(certificate)
        first = [submit(resident, "203.0.113.10"), submit(resident, "203.0.113.10")]
        second = [submit(resident, "203.0.113.20"), submit(resident, "203.0.113.20")]
        say(f"     203.0.113.10: {first}; 203.0.113.20: {second}")
        check(first == [200, 429] and second == [200, 429], "each forwarded address gets one submission an hour")

    with step(f"Portal: a forged X-Forwarded-For from an untrusted address ({UNTRUSTED}) is judged by that address"):
        forger = Browser(certificate, source=UNTRUSTED)
        forged = [submit(forger, "203.0.113.30"), submit(forger, "203.0.113.31")]
        honest = submit(Browser(certificate), "203.0.113.31")
        say(f"     from {UNTRUSTED} claiming .30 then .31: {forged}; a resident really at .31 via the proxy: {honest}")
        check(forged == [200, 429] and honest == 200, "the forged header must not be believed")

    with step("Open311: discovery, services, and a request posted with the client's api_key"):
        status, _, page, _ = browser.get("/open311/v2/services.json")
        check(status == 200, f"services.json {status}")
        service = json.loads(page)[0]["service_code"]
        status, _, page, _ = Browser(certificate).post_form("/open311/v2/requests.json", {
            "api_key": key, "service_code": service, "address_id": community, "description": "烟测：井盖缺失",
        })  # fmt: skip
        check(status == 201, f"requests.json {status}: {page[:300]!r}")
        say(f"     service {service} → request {json.loads(page)[0]['service_request_id']}")

    with step("/readyz: database, cache, worker heartbeat, the clock's pass, migrations"):

        def ready():
            status, _, page, _ = Browser(certificate).get("/readyz")
            body = json.loads(page)
            return body if status == 200 else None

        body = wait_for(ready, 45, "/readyz to answer 200")
        checks = body["checks"]
        say("     " + ", ".join(f"{name} ok" + (f" ({entry['age_seconds']} s ago)" if "age_seconds" in entry else "")
                                for name, entry in checks.items()))  # fmt: skip
        check(all(entry["ok"] for entry in checks.values()), json.dumps(checks))
        passes = int(machine.sql("SELECT count(*) FROM workorders_sweeprun")[0])
        check(passes >= 1, "no clock pass recorded")

    with step("/metrics through nginx: requests, queue, orders, imports; refused to an untrusted address"):
        status, _, page, _ = Browser(certificate).get("/metrics")
        text = page.decode()
        check(status == 200, f"/metrics {status}")
        wanted = ['shequ_http_requests_total{method="POST",status="429",view="portal:submit"}',
                  "shequ_task_queue_depth", "shequ_work_orders_open", "shequ_work_orders_overdue",
                  "shequ_import_rows_last_hour 3.0", "shequ_import_rows_per_second"]  # fmt: skip
        missing = [name for name in wanted if name not in text]
        check(not missing, f"missing from /metrics: {missing}")
        status = Browser(certificate, source=UNTRUSTED).get("/metrics")[0]
        check(status == 403, f"/metrics from {UNTRUSTED}: {status}")
        log = machine.logs["gunicorn"].read_text(errors="replace")
        request_lines = [
            json.loads(line) for line in log.splitlines() if line.startswith('{"') and '"shequ.request"' in line
        ]
        check(request_lines and all("request_id" in line for line in request_lines), "no JSON request log lines")
        check(not any(phone in log for phone in used_phones), "a resident's phone number in the web log")
        say(f"     {len(request_lines)} JSON request log lines, each with its request id; no phone number in the log")

    with step("Stop gunicorn, the worker, the clock and nginx cleanly (TERM / QUIT)"):
        codes, seconds = {}, {}
        for name in ("clock", "worker", "gunicorn", "nginx"):
            started = time.monotonic()
            codes[name] = machine.stop(name, signal.SIGQUIT if name == "nginx" else signal.SIGTERM)
            seconds[name] = f"{time.monotonic() - started:.1f} s"
        say(f"     exit statuses {codes}; took {seconds}")
        check(all(code == 0 for code in codes.values()), f"not a clean stop: {codes}")


if __name__ == "__main__":
    sys.exit(main())
