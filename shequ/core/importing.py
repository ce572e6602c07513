"""The import engine every register uses (DESIGN.md §7).

An app declares an `Importer`: its Chinese column headers, how one row becomes an unsaved record (or row errors),
the natural key that makes re-import idempotent, and how a batch is written. The engine reads .xlsx (calamine) or
.csv, checks the headers, validates every row, reports every bad row (row number, column, reason), and writes
nothing unless the whole file is clean — then writes all of it in one transaction. A dry run validates and counts
without writing. Each run leaves an `ImportJob` with its counts (bulk writes fire no change-log signals, so the job
is the audit record for the batch).
"""

import codecs
import csv
import gc
import os
import pickle
import re
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import xlsxwriter
from cryptography.hazmat.primitives.ciphers import Cipher, modes
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from django.db.models.base import ModelState
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shequ.core.jobs import Heartbeat, write_transaction
from shequ.core.models import ImportJob
from shequ.core.scope import scope_q
from shequ.core.text import has_control_characters
from shequ.core.workers import cell_text

__all__ = [
    "Column",
    "ImportResult",
    "Importer",
    "KeyedImporter",
    "RegisterImporter",
    "RowError",
    "RowInvalid",
    "estimate_rows",
    "importers",
    "read_table",
    "register_importer",
    "run_import",
    "write_report",
    "write_template",
]

MAX_REPORTED_ERRORS = 10_000
# Dates as clerks write them: 2024-03-01, 2024/3/1, 2024.3.1, 2024年3月1日 (a time after them is ignored).
_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T].*)?$")
BATCH = 2000


@dataclass(frozen=True)
class Column:
    header: str  # the Chinese header clerks see in the template
    key: str
    required: bool = False
    help: str = ""


@dataclass(frozen=True)
class RowError:
    row: int  # spreadsheet row number (the header is row 1)
    column: str
    message: str


class RowInvalid(Exception):
    """Raised by `Importer.parse` with (column header, message) pairs."""

    def __init__(self, errors: list[tuple[str, str]]):
        super().__init__(errors)
        self.errors = errors


class FileInvalid(Exception):
    """The file as a whole cannot be read: wrong type, corrupt, empty, wrong headers."""


@dataclass
class ImportResult:
    job: ImportJob
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class Importer:
    """One register's import. Subclasses set `kind`, `label`, `permission`, `columns`, and implement `parse`,
    `natural_key`, `load_existing` and `write`."""

    kind = ""
    label = ""
    permission = ""
    columns: tuple[Column, ...] = ()
    seen: Any  # the natural keys of the whole file, set by the engine before `check_batch`
    do_not_call_in_templates = True  # pages show the class's label; templates must not instantiate it
    # Whether large files may be parsed in worker processes: only if `parse` never touches the database.
    parallel = False
    # Tables the import grows: on PostgreSQL their statistics are refreshed as they grow inside the import's one
    # transaction, or the planner, believing them empty, scans them whole for every look-up.
    analyze_tables: tuple[str, ...] = ()

    def __init__(self, user):
        self.user = user
        self.warnings: list[tuple[str, str]] = []
        self._prototypes: dict = {}

    def new(self, model, **values):
        """An unsaved instance for a hot path (a million rows): the attributes of a default instance, made once,
        copied, then `values` set through the model's descriptors — `Model.__init__` was a third of the parse.
        Only for models without mutable defaults (they would be shared)."""
        prototype = self._prototypes.get(model)
        if prototype is None:
            prototype = {name: value for name, value in model().__dict__.items() if name != "_state"}
            self._prototypes[model] = prototype
        record = model.__new__(model)
        record.__dict__.update(prototype)
        record._state = ModelState()
        for name, value in values.items():
            setattr(record, name, value)
        return record

    def parse(self, row: dict[str, str]):
        """Turn one row (header → text) into an unsaved record, or raise RowInvalid."""
        raise NotImplementedError

    def prepare_for_workers(self) -> None:
        """Called before worker processes start: load anything `parse` needs, since workers have no database."""

    def pack(self, record):
        """A parsed record as plain data for the trip back from a worker process: its attributes, no caches."""
        return type(record), {name: value for name, value in record.__dict__.items() if name != "_state"}

    def unpack(self, packed):
        """The record again, built without `Model.__init__` (it has run in the worker)."""
        model, attributes = packed
        record = model.__new__(model)
        record.__dict__.update(attributes)
        record._state = ModelState()
        return record

    def natural_key(self, record):
        raise NotImplementedError

    def load_existing(self, keys: list) -> dict:
        """The stored records for these natural keys (restricted or checked by the importer)."""
        raise NotImplementedError

    def compare(self, record, existing) -> bool:
        """Whether `record` changes `existing`; updates `existing` in place when it does."""
        raise NotImplementedError

    def write(self, new: list, changed: list) -> None:
        raise NotImplementedError

    def check_existing(self, record, existing) -> list[tuple[str, str]]:
        """Errors for a row whose key matches a stored record the user may not change (default: none)."""
        return []

    def observe(self, number: int, record) -> None:
        """Note what a rule across rows needs of a valid row (keep it small: files have millions of rows)."""

    def check_batch(self) -> list[tuple[int, str, str]]:
        """Rules across rows (e.g. one head per household), after every row was seen and, unless this is a dry
        run, written: (row number, column, message) per problem. `self.seen` maps natural keys to row numbers."""
        return []

    def warn(self, column: str, message: str) -> None:
        self.warnings.append((column, message))


