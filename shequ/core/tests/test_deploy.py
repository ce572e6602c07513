"""deploy/ (issue #18): each service restarts on failure but not in a tight loop and not after a configuration
error, stops cleanly, and runs what `make run` runs; nginx accepts the site."""

import configparser
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.test import SimpleTestCase

DEPLOY = Path(__file__).resolve().parents[3] / "deploy"
SERVICES = {
    "shequ-web": "/srv/shequ/.venv/bin/gunicorn -c /srv/shequ/deploy/gunicorn.conf.py",
    "shequ-worker": "/srv/shequ/.venv/bin/python manage.py worker --no-reload --no-startup-delay",
    "shequ-clock": "/srv/shequ/.venv/bin/python manage.py call_centre --loop --interval 30",
    "shequ-rollups": "/srv/shequ/.venv/bin/python manage.py refresh_rollups --loop --interval 3600",
}


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # keys are case-sensitive in systemd
    parser.read(DEPLOY / "systemd" / f"{name}.service")
    return parser


class SystemdUnitTests(SimpleTestCase):
    def test_each_service(self):
        for name, command in SERVICES.items():
            with self.subTest(name):
                service = unit(name)
                self.assertEqual(service["Service"]["ExecStart"], command)
                self.assertEqual(service["Service"]["Restart"], "on-failure")
                self.assertGreaterEqual(int(service["Service"]["RestartSec"]), 5)
                # At most 5 starts in 10 minutes, then the unit stays failed.
                self.assertEqual((service["Unit"]["StartLimitIntervalSec"], service["Unit"]["StartLimitBurst"]),
                                 ("600", "5"))  # fmt: skip
                self.assertEqual(service["Service"]["RestartPreventExitStatus"], "78")  # shequ.core.startup
                self.assertEqual((service["Service"]["KillSignal"], service["Service"]["KillMode"]),
                                 ("SIGTERM", "mixed"))  # fmt: skip
                self.assertEqual(service["Service"]["EnvironmentFile"], "/etc/shequ/env")
                self.assertEqual(service["Service"]["User"], "shequ")
                self.assertEqual(service["Install"]["WantedBy"], "shequ.target")

    def test_the_target_wants_all(self):
        parser = configparser.ConfigParser(strict=False, interpolation=None)
        parser.read(DEPLOY / "systemd" / "shequ.target")
        self.assertEqual(set(parser["Unit"]["Wants"].split()), {f"{name}.service" for name in SERVICES})


class NginxSiteTests(SimpleTestCase):
    def test_nginx_accepts_the_site(self):
        nginx = shutil.which("nginx") or (Path("/usr/sbin/nginx") if Path("/usr/sbin/nginx").exists() else None)
        if nginx is None:
            self.skipTest("nginx is not installed (apt-get install nginx-light)")
        folder = Path(tempfile.mkdtemp(prefix="shequ-nginx-"))
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
             "-keyout", folder / "privkey.pem", "-out", folder / "fullchain.pem"],
            check=True, capture_output=True,
        )  # fmt: skip
        site = (DEPLOY / "nginx" / "shequ.conf").read_text().replace("/etc/shequ/tls/", f"{folder}/")
        site = site.replace("/var/log/nginx/", f"{folder}/")
        (folder / "site.conf").write_text(site)
        (folder / "nginx.conf").write_text(
            f"pid {folder}/nginx.pid; error_log {folder}/error.log; events {{}}\n"
            f"http {{ include /etc/nginx/mime.types; access_log off; include {folder}/site.conf; }}\n"
        )
        result = subprocess.run([str(nginx), "-t", "-p", str(folder), "-c", str(folder / "nginx.conf")],
                                capture_output=True, text=True)  # fmt: skip
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("test is successful", result.stderr)


class StaticStorageTests(SimpleTestCase):
    def test_source_map_comments_are_left_alone_and_css_urls_still_hashed(self):
        from shequ.core.staticfiles import StaticStorage

        patterns = dict(StaticStorage.patterns)
        self.assertNotIn("sourceMappingURL", repr(patterns))
        self.assertEqual(patterns["*.js"], ())
        self.assertEqual(len(patterns["*.css"]), 2)  # url(...) and @import still point at the hashed names
