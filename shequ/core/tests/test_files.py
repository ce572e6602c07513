"""Files and logs (issue #12): no ID number or phone number in any log line, whatever the handler (runserver's
request log, Django's request errors and their tracebacks included); import uploads gone once their job is done;
`var/` readable by its owner only."""

import io
import logging
import os
import tempfile
import time
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from unittest.mock import patch

import pytest
from django.core.servers.basehttp import WSGIRequestHandler
from django.test import TestCase
from django.utils import timezone
from python_calamine import CalamineWorkbook

from shequ.core import imports
from shequ.core.crypto import DecryptionError
from shequ.core.importing import release_upload, run_import, unseal_upload
from shequ.core.logging import RedactPersonalDataFilter, contains_personal_data, protect_handlers, redact
from shequ.core.models import ImportJob
from shequ.core.testing.fixtures import build_tree
from shequ.core.testing.imports import import_through_pages
from shequ.people.importers import ResidentImporter
from shequ.people.tests.test_import import GOOD, write_file

ID = "350203199001011234"
ID_X = "35020319900101123X"
ID_15 = "350203900101123"
MOBILE = "13812345678"


# ---------------------------------------------------------------------------------------------------------------------
# What counts as personal data
# ---------------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"lookup {ID} failed", "lookup [id-number] failed"),
        (f"lookup {ID_X.lower()}", "lookup [id-number]"),
        (f"old card {ID_15}.", "old card [id-number]."),
        (f"身份证{ID_15}，", "身份证[id-number]，"),
        (f"call {MOBILE}", "call [phone]"),
        ("call +86 138 1234 5678 now", "call [phone] now"),
        ("call 8613812345678", "call [phone]"),
        ("call 138-1234-5678", "call [phone]"),
        ("tel 0592-5123456", "tel [phone]"),
        ("tel (0592)5123456", "tel [phone]"),
        ("tel 010 62345678", "tel [phone]"),
        ("电话05925123456。", "电话[phone]。"),
        ("tel +86-592-5123456", "tel [phone]"),
        (f"GET /search/?q=%20{MOBILE}&id=%2B86{MOBILE}", "GET /search/?q=%20[phone]&id=%2B[phone]"),
        (f"GET /residents/?id_number={ID}&page=2 HTTP/1.1", "GET /residents/?id_number=[id-number]&page=2 HTTP/1.1"),
    ],
)
def test_redact_replaces_id_numbers_mobiles_and_landlines(text, expected):
    assert redact(text) == expected
    assert contains_personal_data(text)


@pytest.mark.parametrize(
    "text",
    [
        "division 350203001001 (12 digits)",
        "job 2026-11-30 02:00:00 took 1234567 ms",
        "request 7f3c2a9e4b1d4c8e9a0b1c2d3e4f5a6b",
        "digest 0123456789012345abcdef",
        "a 16-digit number 1234567890123456",
        "row 12, household A0012, 300 residents in 108 households",
    ],
)
def test_redact_leaves_other_numbers(text):
    assert redact(text) == text
    assert not contains_personal_data(text)


# ---------------------------------------------------------------------------------------------------------------------
# Every handler, with real records
# ---------------------------------------------------------------------------------------------------------------------


@contextmanager
def captured(logger_name: str):
    """The output of the settings' own handlers of `logger_name` (the root's console for propagating loggers),
    and nothing else: the run-wide personal-data scanner must not count these deliberate records."""
    logger = logging.getLogger(logger_name)
    owner = logger if logger.handlers or not logger.propagate else logging.getLogger()
    handlers = [h for h in owner.handlers if any(isinstance(f, RedactPersonalDataFilter) for f in h.filters)]
    assert handlers, f"no redacting handler for {logger_name}"
    stream = io.StringIO()
    saved = owner.handlers[:], [h.stream for h in handlers]
    owner.handlers = handlers
    for handler in handlers:
        handler.setStream(stream)
    try:
        yield stream
    finally:
        owner.handlers = saved[0]
        for handler, old in zip(handlers, saved[1], strict=True):
            handler.setStream(old)