importers: dict[str, type[Importer]] = {}


def register_importer(cls: type[Importer]) -> type[Importer]:
    importers[cls.kind] = cls
    return cls


# calamine reads a whole sheet into memory (about 1.5 GB for a million rows); above this size the workbook is
# streamed with openpyxl's read-only mode instead — flat in memory, slower per row, so in a process of its own.
CALAMINE_MAX_BYTES = 20 * 1024 * 1024


def read_table(path: Path, name: str) -> tuple[list[str], Iterator[list[str]]]:
    """Headers and an iterator of rows (as text) from an .xlsx or .csv file; large files are streamed."""
    suffix = Path(name).suffix.lower()
    if suffix == ".xlsx":
        return _read_workbook(path)
    if suffix == ".csv":
        encoding = _csv_encoding(path)
        handle = path.open(encoding=encoding, newline="")
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None:
            handle.close()
            raise FileInvalid(_("The file is empty."))
        return [h.strip() for h in header], ([v.strip() for v in row] for row in reader)
    raise FileInvalid(_("Only .xlsx and .csv files can be imported."))


def estimate_rows(path: Path, name: str) -> int:
    """The number of data rows, cheaply, for a progress bar: newlines of a CSV, the sheet dimension of a workbook."""
    try:
        if Path(name).suffix.lower() == ".csv":
            with path.open("rb") as handle:
                lines = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
            return max(lines - 1, 0)
        import openpyxl

        workbook = openpyxl.load_workbook(path, read_only=True)
        try:
            return max((workbook.worksheets[0].max_row or 1) - 1, 0)
        finally:
            workbook.close()
    except Exception:  # a corrupt file is reported by the run itself; the estimate only feeds a progress bar
        return 0


