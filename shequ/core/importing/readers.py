"""Reading an uploaded table: .xlsx (calamine, or openpyxl streamed in a process of its own for large files) and
.csv (UTF-8 or GB18030), as headers and rows of text."""

import codecs
import csv
from collections.abc import Iterator
from pathlib import Path

from django.utils.translation import gettext as _

from shequ.core.importing import processes
from shequ.core.importing.base import FileInvalid
from shequ.core.importing.processes import cell_text

__all__ = ["CALAMINE_MAX_BYTES", "estimate_rows", "read_table"]

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

    context = multiprocessing.get_context("spawn")
    chunks = context.Queue(maxsize=8)
    reader = context.Process(target=processes.read_workbook, args=(str(path), chunks), daemon=True)
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
