"""The workbooks an import hands back: the empty template with Chinese headers, and the annotated report."""

from pathlib import Path

import xlsxwriter
from django.utils.translation import gettext as _

from shequ.core.importing.base import FileInvalid, Importer, RowError
from shequ.core.importing.readers import read_table

__all__ = ["write_report", "write_template"]


def write_template(importer_class: type[Importer], stream, examples=()) -> None:
    """An empty workbook with the importer's Chinese headers; required ones bold, each with its help as a comment.
    `examples` (header → cell) go on a second sheet, which imports never read: a clerk cannot import them by
    mistake."""
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
    if examples:
        sample = workbook.add_worksheet(_("Example"))
        headers = [column.header for column in importer_class.columns]
        sample.write_row(0, 0, headers, required)
        for number, row in enumerate(examples, start=1):
            sample.write_row(number, 0, [row.get(header, "") for header in headers])
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