def _csv_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) or GB18030, whichever decodes the whole file; checked in chunks, not loaded."""
    for encoding in ("utf-8-sig", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as handle:
                while chunk := handle.read(1 << 20):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise FileInvalid(_("The CSV file is neither UTF-8 nor GB18030 text."))


def _read_workbook(path: Path):
    if path.stat().st_size > CALAMINE_MAX_BYTES:
        return _read_workbook_in_process(path)
    try:
        from python_calamine import CalamineWorkbook

        rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).iter_rows()
        header = next(rows, None)
    except Exception as error:  # the reader raises its own error types for corrupt files
        raise FileInvalid(_("The file cannot be read as an Excel workbook.")) from error
    if header is None:
        raise FileInvalid(_("The file is empty."))
    return _headers(header), ([cell_text(v) for v in row] for row in rows)


def _headers(header) -> list[str]:
    headers = [cell_text(h) for h in header]
    while headers and not headers[-1]:
        headers.pop()
    return headers


def _read_workbook_in_process(path: Path):
    import multiprocessing

    from shequ.core import workers

    context = multiprocessing.get_context("spawn")
    chunks = context.Queue(maxsize=8)
    reader = context.Process(target=workers.read_workbook, args=(str(path), chunks), daemon=True)
    reader.start()
    first = chunks.get()
    if first is None or (isinstance(first, tuple) and first[0] == "error") or not first:
        reader.join()
        if first is None or not first:
            raise FileInvalid(_("The file is empty."))
        raise FileInvalid(_("The file cannot be read as an Excel workbook."))

    def rows():
        yield from first[1:]
        while (chunk := chunks.get()) is not None:
            if isinstance(chunk, tuple):
                raise FileInvalid(_("The file cannot be read as an Excel workbook."))
            yield from chunk
        reader.join()

    return _headers(first[0]), rows()


class _Rollback(Exception):
    """Leaves the data transaction without keeping anything (a dry run, or a file with errors)."""


def run_import(
    importer: Importer,
    path: Path,
    name: str,
    *,
    dry_run: bool,
    progress: Callable[[int], None] | None = None,
    job: ImportJob | None = None,
) -> ImportResult:
    """Validate every row; keep the data only if every row is valid and this is no dry run.

    Rows are validated batch by batch, so memory stays flat whatever the file size, and everything is written in
    one transaction that commits only if the whole file was clean: a process killed half-way leaves nothing
    behind (the transaction never committed). Where the whole file is checked before that transaction begins
    (SQLite, `check_first`), the write lock is held only for the writing (ADR 0007). `job` is the queued job a
    background run fills in; its heartbeat is written while the import runs, so that the reaper can tell a dead
    run from a long one.
    """
    now = timezone.now()
    if job is None:
        job = ImportJob.objects.create(
            kind=importer.kind,
            user=importer.user,
            file_name=name[:200],
            dry_run=dry_run,
            expected_rows=estimate_rows(path, name),
            heartbeat=now,
        )
    else:
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING, started=now, heartbeat=now)
    result = ImportResult(job)
    try:
        headers, rows = read_table(path, name)
        _check_headers(importer, headers)
    except FileInvalid as error:
        result.errors.append(RowError(0, "", str(error)))
        return _finish(result, status=ImportJob.Status.FAILED)
    with Heartbeat(job.pk):
        if dry_run or check_first():
            return _check_then_write(importer, headers, rows, result, dry_run=dry_run, progress=progress)
        return _check_while_writing(importer, headers, rows, result, progress=progress)


def check_first() -> bool:
    """Whether a file is checked whole before its write transaction begins (SHEQU_IMPORT_CHECK_FIRST, off by
    default; ADR 0007). It shortens SQLite's write lock to the write phase, but the second pass halved the import's
    speed at a million rows (9.6 % of the raw ceiling against 18.6 %, bench/README.md), so it is a site's choice.
    PostgreSQL never needs it: its row locks let others write meanwhile."""
    from django.conf import settings

    return bool(getattr(settings, "SHEQU_IMPORT_CHECK_FIRST", False))


def _set_cache_size() -> None:
    if connection.vendor == "sqlite":
        # A million-row import touches far more index pages than SQLite's default 2 MB cache holds.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -262144")  # 256 MB, for this connection


def _stream_quietly(importer: Importer, headers, rows, result: ImportResult, **options) -> None:
    # Millions of long-lived keys make the cyclic collector rescan ever more objects; nothing here builds cycles
    # worth collecting, so it rests for the duration of the stream.
    gc.disable()
    try:
        _stream(importer, headers, rows, result, **options)
    except FileInvalid as error:  # a workbook that breaks off part-way
        result.errors.append(RowError(0, "", str(error)))
    finally:
        gc.enable()


def _check_while_writing(importer: Importer, headers, rows, result: ImportResult, *, progress) -> ImportResult:
    """One pass inside one transaction: each clean batch is written as it is checked (PostgreSQL)."""
    try:
        with write_transaction():
            _set_cache_size()
            _stream_quietly(importer, headers, rows, result, dry_run=False, progress=progress)
            if not result.errors:
                return _finish(result, status=ImportJob.Status.COMMITTED)
            raise _Rollback
    except _Rollback:
        pass
    return _finish(result, status=ImportJob.Status.FAILED)


def _check_then_write(
    importer: Importer, headers, rows, result: ImportResult, *, dry_run: bool, progress
) -> ImportResult:
    """Check the whole file outside any transaction (reads only: under WAL they take no lock), keeping what each
    clean batch would write in an unnamed temporary file; then, only if every row was clean, write it all in one
    short transaction. A dry run, or a file with errors, never takes the write lock."""
    with _Spool() as spool:
        _set_cache_size()
        _stream_quietly(
            importer, headers, rows, result, dry_run=True, progress=progress, sink=None if dry_run else spool
        )
        if result.errors:
            return _finish(result, status=ImportJob.Status.FAILED)
        if dry_run:
            return _finish(result, status=ImportJob.Status.VALIDATED)
        try:
            with write_transaction():
                for new, changed in spool.batches():
                    importer.write(new, changed)
                # Rules across rows again, now that the rows are written: the register may have changed since.
                for number, column, message in importer.check_batch():
                    _add_errors(result, number, [(column, message)])
                if not result.errors:
                    return _finish(result, status=ImportJob.Status.COMMITTED)
                raise _Rollback
        except _Rollback:
            pass
        except IntegrityError:  # a record of the file was stored by someone else between the check and the write
            result.errors.append(
                RowError(0, "", _("The register changed while the file was being checked; import it again."))
            )
    return _finish(result, status=ImportJob.Status.FAILED)


class _Spool:
    """What the clean batches of a checked file will write, pickled into an unnamed temporary file (owner-only, in
    the owner-only import folder; gone when closed or when the process dies). Model instances pickle with their
    cached relations, so `Importer.write` gets them as `_flush` made them."""

    def __enter__(self):
        from django.conf import settings

        folder = Path(settings.MEDIA_ROOT) / "imports"
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.file = tempfile.TemporaryFile(dir=folder)
        self.batches_written = 0
        return self

    def __exit__(self, *exc_info):
        self.file.close()

    def add(self, new: list, changed: list) -> None:
        if new or changed:
            pickle.dump((new, changed), self.file, protocol=pickle.HIGHEST_PROTOCOL)
            self.batches_written += 1

    def batches(self) -> Iterator[tuple[list, list]]:
        self.file.flush()
        self.file.seek(0)
        for _batch in range(self.batches_written):
            yield pickle.load(self.file)  # noqa: S301 (our own file, written by this process a moment ago)


def _stream(importer: Importer, headers, rows, result: ImportResult, *, dry_run: bool, progress, sink=None) -> None:
    job = result.job
    seen: dict = {}  # natural key → row number, for duplicates inside the file
    batch: list = []
    total = flushes = 0
    numbered = ((number, values) for number, values in enumerate(rows, start=2) if any(values))
    parsed = _parse_in_workers if importer.parallel and job.expected_rows >= PARALLEL_MIN_ROWS else _parse_here
    for number, record, errors, warnings in parsed(importer, headers, numbered):
        total += 1
        if errors:
            _add_errors(result, number, errors)
        else:
            key = importer.natural_key(record)
            if key in seen:
                _add_errors(result, number, [("", _("Duplicate of row {row} in this file.").format(row=seen[key]))])
            else:
                seen[key] = number
                importer.observe(number, record)
                batch.append((number, record))
        if warnings:
            result.warnings.extend(RowError(number, column, message) for column, message in warnings)
        if len(batch) >= BATCH:
            _flush(importer, batch, result, write=not dry_run and not result.errors, sink=sink)
            batch = []
            flushes += 1
            if not dry_run and (flushes in ANALYZE_AFTER_FLUSHES or flushes % ANALYZE_AFTER_FLUSHES[-1] == 0):
                _analyze(importer)
        if progress and total % 1000 == 0:
            progress(total)
    _flush(importer, batch, result, write=not dry_run and not result.errors, sink=sink)
    if not dry_run:
        _analyze(importer)
    if progress:
        progress(total)
    job.total_rows = total
    if total == 0 and not result.errors:
        result.errors.append(RowError(0, "", _("The file has no data rows.")))
    importer.seen = seen
    for number, column, message in importer.check_batch():
        _add_errors(result, number, [(column, message)])


ANALYZE_AFTER_FLUSHES = (1, 5, 25)  # then every 25 batches (50,000 rows)


def _analyze(importer: Importer) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in importer.analyze_tables:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


def _parse_row(importer: Importer, headers: list[str], number: int, values: list[str]):
    """(row number, record or None, errors, warnings) for one row."""
    row = dict(zip(headers, values + [""] * (len(headers) - len(values)), strict=False))
    importer.warnings = []
    try:
        return number, importer.parse(row), [], importer.warnings
    except RowInvalid as invalid:
        return number, None, invalid.errors, importer.warnings
    except ValidationError as error:
        return number, None, [("", message) for message in error.messages], importer.warnings


def _parse_here(importer: Importer, headers, numbered):
    for number, values in numbered:
        yield _parse_row(importer, headers, number, values)


# Parsing — validation, encryption, blind indexes, pinyin — is most of an import's time and needs nothing from
# the database, so large files are parsed by worker processes (one per core) while this process checks the
# register and writes. Chunks go out in order with a bounded number in flight, so memory stays flat.
PARALLEL_MIN_ROWS = 20_000
CHUNK_ROWS = 1000
_worker: dict = {}


def configure_worker(importer: Importer, headers: list[str], language: str, key_file: str) -> None:
    """In a worker process (after `django.setup()`, see core/workers.py): the parent's importer, language and keys."""
    from django.conf import settings

    from shequ.core import crypto

    settings.DATA_KEY_FILE = key_file  # the parent's key file, whatever this process's settings say
    crypto.keyring.cache_clear()
    translation.activate(language)
    _worker.update(importer=importer, headers=headers)


