"""Test-wide settings: fast password hashing, and Playwright on Debian's chromium (no browser download)."""

import logging
import os
import shutil
import tempfile

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Playwright's sync API runs an event loop in the test thread; the ORM calls of the test itself are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if CHROMIUM:
        return
    browser_items = [item for item in items if "browser" in item.keywords]
    if browser_items and os.environ.get("CI") == "true":
        raise pytest.UsageError(
            "Browser tests are required in CI, and chromium is not installed (apt install chromium)."
        )
    skip = pytest.mark.skip(
        reason="chromium is not installed: `apt install chromium fonts-noto-cjk` to run browser tests"
    )
    for item in browser_items:
        item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args():
    return {
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args():
    return {"locale": "zh-CN"}


@pytest.fixture(autouse=True)
def fresh_reference_data():
    """Each test starts with no remembered catalogue (a rolled-back test's rows vanish without a signal)."""
    from shequ.core.refcache import ReferenceCache

    ReferenceCache.invalidate_all()


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with no rate-limit counter or look-up count of an earlier test or run (the default cache is
    a file cache in var/, which outlives the run)."""
    from django.core.cache import cache

    cache.clear()


class PersonalDataLogScanner(logging.Handler):
    """Sees every log record of the whole run, before any redaction: none may hold an ID or mobile number (AU-5)."""

    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.hits: list[str] = []

    def emit(self, record):
        from shequ.core.logging import contains_personal_data

        text = record.getMessage() + (self.format(record) if record.exc_info else "")
        if contains_personal_data(text):
            self.hits.append(f"{record.name}: {text[:300]}")


_scanner = PersonalDataLogScanner()


def pytest_configure(config):
    from django.conf import settings

    # Fast hashing for the many test accounts (also those made in setUpTestData, before any fixture runs).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Background jobs run inside the request, so a test sees their outcome; the worker has its own test.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 100_000}}
    }
    # Existing suites sign administrators and auditors in with force_login and no second factor: the rule that
    # their roles must enrol a TOTP device is off here (SHEQU_REQUIRE_2FA). Users who have a device must still verify,
    # and shequ/accounts/tests switch the rule on to prove it (issue #12, IA-1).
    settings.SHEQU_REQUIRE_2FA = False
    # Uploaded photos and import files of the tests go to a scratch folder, not the demo's var/media.
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="shequ-test-media-")
    logging.getLogger().addHandler(_scanner)


def pytest_sessionfinish(session, exitstatus):
    if _scanner.hits:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        reporter.write_line(f"Personal data reached {len(_scanner.hits)} log line(s):", red=True)
        for hit in _scanner.hits[:20]:
            reporter.write_line(f"  {hit}", red=True)
        session.exitstatus = 1
