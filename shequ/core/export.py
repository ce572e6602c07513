"""Streaming export of a register's list (DESIGN.md §7): constant memory, Chinese headers, access-logged.

An export of more than `SHEQU_EXPORT_REASON_ROWS` rows needs a reason, kept in its access-log row (issue #12; AU-1,
PI-4): `needs_reason` tells, counting no further than one row past the threshold.
"""

import csv
import tempfile
from datetime import datetime
from urllib.parse import quote

import xlsxwriter
from django.conf import settings
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

from shequ.core.audit import log_access
from shequ.core.choices import AccessEvent

__all__ = ["EXPORT_FORMATS", "MIN_REASON_LENGTH", "export_response", "file_response", "log_export", "needs_reason"]

EXPORT_FORMATS = ("csv", "xlsx")
CHUNK = 2000
MIN_REASON_LENGTH = 2


def needs_reason(queryset) -> bool:
    """Whether exporting `queryset` needs a reason: more rows than `SHEQU_EXPORT_REASON_ROWS` (a bounded count)."""
    limit = settings.SHEQU_EXPORT_REASON_ROWS
    return queryset.order_by()[: limit + 1].count() > limit


class _Echo:
    def write(self, value):
        return value


def _text(value) -> str:
    if isinstance(value, datetime):
        value = timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return str(value)


def log_export(request, model, fmt: str, query: str, reason: str = "", **extra) -> None:
    """The export's access-log row (AU-1): the register, format, filters and, when one was asked, the reason;
    `extra` marks a kind of export (e.g. the import layout, issue #19)."""
    detail = {"reason": reason[:200]} if reason else {}
    log_access(
        AccessEvent.EXPORT,
        user=request.user,
        model=model._meta.label_lower,
        format=fmt,
        query=query[:500],
        **detail,
        **extra,
    )


def export_response(request, queryset, table, filename: str, fmt: str, reason: str = "", query: str | None = None):
    """Stream `queryset` through `table`'s columns as CSV (UTF-8 with BOM, so Excel reads Chinese) or xlsx.

    `reason` (required by the caller above the threshold, `needs_reason`) and `query` (the filters, by default the
    address's) are kept in the access-log row."""
    headers = [label for _name, label in table.columns]
    rows = (table.cells(obj) for obj in queryset.iterator(chunk_size=CHUNK))
    log_export(request, queryset.model, fmt, request.GET.urlencode() if query is None else query, reason)
    return file_response(headers, rows, filename, fmt)


def file_response(headers: list[str], rows, filename: str, fmt: str):
    """`rows` (iterables of cells) under `headers` as a streamed CSV (UTF-8 with BOM) or a spooled xlsx whose cells
    are all text (so that a code or an ID number is never turned into a number by Excel), named `filename` and the
    time."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "csv":
        writer = csv.writer(_Echo())

        def stream():
            yield "\ufeff" + writer.writerow(headers)
            for row in rows:
                yield writer.writerow([_text(v) for v in row])

        response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}-{stamp}.csv"
        return response
    spool = tempfile.TemporaryFile()
    workbook = xlsxwriter.Workbook(spool, {"constant_memory": True, "in_memory": False, "strings_to_numbers": False})
    sheet = workbook.add_worksheet()
    bold = workbook.add_format({"bold": True})
    sheet.write_row(0, 0, headers, bold)
    for index, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            sheet.write_string(index, column, _text(value))
    workbook.close()
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=f"{filename}-{stamp}.xlsx")