def parse_chunk(chunk: list) -> list:
    importer, headers = _worker["importer"], _worker["headers"]
    parsed = []
    for number, values in chunk:
        number, record, errors, warnings = _parse_row(importer, headers, number, values)
        parsed.append((number, None if record is None else importer.pack(record), errors, warnings))
    return parsed


def _parse_in_workers(importer: Importer, headers, numbered):
    import multiprocessing
    import pickle
    from collections import deque
    from itertools import islice

    from django.conf import settings

    importer.prepare_for_workers()
    from shequ.core import workers as entry

    workers = settings.SHEQU_IMPORT_WORKERS
    context = multiprocessing.get_context("spawn")  # not fork: the parent holds an open database transaction
    payload = pickle.dumps((importer, headers, translation.get_language(), str(settings.DATA_KEY_FILE)))
    with context.Pool(workers, initializer=entry.start, initargs=(payload,)) as pool:
        pending: deque = deque()
        while True:
            while len(pending) < workers * 3 and (chunk := list(islice(numbered, CHUNK_ROWS))):
                pending.append(pool.apply_async(entry.parse_chunk, (chunk,)))
            if not pending:
                return
            for number, packed, errors, warnings in pending.popleft().get():
                yield number, None if packed is None else importer.unpack(packed), errors, warnings


