"""Reading an uploaded table as an office keeps it (issue #19): .xlsx, .xls and .ods (calamine; large .xlsx streamed
by openpyxl in a process of its own) and .csv (UTF-8 with or without BOM, or GB18030).

The header row is found under title and blank rows (the row, among the first `HEADER_SCAN_ROWS` of each sheet, that
names the most of the importer's columns), on the sheet that holds the data — or the sheet the clerk names. Rows
keep their number in the sheet, so that errors point at the row the clerk sees; blank and whitespace-only rows and
footers ("填表人：… 审核人：…") are left out.
"""

import codecs
import csv
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path

from django.utils.translation import gettext as _

from shequ.core.importing import processes
from shequ.core.importing.base import FileInvalid
from shequ.core.importing.processes import cell_text

__all__ = [
    "CALAMINE_MAX_BYTES",
    "HEADER_SCAN_ROWS",
    "SUFFIXES",
    "Preview",
    "Table",
    "estimate_rows",
    "is_footer",
    "preview_table",
    "read_table",
]

# calamine reads a whole sheet into memory (about 1.5 GB for a million rows); above this size an .xlsx workbook is
# streamed with openpyxl's read-only mode instead — flat in memory, slower per row, so in a process of its own.
CALAMINE_MAX_BYTES = 20 * 1024 * 1024
HEADER_SCAN_ROWS = 30
SUFFIXES = (".xlsx", ".xls", ".ods", ".csv")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")

# A footer's first cell: who filled the form in and who checked it, when, totals, notes.
_FOOTER = re.compile(
    r"^(填表人|填报人|制表人|审核人|审批人|负责人|单位负责人|经办人|统计人|联系人|填表日期|制表日期|填报日期|统计日期|"
    r"填报单位|制表单位|合计|总计|小计|注[:：]|说明[:：])"
)

Scorer = Callable[[list[str]], int]


@dataclass
class Table:
    headers: list[str]
    header_row: int  # the header's row number in the sheet (1 = the first)
    rows: Iterator[tuple[int, list[str]]]  # (row number, cells) of the data rows
    sheet: str = ""
    preamble: list[list[str]] = field(default_factory=list)  # the rows above the header (titles), as read


@dataclass
class Preview:
    """What the web import's mapping step shows of a file before any data row is read (issue #19, item 2)."""

    sheets: list[str]  # the workbook's sheets, in order ([] for a CSV)
    sheet: str  # the sheet read: the one named, else the one whose header names the most columns
    headers: list[str]
    header_row: int


def preview_table(path: Path, name: str, *, score: Scorer | None = None, sheet: str = "") -> Preview:
    """The sheets of an uploaded file and the header row `read_table` would read, from the first
    `HEADER_SCAN_ROWS` rows of each sheet only."""
    suffix = Path(name).suffix.lower()
    if suffix == ".csv":
        with path.open(encoding=_csv_encoding(path), newline="") as handle:
            head = [[v.strip() for v in row] for row in islice(csv.reader(handle), HEADER_SCAN_ROWS)]
        heads = [("", head)]
    elif suffix in WORKBOOK_SUFFIXES:
        if suffix in (".xlsx", ".xlsm") and path.stat().st_size > CALAMINE_MAX_BYTES:
            heads = _openpyxl_heads(path)
        else:
            sheets = _calamine_sheets(path)
            try:
                heads = [(title, list(islice(rows, HEADER_SCAN_ROWS))) for title, rows in sheets]
            except Exception as error:  # the reader raises its own error types for corrupt files
                raise FileInvalid(_("The file cannot be read as an Excel workbook.")) from error
    else:
        raise FileInvalid(_("Only .xlsx, .xls, .ods and .csv files can be imported."))
    if not heads:
        raise FileInvalid(_("The file is empty."))
    chosen = _best_sheet(heads, score, sheet) if suffix != ".csv" else 0
    title, head = heads[chosen]
    index = _header_index(head, score)
    if index is None:
        raise FileInvalid(_("The file is empty."))
    headers = list(head[index])
    while headers and not headers[-1]:
        headers.pop()
    return Preview([t for t, _head in heads] if suffix != ".csv" else [], title, headers, index + 1)


def is_footer(values: list[str]) -> bool:
    first = next((value for value in values if value), "")
    return bool(_FOOTER.match(first.replace(" ", "").replace("\u3000", "")))


def read_table(path: Path, name: str, *, score: Scorer | None = None, sheet: str = "") -> Table:
    """The table of an uploaded file: its header row (the best by `score`, else the first non-blank row), on the
    sheet that holds it (or `sheet`, by name), and its data rows, numbered as in the sheet."""
    suffix = Path(name).suffix.lower()
    if suffix == ".csv":
        encoding = _csv_encoding(path)
        handle = path.open(encoding=encoding, newline="")
        rows = ([v.strip() for v in row] for row in csv.reader(handle))
        return _table(rows, score, "", close=handle.close)
    if suffix in WORKBOOK_SUFFIXES:
        if suffix in (".xlsx", ".xlsm") and path.stat().st_size > CALAMINE_MAX_BYTES:
            return _read_workbook_in_process(path, score, sheet)
        return _read_workbook(path, score, sheet)
    raise FileInvalid(_("Only .xlsx, .xls, .ods and .csv files can be imported."))