def test_every_handler_of_every_logger_redacts():
    loggers = [logging.getLogger()] + [
        logger for logger in logging.Logger.manager.loggerDict.values() if isinstance(logger, logging.Logger)
    ]
    unprotected = [
        (logger.name, type(handler).__name__)
        for logger in loggers
        for handler in logger.handlers
        # The test run's own capture handlers and the personal-data scanner (conftest.py) see records raw on purpose;
        # a library's NullHandler (WeasyPrint's) writes nothing anywhere.
        if not type(handler).__module__.startswith(("_pytest", "conftest"))
        and type(handler) is not logging.NullHandler
        and not any(isinstance(f, RedactPersonalDataFilter) for f in handler.filters)
    ]
    assert unprotected == []
    assert logging.getLogger("django").handlers == []  # no unfiltered console, no mail_admins with tracebacks
    assert logging.getLogger("django.server").propagate is False


def test_a_handler_added_later_is_protected_by_protect_handlers():
    logger = logging.getLogger("shequ.test.late")
    logger.propagate = False
    stream = io.StringIO()
    logger.addHandler(logging.StreamHandler(stream))
    try:
        assert (protect_handlers([logger]), protect_handlers([logger])) == (1, 0)
        logger.warning("caller %s", MOBILE)
    finally:
        logger.handlers.clear()
        logger.propagate = True
    assert stream.getvalue() == "caller [phone]\n"


def test_runserver_request_log_is_redacted():
    """runserver logs each request line (with its query string) through `django.server`, as an argument."""
    request_handler = WSGIRequestHandler.__new__(WSGIRequestHandler)
    request_handler.request = None
    request_handler.requestline = f"GET /api/people/residents/?id_number={ID}&phone={MOBILE} HTTP/1.1"
    with captured("django.server") as stream:
        request_handler.log_request(200, 512)
        request_handler.requestline = f"GET /people/residents/search/{ID_15}/?tel=0592-5123456 HTTP/1.1"
        request_handler.log_request(404, 10)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2
    assert lines[0].endswith('"GET /api/people/residents/?id_number=[id-number]&phone=[phone] HTTP/1.1" 200 512')
    assert lines[1].endswith('"GET /people/residents/search/[id-number]/?tel=[phone] HTTP/1.1" 404 10')
    assert lines[0].startswith("[")  # runserver's own format: [server time] message
    assert not contains_personal_data(stream.getvalue())


def _fail(id_number: str, phone: str):
    raise ValueError(f"resident {id_number} with phone {phone} is already registered")


def test_request_error_with_its_traceback_is_redacted():
    """Django logs an unhandled exception through `django.request` with exc_info; the message of the exception and
    every line of the traceback (source lines quoting the value included) are redacted."""
    with captured("django.request") as stream:
        try:
            _fail(ID, MOBILE)
        except ValueError:
            logging.getLogger("django.request").error(
                "Internal Server Error: %s", f"/people/residents/{ID}/", exc_info=True, extra={"status_code": 500}
            )
    text = stream.getvalue()
    assert text.startswith("Internal Server Error: /people/residents/[id-number]/\nTraceback (most recent call last):")
    assert text.rstrip().endswith("ValueError: resident [id-number] with phone [phone] is already registered")
    assert "_fail(ID, MOBILE)" in text
    assert not contains_personal_data(text)


def test_filter_rewrites_the_record_itself():
    """Handlers after the first see the clean record: message, traceback text and stack; the raw exception with
    its frames is dropped."""
    try:
        _fail(ID_X, "0592-5123456")
    except ValueError as error:
        exc_info = (type(error), error, error.__traceback__)
    record = logging.LogRecord("shequ.x", logging.ERROR, __file__, 1, "look-up %s", (ID_15,), exc_info)
    record.stack_info = f"Stack (most recent call last):\n  lookup('{MOBILE}')"
    assert RedactPersonalDataFilter().filter(record) is True
    assert (record.getMessage(), record.args, record.exc_info) == ("look-up [id-number]", (), None)
    assert record.exc_text.endswith("ValueError: resident [id-number] with phone [phone] is already registered")
    assert record.stack_info == "Stack (most recent call last):\n  lookup('[phone]')"
    formatted = logging.Formatter("%(levelname)s %(message)s").format(record)
    assert formatted.startswith("ERROR look-up [id-number]\nTraceback (most recent call last):")
    assert not contains_personal_data(formatted)