def _flush(importer: Importer, batch: list, result: ImportResult, *, write: bool, sink=None) -> None:
    """Classify one batch against the stored records (new / changed / unchanged) and write it if allowed, or keep
    it in `sink` for writing once the whole file is checked."""
    if not batch:
        return
    job = result.job
    existing = importer.load_existing([importer.natural_key(record) for _number, record in batch])
    new, changed = [], []
    for number, record in batch:
        stored = existing.get(importer.natural_key(record))
        if stored is None:
            new.append(record)
            continue
        problems = importer.check_existing(record, stored)
        if problems:
            _add_errors(result, number, problems)
        elif importer.compare(record, stored):
            changed.append(stored)
        else:
            job.unchanged_count += 1
    job.created_count += len(new)
    job.updated_count += len(changed)
    if write and not result.errors:
        importer.write(new, changed)
    elif sink is not None and not result.errors:
        sink.add(new, changed)


def _check_headers(importer: Importer, headers: list[str]) -> None:
    known = {column.header for column in importer.columns}
    missing = [c.header for c in importer.columns if c.required and c.header not in headers]
    unknown = [h for h in headers if h and h not in known]
    problems = []
    if missing:
        problems.append(_("Missing columns: {columns}.").format(columns="、".join(missing)))
    if unknown:
        problems.append(_("Unknown columns: {columns}.").format(columns="、".join(unknown)))
    if problems:
        raise FileInvalid(" ".join(problems) + " " + _("Download the template for the right headers."))


