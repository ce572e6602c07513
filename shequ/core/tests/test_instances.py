"""Several machines sharing one PostgreSQL and one Redis (issue #18 item 5, ADR 0016), shown on this machine with
two gunicorn instances on 127.0.0.1:8501 and :8502, two workers and two clocks as separate processes:

* a queued job runs exactly once, whichever worker takes it;
* the portal's rate limit counts one address across both instances;
* a revoked API token, a deactivated user (API and session) and a withdrawn Open311 api_key are refused at the
  next request on both instances, though each had the caller in its per-process cache;
* two clocks started together: one works, the other stands by, and takes over when the first stops.

PostgreSQL suite only (`make test-pg`), with Redis at SHEQU_TEST_REDIS_URL (default redis://127.0.0.1:6379/2).
"""

import os
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test import TransactionTestCase, override_settings

from shequ.accounts.models import ApiToken
from shequ.core.testing.fixtures import build_tree
from shequ.workorders.models import Open311Client, SweepRun
from shequ.workorders.public.open311 import key_digest

ROOT = Path(__file__).resolve().parents[3]
REDIS_URL = os.environ.get("SHEQU_TEST_REDIS_URL", "redis://127.0.0.1:6379/2")
PORTS = (8501, 8502)
REDIS_CACHE = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def redis_problem() -> str:
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except Exception as error:  # not installed, not running
        return f"Redis at {REDIS_URL} is not reachable ({error.__class__.__name__}); set SHEQU_TEST_REDIS_URL"
    return ""


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def http(port: int, path: str, *, data: dict | None = None, headers: dict | None = None, opener=None):
    """(status, body, Location) of one request to the instance on `port`; redirects are not followed."""
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=body, headers=headers or {})
    opener = opener or urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=60) as response:
            return response.status, response.read().decode(), response.headers.get("Location", "")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace"), error.headers.get("Location", "")


