"""Production start-up (issue #18, Bad input): a missing or malformed variable, or a database or Redis that does not
answer, stops the process with exit status 78 and one line in Chinese and English naming the variable."""

import json
import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parents[3]
GOOD_SECRET = "s3cr3t-" + "x" * 30 + "abcdefghijklmnop"  # 53 characters, many different


def key_file(folder: Path, name: str = "keys.json", **changes) -> str:
    data = {"active": "k1", "keys": {"k1": secrets.token_hex(16)}, "index_key": secrets.token_hex(32)}
    data.update(changes)
    path = folder / name
    path.write_text(json.dumps(data))
    return str(path)


class StartupRefusalTests(SimpleTestCase):
    def setUp(self):
        self.folder = Path(tempfile.mkdtemp(prefix="shequ-startup-"))

    def start(self, command: str = "worker", **variables) -> subprocess.CompletedProcess:
        """`manage.py <command> --help` under SHEQU_ENV=production with only `variables` set (no .env is read:
        its values never overwrite these, and the variables below are all the settings need)."""
        env = {
            "PATH": os.environ["PATH"],
            "HOME": str(self.folder),
            "SHEQU_ENV": "production",
            "SHEQU_ALLOWED_HOSTS": "shequ.example.gov.cn",
            "SHEQU_SECRET_KEY": GOOD_SECRET,
            "SHEQU_DATA_KEY_FILE": key_file(self.folder),
            "SHEQU_DATABASE_URL": f"sqlite:///{self.folder / 'db.sqlite3'}",
            "SHEQU_STARTUP_TIMEOUT": "2",
        }
        env.update(variables)
        env = {name: value for name, value in env.items() if value is not None}
        return subprocess.run(
            [sys.executable, "manage.py", command, "--help"],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
        )  # fmt: skip

    def assertRefused(self, result, variable: str, zh: str, en: str):
        self.assertEqual(result.returncode, 78, result.stderr)
        lines = result.stderr.splitlines()
        self.assertEqual(len(lines), 1, result.stderr)
        self.assertTrue(lines[0].startswith(f"配置错误 {variable}："), lines[0])
        chinese, english = lines[0].split(f" / Configuration error {variable}: ")
        self.assertIn(zh, chinese)
        self.assertIn(en, english)

    def test_a_good_configuration_starts(self):
        result = self.start()
        self.assertEqual((result.returncode, result.stderr), (0, ""))
        self.assertIn("usage: manage.py worker", result.stdout)

    def test_missing_secret(self):
        self.assertRefused(self.start(SHEQU_SECRET_KEY=None), "SHEQU_SECRET_KEY", "生产环境必须设置",
                           "required in production")  # fmt: skip

    def test_short_secret(self):
        self.assertRefused(self.start(SHEQU_SECRET_KEY="x" * 49), "SHEQU_SECRET_KEY", "太短", "too short")
        self.assertRefused(self.start(SHEQU_SECRET_KEY="ab" * 30), "SHEQU_SECRET_KEY", "太短", "too short")

    def test_key_file_missing_unreadable_or_malformed(self):
        self.assertRefused(
            self.start(SHEQU_DATA_KEY_FILE=str(self.folder / "none.json")), "SHEQU_DATA_KEY_FILE",
            "不存在", f"the file {self.folder / 'none.json'} does not exist",
        )  # fmt: skip
        # A folder where the file should be: open() fails as it does for a file without read permission.
        self.assertRefused(
            self.start(SHEQU_DATA_KEY_FILE=str(self.folder)), "SHEQU_DATA_KEY_FILE", "无法读取", "is unreadable"
        )
        (self.folder / "broken.json").write_text('{"active": ')
        self.assertRefused(
            self.start(SHEQU_DATA_KEY_FILE=str(self.folder / "broken.json")), "SHEQU_DATA_KEY_FILE",
            "不是有效的 JSON", "is not valid JSON",
        )  # fmt: skip
        short_key = key_file(self.folder, "short.json", keys={"k1": "00ff"})
        self.assertRefused(self.start(SHEQU_DATA_KEY_FILE=short_key), "SHEQU_DATA_KEY_FILE", "格式不对", "malformed")
        other_active = key_file(self.folder, "other.json", active="k2")
        self.assertRefused(self.start(SHEQU_DATA_KEY_FILE=other_active), "SHEQU_DATA_KEY_FILE", "格式不对",
                           "malformed")  # fmt: skip

    def test_malformed_urls_and_lists(self):
        self.assertRefused(self.start(SHEQU_DATABASE_URL="mysql://u@h/db"), "SHEQU_DATABASE_URL",
                           "只支持 PostgreSQL 或 SQLite", "must name PostgreSQL or SQLite")  # fmt: skip
        self.assertRefused(self.start(SHEQU_REDIS_URL="127.0.0.1:6379"), "SHEQU_REDIS_URL", "格式不对",
                           "is malformed")  # fmt: skip
        self.assertRefused(self.start(SHEQU_TRUSTED_PROXIES="127.0.0.1,10.0.0.300"), "SHEQU_TRUSTED_PROXIES",
                           "“10.0.0.300”不是 IP 地址或网段", "'10.0.0.300' is not an IP address")  # fmt: skip
        self.assertRefused(self.start(SHEQU_METRICS_ALLOWED="prometheus.local"), "SHEQU_METRICS_ALLOWED",
                           "不是 IP 地址或网段", "is not an IP address")  # fmt: skip

    def test_database_that_does_not_answer(self):
        # Port 8499: in this project's range, nothing listens there.
        result = self.start(SHEQU_DATABASE_URL="postgres://shequ@127.0.0.1:8499/shequ")
        self.assertRefused(result, "SHEQU_DATABASE_URL", "数据库无法连接", "the database does not answer")
        self.assertIn('port 8499 failed', result.stderr)

    def test_redis_that_does_not_answer(self):
        result = self.start(SHEQU_REDIS_URL="redis://127.0.0.1:8498/1")
        self.assertRefused(result, "SHEQU_REDIS_URL", "Redis 无法连接", "Redis does not answer")
        self.assertIn("127.0.0.1:8498", result.stderr)

    def test_only_services_check_the_database(self):
        """`manage.py check` and the like judge the settings, not the services (CI's `check --deploy`)."""
        result = self.start("check", SHEQU_DATABASE_URL="postgres://shequ@127.0.0.1:8499/shequ")
        self.assertEqual((result.returncode, result.stderr), (0, ""))

    def test_outside_production_errors_are_raised_as_before(self):
        result = self.start(SHEQU_ENV="dev", SHEQU_TRUSTED_PROXIES="nonsense")
        self.assertEqual(result.returncode, 1)
        self.assertIn("Traceback", result.stderr)
        self.assertIn("配置错误 SHEQU_TRUSTED_PROXIES", result.stderr)
