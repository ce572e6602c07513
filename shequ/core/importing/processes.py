"""Entry points of the import's own processes: the parsers (`parallel`) and the large-workbook reader (`readers`).

This module imports nothing from Django at import time: a spawned process loads it before Django is set up, and
only then may the importer (which holds model instances) be unpickled.
"""

import os
import pickle
import queue as queues
from datetime import date, datetime

_state: dict = {}
READ_CHUNK = 1000


def start(payload: bytes) -> None:
    """Set Django up and load the importer. A failure is kept and raised by the first chunk: a pool whose
    initializer raises would otherwise restart its workers for ever."""
    try:
        import django

        django.setup()
        _configure(*pickle.loads(payload))
    except Exception as error:  # re-raised in the parent through parse_chunk
        _state["error"] = error


def parse_chunk(chunk: list) -> list:
    if "error" in _state:
        raise _state["error"]
    from shequ.core.importing.base import parse_row

    importer, headers = _state["importer"], _state["headers"]
    parsed = []
    for number, values in chunk:
        number, record, errors, warnings, note = parse_row(importer, headers, number, values)
        parsed.append((number, None if record is None else importer.pack(record), errors, warnings, note))
    return parsed


def _configure(importer, headers: list[str], language: str, key_file: str) -> None:
    """After `django.setup()`: the parent's importer, language and keys."""
    from django.conf import settings
    from django.utils import translation

    from shequ.core import crypto

    settings.DATA_KEY_FILE = key_file  # the parent's key file, whatever this process's settings say
    crypto.keyring.cache_clear()
    translation.activate(language)
    _state.update(importer=importer, headers=headers)


class ExcelNumber(str):
    """A cell Excel kept as a number too long for it: more than 15 digits, of which Excel keeps 15 significant ones
    (an ID number typed into an ordinary cell becomes 3.50203E+17). The digits are not the ones the clerk typed, so
    a code column refuses it whatever its check digit says (issue #19). A `str`, so every other column reads it as
    before; `strip()` and the like return a plain `str`, so a parser tests the cell as it came."""

    __slots__ = ()


# Excel keeps 15 significant digits: a number of 10**15 or more has lost digits.
EXCEL_DIGITS_LIMIT = 10**15


def cell_text(value) -> str:
    """A spreadsheet cell as the text a clerk sees: dates as ISO dates, whole numbers without ".0"; a number too
    long for Excel as an `ExcelNumber`."""
    if value is None:
        return ""
    if isinstance(value, float | int) and not isinstance(value, bool) and abs(value) >= EXCEL_DIGITS_LIMIT:
        return ExcelNumber(str(value) if value in (float("inf"), float("-inf")) else str(int(value)))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_workbook(path: str, out, sheet: int = 0) -> None:
    """Stream a large workbook's sheet (by index) into `out` as chunks of text rows, then None; ("error", text) if
    it cannot be read. Run in its own process, so that reading the XML does not hold up the writer. Stops if
    the importing process is gone."""
    parent = os.getppid()

    def put(item) -> bool:
        while True:
            try:
                out.put(item, timeout=5)
                return True
            except queues.Full:
                if os.getppid() != parent:
                    return False

    try:
        import openpyxl

        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        chunk = []
        for row in workbook.worksheets[sheet].iter_rows(values_only=True):
            chunk.append([cell_text(value) for value in row])
            if len(chunk) >= READ_CHUNK:
                if not put(chunk):
                    return
                chunk = []
        if chunk and not put(chunk):
            return
        put(None)
    except Exception as error:  # reported as a file that cannot be read
        put(("error", str(error)))