def _table(rows: Iterator[list[str]], score: Scorer | None, sheet: str, close=None) -> Table:
    """Find the header among the first rows of one sheet; the rest are data."""
    head = list(islice(rows, HEADER_SCAN_ROWS))
    index = _header_index(head, score)
    if index is None:
        if close:
            close()
        raise FileInvalid(_("The file is empty."))

    def data() -> Iterator[tuple[int, list[str]]]:
        try:
            # Streamed, never collected: a file may have a million rows (ADR 0002).
            numbered = chain(enumerate(head[index + 1 :], start=index + 2), enumerate(rows, start=len(head) + 1))
            for number, values in numbered:
                if any(values) and not is_footer(values):
                    yield number, values
        finally:
            if close:
                close()

    headers = list(head[index])
    while headers and not headers[-1]:
        headers.pop()
    return Table(headers, index + 1, data(), sheet, head[:index])


def _header_index(head: list[list[str]], score: Scorer | None) -> int | None:
    """The row naming the most columns; without a scorer, or if none names any, the first non-blank row."""
    best, best_score = None, 0
    if score is not None:
        for index, values in enumerate(head):
            found = score(values)
            if found > best_score:
                best, best_score = index, found
    if best is None:
        best = next((index for index, values in enumerate(head) if any(values)), None)
    return best


def _best_sheet(heads: list[tuple[str, list[list[str]]]], score: Scorer | None, sheet: str) -> int:
    """The index of the sheet to read: the one named, else the one whose header names the most columns, else the
    first with anything in it."""
    names = [name for name, _head in heads]
    if sheet:
        if sheet not in names:
            raise FileInvalid(
                _("The workbook has no sheet {sheet}; its sheets are {sheets}.").format(
                    sheet=sheet, sheets="、".join(names)
                )
            )
        return names.index(sheet)
    best, best_score = None, 0
    for index, (_name, head) in enumerate(heads):
        found = max((score(values) for values in head), default=0) if score is not None else 0
        if found > best_score:
            best, best_score = index, found
    if best is None:
        best = next((index for index, (_name, head) in enumerate(heads) if any(any(v) for v in head)), 0)
    return best


def estimate_rows(path: Path, name: str) -> int:
    """The number of data rows, cheaply, for a progress bar: newlines of a CSV, the largest sheet of a workbook."""
    try:
        suffix = Path(name).suffix.lower()
        if suffix == ".csv":
            with path.open("rb") as handle:
                lines = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
            return max(lines - 1, 0)
        if suffix in (".xls", ".ods"):
            from python_calamine import CalamineWorkbook

            book = CalamineWorkbook.from_path(str(path))
            return max((book.get_sheet_by_name(n).total_height for n in book.sheet_names), default=1) - 1
        import openpyxl

        workbook = openpyxl.load_workbook(path, read_only=True)
        try:
            return max(max((sheet.max_row or 1) for sheet in workbook.worksheets) - 1, 0)
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


def _calamine_sheets(path: Path) -> list[tuple[str, Iterator[list[str]]]]:
    """Each sheet's name and its rows as text (calamine reads a sheet whole when it is opened)."""
    try:
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_path(str(path))
        sheets = [(name, book.get_sheet_by_name(name)) for name in book.sheet_names]
        # calamine's rows start at the sheet's first row, whatever its first used row.
        return [(name, ([cell_text(v) for v in row] for row in s.iter_rows())) for name, s in sheets]
    except Exception as error:  # the reader raises its own error types for corrupt files
        raise FileInvalid(_("The file cannot be read as an Excel workbook.")) from error


def _read_workbook(path: Path, score: Scorer | None, sheet: str) -> Table:
    readers = _calamine_sheets(path)
    try:
        heads = [(name, list(islice(rows, HEADER_SCAN_ROWS))) for name, rows in readers]
    except Exception as error:  # the reader raises its own error types for corrupt files
        raise FileInvalid(_("The file cannot be read as an Excel workbook.")) from error
    if not heads:
        raise FileInvalid(_("The file is empty."))
    chosen = _best_sheet(heads, score, sheet)
    name, head = heads[chosen]
    return _table(chain(head, readers[chosen][1]), score, name)


def _openpyxl_heads(path: Path) -> list[tuple[str, list[list[str]]]]:
    """The first rows of each sheet of a large .xlsx, read lazily (read-only mode)."""
    try:
        import openpyxl

        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            return [
                (
                    ws.title,
                    [[cell_text(v) for v in row] for row in ws.iter_rows(max_row=HEADER_SCAN_ROWS, values_only=True)],
                )
                for ws in workbook.worksheets
            ]
        finally:
            workbook.close()
    except Exception as error:
        raise FileInvalid(_("The file cannot be read as an Excel workbook.")) from error


def _read_workbook_in_process(path: Path, score: Scorer | None, sheet: str) -> Table:
    """A large .xlsx: the sheet is chosen from the first rows of each (read here, lazily), then streamed by a
    reader process."""
    import multiprocessing

    heads = _openpyxl_heads(path)
    if not heads:
        raise FileInvalid(_("The file is empty."))
    chosen = _best_sheet(heads, score, sheet)
    context = multiprocessing.get_context("spawn")
    chunks = context.Queue(maxsize=8)
    reader = context.Process(target=processes.read_workbook, args=(str(path), chunks, chosen), daemon=True)
    reader.start()
    first = chunks.get()
    if first is None or (isinstance(first, tuple) and first[0] == "error") or not first:
        reader.join()
        if first is None or not first:
            raise FileInvalid(_("The file is empty."))
        raise FileInvalid(_("The file cannot be read as an Excel workbook."))

    def rows():
        yield from first
        while (chunk := chunks.get()) is not None:
            if isinstance(chunk, tuple):
                raise FileInvalid(_("The file cannot be read as an Excel workbook."))
            yield from chunk
        reader.join()

    return _table(rows(), score, heads[chosen][0])