def _add_errors(result: ImportResult, number: int, errors) -> None:
    for column, message in errors:
        if len(result.errors) < MAX_REPORTED_ERRORS:
            result.errors.append(RowError(number, column, str(message)))
    result.job.error_count += len(errors)


def _finish(result: ImportResult, *, status) -> ImportResult:
    job = result.job
    result.errors.sort(key=lambda error: error.row)
    job.status = status
    job.error_count = max(job.error_count, len(result.errors))
    job.errors = [[e.row, e.column, e.message] for e in result.errors[:1000]]
    job.warnings = [[w.row, w.column, w.message] for w in result.warnings[:1000]]
    job.finished = timezone.now()
    if job.stored_path:  # an upload (not a file named on the command line): it does not outlive its job (issue #12)
        job.stored_path = release_upload(Path(job.stored_path), job.pk, keep=bool(result.errors))
    job.save()
    return result


# The upload of a finished job is deleted; one with bad rows is kept sealed (SM4-GCM under the data key, bound to
# its job) for SHEQU_IMPORT_REPORT_HOURS, only so that its owner can download the annotated report (issue #12).
SEALED_SUFFIX = ".sealed"
_SEALED_MAGIC = b"shequ-sealed-upload:1\n"


def release_upload(path: Path, job_id: int, *, keep: bool) -> str:
    """Delete the plaintext upload at `path`; if `keep`, first seal it. Returns the path to store on the job."""
    if not path.exists():
        return ""
    if not keep:
        path.unlink()
        return ""
    from shequ.core.crypto import keyring

    ring = keyring()
    nonce = os.urandom(12)
    encryptor = Cipher(ring.algorithms[ring.active], modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(f"import-upload:{job_id}".encode())
    sealed = path.with_name(path.name + SEALED_SUFFIX)
    with (
        path.open("rb") as source,
        os.fdopen(os.open(sealed, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as out,
    ):
        out.write(_SEALED_MAGIC + ring.active.encode() + b"\n" + nonce)
        for block in iter(lambda: source.read(1 << 20), b""):
            out.write(encryptor.update(block))
        out.write(encryptor.finalize() + encryptor.tag)
    path.unlink()
    return str(sealed)


def unseal_upload(sealed: Path, job_id: int, target: Path) -> None:
    """Decrypt a sealed upload into `target` (created owner-only); raises DecryptionError if it does not verify."""
    from shequ.core.crypto import DecryptionError, keyring

    data = sealed.read_bytes()
    if not data.startswith(_SEALED_MAGIC):
        raise DecryptionError("Not a sealed upload.")
    kid, _newline, rest = data[len(_SEALED_MAGIC) :].partition(b"\n")
    ring = keyring()
    if kid.decode() not in ring.algorithms:
        raise DecryptionError(f"Unknown key id {kid.decode()!r}.")
    nonce, body, tag = rest[:12], rest[12:-16], rest[-16:]
    decryptor = Cipher(ring.algorithms[kid.decode()], modes.GCM(nonce, tag)).decryptor()
    decryptor.authenticate_additional_data(f"import-upload:{job_id}".encode())
    with os.fdopen(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as out:
        out.write(decryptor.update(body))
        try:
            decryptor.finalize()
        except Exception as error:  # cryptography's InvalidTag
            out.close()
            target.unlink()
            raise DecryptionError("The sealed upload does not authenticate.") from error


def write_template(importer_class: type[Importer], stream) -> None:
    """An empty workbook with the importer's Chinese headers; required ones bold, each with its help as a comment."""
    workbook = xlsxwriter.Workbook(stream, {"in_memory": True})
    sheet = workbook.add_worksheet(str(importer_class.label)[:31])
    required = workbook.add_format({"bold": True, "bg_color": "#FFF2CC"})
    for index, column in enumerate(importer_class.columns):
        sheet.write(0, index, column.header, required if column.required else None)
        sheet.set_column(index, index, max(12, len(column.header) * 2 + 2))
        note = (_("Required.") + " " if column.required else "") + str(column.help)
        if note.strip():
            sheet.write_comment(0, index, note.strip())
    sheet.freeze_panes(1, 0)
    workbook.close()


def write_report(path: Path, name: str, errors: list[RowError], stream) -> None:
    """The uploaded rows with an added error column, bad rows highlighted: the annotated workbook."""
    by_row: dict[int, list[str]] = {}
    for error in errors:
        text = f"{error.column}：{error.message}" if error.column else error.message
        by_row.setdefault(error.row, []).append(text)
    workbook = xlsxwriter.Workbook(stream, {"constant_memory": True, "in_memory": False})
    sheet = workbook.add_worksheet()
    bad = workbook.add_format({"bg_color": "#F8D7DA"})
    try:
        headers, rows = read_table(path, name)
    except FileInvalid:
        headers, rows = [], iter(())
    sheet.write_row(0, 0, [*headers, _("Errors")])
    sheet.write(0, len(headers) + 1, by_row.get(0, [""])[0] if 0 in by_row else "")
    for number, values in enumerate(rows, start=2):
        messages = by_row.get(number)
        sheet.write_row(number - 1, 0, [*values, "；".join(messages) if messages else ""], bad if messages else None)
    workbook.close()


@lru_cache(maxsize=256)
def _choice_lookup(choices, language) -> dict[str, str]:
    """Value and translated label → value, per choices class and language (built once, not per cell)."""
    lookup = {}
    for key, label in choices.choices:
        lookup[key] = key
        lookup[str(label)] = key
    return lookup


_COMMUNITY_MESSAGES = (
    gettext_lazy("Community {code} is outside your jurisdiction."),
    gettext_lazy("Community {code} does not exist."),
)
_DIVISION_MESSAGES = (
    gettext_lazy("Division {code} is outside your jurisdiction."),
    gettext_lazy("Division {code} does not exist."),
)


class RegisterImporter(Importer):
    """An importer for a community register: resolves community codes within the user's scope, parses cells."""

    def __init__(self, user):
        super().__init__(user)
        from shequ.regions.models import Division

        prefixes = [] if user.is_superuser else user.scope_prefixes(self.permission)
        communities = Division.objects.unscoped("resolving community codes").communities()
        if not user.is_superuser:
            communities = communities.filter(scope_q(prefixes, "code"))
        self.communities = {d.code: d for d in communities}
        self.language = translation.get_language()  # read once: choice() runs per cell
        self.community_codes: set[str] | None = None  # every loaded community's code, for worker processes
        self.errors: list[tuple[str, str]] = []

    def prepare_for_workers(self) -> None:
        """Load what `parse` would otherwise ask the database: which codes are communities at all."""
        from shequ.regions.models import Division

        self.community_codes = set(
            Division.objects.unscoped("resolving community codes").communities().values_list("code", flat=True)
        )

    def unpack(self, packed):
        record = super().unpack(packed)
        community_id = getattr(record, "community_id", None)
        if community_id is not None:
            if not hasattr(self, "_communities_by_pk"):
                self._communities_by_pk = {d.pk: d for d in self.communities.values()}
            record._state.fields_cache["community"] = self._communities_by_pk[community_id]
        return record

    # ---- cell parsers: each records an error for its column and returns None on bad input -------------------

    def fail(self, column: str, message: str):
        self.errors.append((column, message))

    def raise_errors(self):
        if self.errors:
            errors, self.errors = self.errors, []
            raise RowInvalid(errors)

    def text(self, row, column: str, *, required=False, max_length=200) -> str:
        value = row.get(column, "").strip()
        if required and not value:
            self.fail(column, _("This column is required."))
        elif len(value) > max_length:
            self.fail(column, _("At most {n} characters.").format(n=max_length))
        elif has_control_characters(value):
            self.fail(column, _("Contains control characters; remove them and try again."))
        return value

    def community(self, row, column: str):
        """A community within the user's scope, by its code."""
        return self._by_code(row, column, self.communities, self._community_exists, _COMMUNITY_MESSAGES)

    def division(self, row, column: str):
        """A division at any level (city, district, street, community) within the user's scope, by its code."""
        return self._by_code(row, column, self.divisions, self._division_exists, _DIVISION_MESSAGES)

    @cached_property
    def divisions(self) -> dict:
        from shequ.regions.models import Division

        divisions = Division.objects.unscoped("resolving division codes")
        if not self.user.is_superuser:
            divisions = divisions.filter(scope_q(self.user.scope_prefixes(self.permission), "code"))
        return {d.code: d for d in divisions}

    def _community_exists(self, code: str) -> bool:
        from shequ.regions.models import Division

        if self.community_codes is not None:
            return code in self.community_codes
        return Division.objects.unscoped("message").communities().filter(code=code).exists()

    @staticmethod
    def _division_exists(code: str) -> bool:
        from shequ.regions.models import Division

        return Division.objects.unscoped("message").filter(code=code).exists()

    def _by_code(self, row, column: str, known: dict, exists, messages):
        """The record `known` holds for the row's code; else an error saying whether the code is outside the
        user's jurisdiction or does not exist at all (asked only on failure: imports have a million rows)."""
        code = row.get(column, "").strip()
        if not code:
            self.fail(column, _("This column is required."))
            return None
        record = known.get(code)
        if record is None:
            outside, unknown = messages
            self.fail(column, str(outside if exists(code) else unknown).format(code=code))
        return record

    def choice(self, row, column: str, choices, *, default=None):
        value = row.get(column, "").strip()
        if not value:
            if default is None:
                self.fail(column, _("This column is required."))
            return default
        lookup = _choice_lookup(choices, self.language)
        if value in lookup:
            return lookup[value]
        allowed = "、".join(str(label) for _key, label in choices.choices)
        self.fail(column, _("{value} is not one of: {allowed}.").format(value=value, allowed=allowed))
        return default

    def date(self, row, column: str, *, required=False, validators=()):
        """A YYYY-MM-DD cell; `validators` bound it as the model field does (pass the field's `validators`:
        `shequ.core.dates`, issue #12), and the first refusal is the cell's error."""
        value = row.get(column, "").strip()
        if not value:
            if required:
                self.fail(column, _("This column is required."))
            return None
        match = _DATE.match(value)
        try:
            day = date(int(match[1]), int(match[2]), int(match[3]))  # type: ignore[index]  # None: TypeError, caught
        except (TypeError, ValueError):  # no match, or no such day
            self.fail(column, _("{value} is not a date (YYYY-MM-DD).").format(value=value))
            return None
        for validator in validators:
            try:
                validator(day)
            except ValidationError as error:
                self.fail(column, error.messages[0])
                return None
        return day

    def number(self, row, column: str, *, minimum=0, maximum=10**6, integer=True):
        value = row.get(column, "").strip()
        if not value:
            return None
        try:
            number = int(value) if integer else float(value)
        except ValueError:
            self.fail(column, _("{value} is not a number.").format(value=value))
            return None
        if not minimum <= number <= maximum:
            self.fail(
                column,
                _("{value} is outside {minimum}–{maximum}.").format(value=value, minimum=minimum, maximum=maximum),
            )
            return None
        return number


YES = {"是", "Y", "y", "yes", "1", "true", "封闭"}
NO = {"否", "N", "n", "no", "0", "false", "开放", ""}


class KeyedImporter(RegisterImporter):
    """A register keyed by what a clerk writes (natural keys are tuples starting with the community code): new
    rows are created, and the `compared` fields of stored ones updated. `records_in(codes)` gives the stored ones."""

    compared: tuple[str, ...] = ()

    def records_in(self, codes):
        raise NotImplementedError

    def load_existing(self, keys):
        codes = {key[0] for key in keys}
        return {self.natural_key(record): record for record in self.records_in(codes)}

    def compare(self, record, existing):
        changed = [name for name in self.compared if getattr(record, name) != getattr(existing, name)]
        for name in changed:
            setattr(existing, name, getattr(record, name))
        return bool(changed)

    def write(self, new, changed):
        model = type(new[0] if new else changed[0]) if (new or changed) else None
        if model is None:
            return
        model.objects.bulk_create(new, batch_size=2000)
        model.objects.bulk_update(changed, list(self.compared), batch_size=1000)

    def boolean(self, row, column):
        value = row.get(column, "").strip()
        if value in YES:
            return True
        if value not in NO:
            self.fail(column, _("Write 是 or 否."))
        return False