class Process:
    """A child process with its output in a file."""

    def __init__(self, name: str, command: list[str], env: dict):
        self.name = name
        self.log = Path(tempfile.mkstemp(prefix=f"shequ-{name}-", suffix=".log")[1])
        with self.log.open("w") as out:
            self.popen = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_for(self, text: str, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.output():
                return
            if self.popen.poll() is not None:
                raise AssertionError(f"{self.name} ended: {self.output()[-2000:]}")
            time.sleep(0.2)
        raise AssertionError(f"{self.name} did not print {text!r} within {timeout} s: {self.output()[-2000:]}")

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(20)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()
        self.log.unlink(missing_ok=True)


@override_settings(CACHES=REDIS_CACHE)
class SeveralInstancesTests(TransactionTestCase):
    processes: list[Process]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if connection.vendor != "postgresql":
            raise __import__("unittest").SkipTest("several instances share one PostgreSQL: run with make test-pg")
        problem = redis_problem()
        if problem:
            raise __import__("unittest").SkipTest(problem)
        db = connection.settings_dict
        password = f":{urllib.parse.quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
        cls.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("SHEQU_")},
            "SHEQU_DATABASE_URL": (
                f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
            ),
            "SHEQU_REDIS_URL": REDIS_URL,
            "SHEQU_SECRET_KEY": settings.SECRET_KEY,
            "SHEQU_DATA_KEY_FILE": str(settings.DATA_KEY_FILE),
            "SHEQU_REQUIRE_2FA": "false",
            "SHEQU_PORTAL_IP_LIMIT": "3",
            "SHEQU_TASK_BACKEND": "database",
            "PYTHONUNBUFFERED": "1",
        }
        cls.processes = []
        for port in PORTS:
            web = Process(
                f"web-{port}",
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "shequ.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "1",
                    "--timeout",
                    "120",
                ],  # fmt: skip
                cls.env,
            )
            cls.processes.append(web)
        try:
            for web, port in zip(cls.processes, PORTS, strict=True):
                web.wait_for("Booting worker")
                deadline = time.monotonic() + 120
                while http(port, "/healthz")[0] != 200:
                    if time.monotonic() > deadline:
                        raise AssertionError(f"{web.name} does not answer: {web.output()[-2000:]}")
                    time.sleep(0.5)
        except Exception:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        for process in getattr(cls, "processes", []):
            process.stop()
        super().tearDownClass()

    def start(self, name: str, *args: str) -> Process:
        process = Process(name, [sys.executable, "manage.py", *args], self.env)
        self.addCleanup(process.stop)
        return process

    # -- callers ----------------------------------------------------------------------------------------------------

    def both(self, path: str, **kwargs) -> list[int]:
        return [http(port, path, **kwargs)[0] for port in PORTS]

    def test_a_revoked_token_or_a_deactivated_user_is_refused_at_once_on_every_instance(self):
        tree = build_tree()
        raw, other_raw = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        token = ApiToken.objects.create(user=tree.users["city"], name="hotline", digest=ApiToken.digest_of(raw))
        ApiToken.objects.create(user=tree.users["district"], name="app", digest=ApiToken.digest_of(other_raw))
        path = "/api/regions/divisions/"
        for _ in range(2):  # each instance now has both callers in its per-process cache
            self.assertEqual(self.both(path, headers={"Authorization": f"Token {raw}"}), [200, 200])
            self.assertEqual(self.both(path, headers={"Authorization": f"Token {other_raw}"}), [200, 200])
        token.revoked = True
        token.save()
        self.assertEqual(self.both(path, headers={"Authorization": f"Token {raw}"}), [401, 401])
        district = tree.users["district"]
        district.is_active = False
        district.save()
        self.assertEqual(self.both(path, headers={"Authorization": f"Token {other_raw}"}), [401, 401])

    def test_a_deactivated_users_session_ends_at_once_on_every_instance(self):
        tree = build_tree()
        self.client.force_login(tree.users["street"])
        cookie = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={self.client.cookies[settings.SESSION_COOKIE_NAME].value}"}
        self.assertEqual(self.both("/workorders/statistics/", headers=cookie), [200, 200])
        street = tree.users["street"]
        street.is_active = False
        street.save()
        answers = [http(port, "/workorders/statistics/", headers=cookie) for port in PORTS]
        self.assertEqual(
            [(status, "/accounts/login/" in location) for status, _, location in answers], [(302, True)] * 2
        )

    def test_a_withdrawn_open311_key_is_refused_at_once_on_every_instance(self):
        key = secrets.token_urlsafe(32)
        client = Open311Client.objects.create(name="FixMyStreet", key_digest=key_digest(key))
        path = "/open311/v2/requests.json"
        for _ in range(2):  # a known key, then the missing service code
            self.assertEqual(self.both(path, data={"api_key": key}), [400, 400])
        client.active = False
        client.save()
        self.assertEqual(self.both(path, data={"api_key": key}), [403, 403])

    # -- rate limits ------------------------------------------------------------------------------------------------

    def test_the_portal_rate_limit_counts_one_address_across_instances(self):
        jar = CookieJar()
        opener = urllib.request.build_opener(NoRedirect, urllib.request.HTTPCookieProcessor(jar))
        status, page, _ = http(PORTS[0], "/portal/", opener=opener)
        self.assertEqual(status, 200)
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        statuses = [
            http(PORTS[i % 2], "/portal/", data={"csrfmiddlewaretoken": csrf}, opener=opener)[0] for i in range(5)
        ]
        # Three attempts (invalid forms) allowed in all, on either instance; then 429 on both.
        self.assertEqual(statuses, [400, 400, 400, 429, 429])

    # -- background work --------------------------------------------------------------------------------------------

    def test_a_queued_job_runs_exactly_once_with_two_workers(self):
        from django.core.cache import cache
        from django_tasks_db.models import DBTaskResult

        from shequ.core.testing.tasks import count_run

        workers = [
            self.start(
                f"worker-{n}",
                "worker",
                "--no-reload",
                "--no-startup-delay",
                "--interval",
                "0.1",
                "--worker-id",
                f"w{n}",
            )  # fmt: skip
            for n in (1, 2)
        ]
        for worker in workers:
            worker.wait_for("Starting worker")
        with override_settings(TASKS=DATABASE_TASKS):
            for n in range(16):
                count_run.enqueue(key=f"job{n}", seconds=0.3)
        deadline = time.monotonic() + 120
        while DBTaskResult.objects.exclude(status="SUCCESSFUL").exists() and time.monotonic() < deadline:
            time.sleep(0.5)
        results = list(DBTaskResult.objects.order_by("enqueued_at"))
        self.assertEqual([r.status for r in results], ["SUCCESSFUL"] * 16, [w.output()[-1500:] for w in workers])
        self.assertEqual([cache.get(f"shequ:test-runs:job{n}") for n in range(16)], [1] * 16)
        self.assertEqual([len(r.worker_ids) for r in results], [1] * 16)
        self.assertEqual({r.worker_ids[0] for r in results}, {"w1", "w2"})  # both took part

    def test_two_clocks_started_together_make_one_pass_at_a_time(self):
        clocks = [
            self.start(f"clock-{n}", "call_centre", "--loop", "--interval", "1", "--verbosity", "2") for n in (1, 2)
        ]
        deadline = time.monotonic() + 120
        while not all("turned red" in c.output() or "standing by" in c.output() for c in clocks):
            self.assertLess(time.monotonic(), deadline, [c.output()[-1500:] for c in clocks])
            time.sleep(0.2)
        time.sleep(4)
        outputs = [c.output() for c in clocks]
        working = [n for n, out in enumerate(outputs) if "turned red" in out]
        self.assertEqual(len(working), 1, outputs)
        holder, other = clocks[working[0]], clocks[1 - working[0]]
        passes = holder.output().count("turned red")
        self.assertGreaterEqual(passes, 3)
        self.assertNotIn("turned red", other.output())
        self.assertIn("Another clock holds the lock: standing by.", other.output())
        # One recount per pass, none from the other clock. The holder keeps sweeping while this reads: a pass
        # commits its recount before it prints, so the count lies between the passes printed before and after it.
        recounts = SweepRun.objects.count()
        time.sleep(1.5)
        self.assertIn(recounts, range(passes, holder.output().count("turned red") + 1))
        holder.popen.send_signal(signal.SIGTERM)  # the holder stops: its lock goes with its connection
        holder.popen.wait(20)
        other.wait_for("turned red", timeout=30)  # the one standing by takes over