def test_record_whose_arguments_do_not_fit_is_kept_and_redacted():
    record = logging.LogRecord("shequ.x", logging.WARNING, __file__, 1, "two %s %s", (ID,), None)
    RedactPersonalDataFilter().filter(record)
    assert record.getMessage() == "two %s %s ('[id-number]',)"


# ---------------------------------------------------------------------------------------------------------------------
# Import uploads do not outlive their job
# ---------------------------------------------------------------------------------------------------------------------


class ImportUploadTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()

    def setUp(self):
        self.folder = Path(tempfile.mkdtemp(prefix="shequ-uploads-")) / "imports"
        patcher = patch.object(imports, "UPLOAD_DIR", self.folder)
        patcher.start()
        self.addCleanup(patcher.stop)
        self.client.force_login(self.tree.users["street"])

    def post(self, rows, *, dry_run: bool):
        path = write_file(rows)
        response = import_through_pages(self.client, "residents", path, dry_run=dry_run)
        path.unlink()
        return ImportJob.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))

    def test_upload_of_an_import_or_a_dry_run_is_deleted_when_the_job_ends(self):
        for dry_run, status in ((True, "validated"), (False, "committed")):
            with self.subTest(dry_run=dry_run):
                job = self.post(GOOD, dry_run=dry_run)
                self.assertEqual((job.status, job.stored_path), (status, ""))
                self.assertEqual(list(self.folder.iterdir()), [])
                self.assertEqual(self.folder.stat().st_mode & 0o777, 0o700)
                self.assertEqual(self.client.get(f"/imports/jobs/{job.pk}/report/").status_code, 404)

    def test_a_file_named_on_the_command_line_is_left_alone(self):
        path = write_file(GOOD)
        result = run_import(ResidentImporter(self.tree.users["street"]), path, path.name, dry_run=True)
        self.assertEqual((result.job.status, result.job.stored_path, path.exists()), ("validated", "", True))
        path.unlink()

    def test_upload_with_bad_rows_is_kept_sealed_for_the_report_then_deleted(self):
        job = self.post([*GOOD, ["350203001001", "A005", "错号", "123", "户主", "", "", ""]], dry_run=False)
        self.assertEqual((job.status, job.error_count), ("failed", 1))
        sealed = Path(job.stored_path)
        self.assertEqual([p.name for p in self.folder.iterdir()], [sealed.name])
        self.assertTrue(sealed.name.endswith(".csv.sealed"))
        self.assertEqual(sealed.stat().st_mode & 0o777, 0o600)
        data = sealed.read_bytes()
        for clear in (GOOD[0][3], "13812345678", "曾国藩".encode(), "社区代码".encode()):
            self.assertNotIn(clear.encode() if isinstance(clear, str) else clear, data)

        report = self.client.get(f"/imports/jobs/{job.pk}/report/")
        rows = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(report.streaming_content))).get_sheet_by_index(0)
        rows = rows.to_python()
        self.assertEqual(
            (len(rows), rows[1][3], rows[4][-1]),
            (5, GOOD[0][3], "身份证号码：身份证号码应为 17 位数字加 1 位数字或 X。"),
        )
        self.assertEqual([p.name for p in self.folder.iterdir()], [sealed.name])  # the decrypted copy is gone

        ImportJob.objects.filter(pk=job.pk).update(finished=timezone.now() - timedelta(hours=24, minutes=1))
        self.assertEqual(self.client.get(f"/imports/jobs/{job.pk}/report/").status_code, 404)
        self.assertEqual(list(self.folder.iterdir()), [])

    def test_a_sealed_upload_opens_only_for_its_job(self):
        source = self.folder.parent / "upload.csv"
        source.write_bytes(b"a,b\n1,2\n")
        sealed = Path(release_upload(source, 41, keep=True))
        self.assertFalse(source.exists())
        with self.assertRaises(DecryptionError):
            unseal_upload(sealed, 42, self.folder.parent / "wrong.csv")
        self.assertFalse((self.folder.parent / "wrong.csv").exists())
        unseal_upload(sealed, 41, self.folder.parent / "right.csv")
        self.assertEqual((self.folder.parent / "right.csv").read_bytes(), b"a,b\n1,2\n")

    def test_purge_deletes_what_no_job_needs(self):
        self.folder.mkdir(parents=True)
        user = self.tree.users["street"]

        def upload(name: str, *, hours: float, status: str | None = None) -> Path:
            path = self.folder / name
            path.write_bytes(b"x")
            then = time.time() - hours * 3600
            os.utime(path, (then, then))
            if status:
                ImportJob.objects.create(
                    kind="residents", user=user, file_name=name, stored_path=str(path), status=status
                )
            return path

        kept = [
            upload("queued.csv", hours=30, status="queued"),
            upload("running.csv", hours=30, status="running"),
            upload("fresh-orphan.csv", hours=0.5),
            upload("report.csv.sealed", hours=23, status="failed"),
        ]
        gone = [
            upload("refused.csv", hours=0, status="failed"),  # refused before it ran (permission withdrawn)
            upload("old-orphan.csv", hours=2),
            upload("expired.csv.sealed", hours=25, status="failed"),
            upload("orphan.csv.sealed", hours=2),
        ]
        self.assertEqual(imports.purge_uploads(), 4)
        self.assertEqual(sorted(p.name for p in self.folder.iterdir()), sorted(p.name for p in kept))
        self.assertFalse(any(p.exists() for p in gone))


