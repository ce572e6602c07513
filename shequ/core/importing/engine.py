"""The import engine every register uses (DESIGN.md §7, ADR 0002).

It reads the file (`readers`), checks the headers, validates every row (in worker processes for large files,
`parallel`), reports every bad row (row number, column, reason), and writes nothing unless the whole file is
clean — then writes all of it in one transaction. A dry run validates and counts without writing. Each run leaves an
`ImportJob` with its counts, and every record it creates or changes gets its change-log entry, under the job's
request id (issue #11).
"""

import gc
import pickle
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from django.db import IntegrityError, connection
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core.context import change_context
from shequ.core.importing.base import (
    BATCH,
    MAX_REPORTED_ERRORS,
    FileInvalid,
    Importer,
    ImportResult,
    RowError,
    parse_row,
)
from shequ.core.importing.changes import ImportChangeLog, fast_snapshot
from shequ.core.importing.headers import HeaderMap
from shequ.core.importing.parallel import PARALLEL_MIN_ROWS, parse_in_workers
from shequ.core.importing.readers import estimate_rows, read_table
from shequ.core.importing.uploads import release_upload
from shequ.core.jobs import Heartbeat, write_transaction
from shequ.core.models import ImportJob
from shequ.core.registry import register_of_importer

__all__ = ["check_first", "header_map", "run_import"]


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
    sheet: str = "",
    columns: list[str] | None = None,
) -> ImportResult:
    """Validate every row; keep the data only if every row is valid and this is no dry run.

    Rows are validated batch by batch, so memory stays flat whatever the file size, and everything is written in
    one transaction that commits only if the whole file was clean: a process killed half-way leaves nothing
    behind (the transaction never committed). Where the whole file is checked before that transaction begins
    (SQLite, `check_first`), the write lock is held only for the writing (ADR 0007). `job` is the queued job a
    background run fills in; its heartbeat is written while the import runs, so that the reaper can tell a dead
    run from a long one. `sheet` names the sheet to read; by default, the one whose header names the most columns.
    `columns` is the column each file column gives ("" for none), as the clerk set it in the web import's mapping
    step (issue #19); by default, the one its header names.
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
        mapping = header_map(importer)
        table = read_table(path, name, score=mapping.score, sheet=sheet)
        headers, ignored = mapping.apply(table.headers, columns)
    except FileInvalid as error:
        result.errors.append(RowError(0, "", str(error)))
        return _finish(result, status=ImportJob.Status.FAILED)
    if ignored:  # 序号, 备注, an office's own column: named, so that a misspelt header is noticed (issue #19)
        message = _("These columns were not imported: {columns}.").format(columns="、".join(ignored))
        result.warnings.append(RowError(table.header_row, "", message))
    rows = table.rows
    # Everything the import writes is change-logged under the job's request id (issue #11).
    with Heartbeat(job.pk), change_context(importer.user, source="import", request_id=job.request_id):
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
                for new, changed, before in spool.batches():
                    _write(importer, new, changed, before)
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

    def add(self, new: list, changed: list, before: list) -> None:
        if new or changed:
            pickle.dump((new, changed, before), self.file, protocol=pickle.HIGHEST_PROTOCOL)
            self.batches_written += 1

    def batches(self) -> Iterator[tuple[list, list, list]]:
        self.file.flush()
        self.file.seek(0)
        for _batch in range(self.batches_written):
            yield pickle.load(self.file)  # noqa: S301 (our own file, written by this process a moment ago)


def _stream(importer: Importer, headers, rows, result: ImportResult, *, dry_run: bool, progress, sink=None) -> None:
    job = result.job
    seen: dict = {}  # natural key → row number, for duplicates inside the file
    batch: list = []
    total = flushes = 0
    numbered = rows  # (row number in the sheet, cells): blank rows and footers are left out by the reader
    parsed = parse_in_workers if importer.parallel and job.expected_rows >= PARALLEL_MIN_ROWS else _parse_here
    for number, record, errors, warnings, note in parsed(importer, headers, numbered):
        total += 1
        if errors:
            _add_errors(result, number, errors)
            importer.observe_failure(number, note)
        else:
            key = importer.natural_key(record)
            if key in seen:
                duplicate = _("Duplicate of row {row} in this file.").format(row=seen[key])
                _add_errors(result, number, [(importer.key_column, duplicate)])
            else:
                seen[key] = number
                importer.observe(number, record)
                batch.append((number, record))
        if warnings and len(result.warnings) < MAX_REPORTED_ERRORS:
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


def _parse_here(importer: Importer, headers, numbered):
    for number, values in numbered:
        yield parse_row(importer, headers, number, values)


def _flush(importer: Importer, batch: list, result: ImportResult, *, write: bool, sink=None) -> None:
    """Classify one batch against the stored records (new / changed / unchanged) and write it if allowed, or keep
    it in `sink` for writing once the whole file is checked."""
    if not batch:
        return
    job = result.job
    existing = importer.load_existing([importer.natural_key(record) for _number, record in batch])
    new, changed, before = [], [], []
    logged_here = not importer.logs_own_changes
    for number, record in batch:
        stored = existing.get(importer.natural_key(record))
        if stored is None:
            new.append(record)
            continue
        problems = importer.check_existing(record, stored)
        if problems:
            _add_errors(result, number, problems)
            continue
        snapshot = fast_snapshot(stored) if logged_here else None
        if importer.compare(record, stored):
            changed.append(stored)
            before.append(snapshot)
        else:
            job.unchanged_count += 1
    job.created_count += len(new)
    job.updated_count += len(changed)
    if write and not result.errors:
        _write(importer, new, changed, before)
    elif sink is not None and not result.errors:
        sink.add(new, changed, before)


def _write(importer: Importer, new: list, changed: list, before: list) -> None:
    """Write one batch and, for an importer that writes in bulk (no signals), its change-log entries."""
    importer.write(new, changed)
    if importer.logs_own_changes:
        return
    unkeyed = [record for record in new if record.pk is None]
    if unkeyed:  # written by a raw insert, which returns no keys: read them back by the natural key
        stored = importer.stored_keys([importer.natural_key(record) for record in unkeyed])
        for record in unkeyed:
            record.pk = stored[importer.natural_key(record)]
    ImportChangeLog().record(new, changed, before)


def header_map(importer: Importer | type[Importer]) -> HeaderMap:
    """The importer's columns by every name a file may give them: their own synonyms, the register's
    (`Register.synonyms`) and the common ones (issue #19)."""
    declaration = register_of_importer(importer if isinstance(importer, type) else type(importer))
    return HeaderMap(importer, declaration.synonyms if declaration is not None else None)


def _add_errors(result: ImportResult, number: int, errors) -> None:
    for column, message in errors:
        if len(result.errors) < MAX_REPORTED_ERRORS:
            result.errors.append(RowError(number, column, str(message)))
    result.job.error_count += len(errors)


def _finish(result: ImportResult, *, status) -> ImportResult:
    """Record the outcome. Every error and warning kept (up to MAX_REPORTED_ERRORS each) is stored, so that the
    page, the command line and the annotated workbook show the same ones; `error_count` says how many there were
    (issue #19). A failed run imported nothing, and says so: no "new" or "updated" rows."""
    job = result.job
    result.errors.sort(key=lambda error: error.row)
    result.warnings.sort(key=lambda warning: warning.row)
    job.status = status
    job.error_count = max(job.error_count, len(result.errors))
    if status == ImportJob.Status.FAILED:
        job.created_count = job.updated_count = job.unchanged_count = 0
    job.errors = [[e.row, e.column, e.message] for e in result.errors[:MAX_REPORTED_ERRORS]]
    job.warnings = [[w.row, w.column, w.message] for w in result.warnings[:MAX_REPORTED_ERRORS]]
    job.finished = timezone.now()
    if job.stored_path:  # an upload (not a file named on the command line): it does not outlive its job (issue #12)
        job.stored_path = release_upload(Path(job.stored_path), job.pk, keep=bool(result.errors))
    job.save()
    return result