# ---------------------------------------------------------------------------------------------------------------------
# var/ is the owner's only
# ---------------------------------------------------------------------------------------------------------------------


def test_var_and_its_folders_are_owner_only(tmp_path, monkeypatch):
    from django.conf import settings as django_settings

    from shequ import settings as module

    assert settings_mode(module.VAR_DIR) == 0o700  # made (or tightened) when the settings load
    assert (django_settings.FILE_UPLOAD_PERMISSIONS, django_settings.FILE_UPLOAD_DIRECTORY_PERMISSIONS) == (
        0o600,
        0o700,
    )
    monkeypatch.setattr(module, "VAR_DIR", tmp_path / "var")
    module._private_dir(tmp_path / "var" / "keys")
    assert (settings_mode(tmp_path / "var"), settings_mode(tmp_path / "var" / "keys")) == (0o700, 0o700)
    (tmp_path / "var").chmod(0o755)
    module._private_dir(tmp_path / "var")
    assert settings_mode(tmp_path / "var") == 0o700
    # A folder outside var/ named in the environment is made owner-only if missing, never changed if it exists.
    (tmp_path / "shared").mkdir(mode=0o755)
    (tmp_path / "shared").chmod(0o755)
    module._private_dir(tmp_path / "shared")
    module._private_dir(tmp_path / "new")
    assert (settings_mode(tmp_path / "shared"), settings_mode(tmp_path / "new")) == (0o755, 0o700)


def test_first_upload_makes_the_media_and_import_folders_owner_only(tmp_path, monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile

    monkeypatch.setattr(imports, "UPLOAD_DIR", tmp_path / "media" / "imports")
    monkeypatch.setattr(imports, "purge_uploads", lambda: 0)
    path = imports.store_upload(SimpleUploadedFile("名单.CSV", b"a,b\n"))
    assert (path.parent, path.suffix, path.read_bytes()) == (tmp_path / "media" / "imports", ".csv", b"a,b\n")
    modes = [settings_mode(p) for p in (tmp_path / "media", tmp_path / "media" / "imports", path)]
    assert modes == [0o700, 0o700, 0o600]


def test_the_file_storage_saves_owner_only(tmp_path):
    from django.core.files.base import ContentFile
    from django.core.files.storage import FileSystemStorage

    storage = FileSystemStorage(location=tmp_path / "media")
    name = storage.save("photos/2026/a.jpg", ContentFile(b"jpeg"))
    modes = [settings_mode(tmp_path / "media" / "photos"), settings_mode(tmp_path / "media" / name)]
    assert modes == [0o700, 0o600]


def settings_mode(path: Path) -> int:
    return path.stat().st_mode & 0o777
