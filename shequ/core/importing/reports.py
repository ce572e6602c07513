"""The workbooks an import hands back: the empty template with Chinese headers, and the annotated report."""

from pathlib import Path

import xlsxwriter
from django.utils.translation import gettext as _

from shequ.core.importing.base import FileInvalid, Importer, RowError
from shequ.core.importing.readers import Table, read_table

__all__ = ["format_note", "write_report", "write_template"]

# Column keys whose cells are phone numbers, read by `core.personal.normalise_phone` (issue #19).
PHONE_KEYS = ("phone", "mobile", "contact_phone", "telephone")
# Choice words listed in a template note, at most: the rest are read all the same.
NOTE_WORDS = 12


def format_note(importer_class: type[Importer], column) -> str:
    """How a column's cells may be written, for its note in the template (issue #19, item 6): the forms of dates and
    phones the import reads, a choice's values and the words offices use for them, yes / no, a division by code or
    name. Derived from the register's model field of the column's key; empty where there is nothing to say."""
    from django.db import models

    from shequ.core.importing.cells import NO, YES
    from shequ.core.registry import register_of_importer

    declaration = register_of_importer(importer_class)
    model = getattr(declaration, "model", None)
    try:
        field = model._meta.get_field(column.key) if model is not None else None
    except Exception:  # a column that is no field of the model (a protected value, a derived key)
        field = None
    if column.key in PHONE_KEYS or column.key.endswith("_phone"):
        return _(
            "Phones as written: 13912345678, 139-1234-5678, +86 139 1234 5678, 0592-2345678, or a local number "
            "(the city's area code is added); of several numbers the first is kept."
        )
    if field is None:
        return ""
    if isinstance(field, models.DateTimeField):
        return _("Date and time: 2024-03-01 08:30.")
    if isinstance(field, models.DateField):
        return _("Dates: 2024-03-01, 2024/3/1, 2024.3.1, 2024年3月1日, 20240301, or an Excel date.")
    if field.choices:
        labels = "、".join(str(label) for _value, label in field.flatchoices)
        note = _("One of: {labels}.").format(labels=labels)
        words = list((getattr(declaration, "value_synonyms", None) or {}).get(field.name, {}))
        if words:
            more = "…" if len(words) > NOTE_WORDS else ""
            note += " " + _("Also read: {words}.").format(words="、".join(words[:NOTE_WORDS]) + more)
        if any(str(label).endswith("族") and len(str(label)) > 2 for _value, label in field.flatchoices):
            note += " " + _("A name may be written without 族 (汉 for 汉族).")
        return note
    if isinstance(field, models.BooleanField):
        return _("Yes or no: {yes} / {no}.").format(
            yes="、".join(word for word in ("是", "Y", "1") if word in YES),
            no="、".join(word for word in ("否", "N", "0") if word in NO),
        )
    if field.is_relation and field.related_model._meta.label_lower == "regions.division":
        return _("A 12-digit code, or the name of a division within your jurisdiction.")
    return ""


def write_template(importer_class: type[Importer], stream, examples=()) -> None:
    """An empty workbook with the importer's Chinese headers; required ones bold, each with its help as a comment.
    `examples` (header → cell) go on a second sheet, which imports never read: a clerk cannot import them by
    mistake."""
    from shequ.core.importing.engine import header_map

    alternatives = header_map(importer_class).alternatives
    workbook = xlsxwriter.Workbook(stream, {"in_memory": True})
    sheet = workbook.add_worksheet(str(importer_class.label)[:31])
    required = workbook.add_format({"bold": True, "bg_color": "#FFF2CC"})
    text = workbook.add_format({"num_format": "@"})  # text cells: a long code is never turned into a number
    for index, column in enumerate(importer_class.columns):
        sheet.write(0, index, column.header, required if column.required else None)
        sheet.set_column(index, index, max(12, len(column.header) * 2 + 2), text)
        note = (_("Required.") + " " if column.required else "") + str(column.help)
        if formats := format_note(importer_class, column):  # how cells may be written (issue #19)
            note += " " + formats
        if alternatives.get(column.header):  # the headers a ledger may have instead (issue #19)
            note += " " + _("Also read under: {names}.").format(names="、".join(alternatives[column.header]))
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


def write_report(
    path: Path, name: str, errors: list[RowError], stream, importer_class=None, sheet: str = "", total: int = 0
) -> None:
    """The uploaded sheet as the clerk keeps it (title rows, header and data rows at their own row numbers) with an
    added error column, bad rows highlighted: the annotated workbook. The sheet and header are found as the import
    found them (`importer_class`'s columns). Every error given is marked; if the run found more (`total`) than it
    kept, the header's error cell says where the marking stopped and why (issue #19)."""
    from shequ.core.importing.engine import header_map

    by_row: dict[int, list[str]] = {}
    for error in errors:
        text = f"{error.column}：{error.message}" if error.column else error.message
        by_row.setdefault(error.row, []).append(text)
    workbook = xlsxwriter.Workbook(stream, {"constant_memory": True, "in_memory": False})
    sheet_out = workbook.add_worksheet()
    bad = workbook.add_format({"bg_color": "#F8D7DA"})
    try:
        score = header_map(importer_class).score if importer_class is not None else None
        table = read_table(path, name, score=score, sheet=sheet)
    except FileInvalid:
        table = Table([], 1, iter(()))
    for index, values in enumerate(table.preamble):
        sheet_out.write_row(index, 0, values)
    width = max(len(table.headers), 1)
    header_index = table.header_row - 1
    sheet_out.write_row(header_index, 0, [*table.headers, *[""] * (width - len(table.headers)), _("Errors")])
    notes = list(by_row.get(0, []))  # the file's own problems, beside the header
    marked = sum(1 for error in errors if error.row)
    if total > len(errors):
        last = max((error.row for error in errors), default=0)
        notes.append(
            _(
                "Only the first {marked} of {total} errors are marked (up to row {row}): correct these and check the "
                "file again to see the rest."
            ).format(marked=marked, total=total, row=last)
        )
    if notes:
        sheet_out.write(header_index, width + 1, "；".join(notes))
    for number, values in table.rows:
        messages = by_row.get(number)
        cells = [*values[:width], *[""] * (width - len(values[:width]))]
        extra = values[width:]
        sheet_out.write_row(
            number - 1, 0, [*cells, "；".join(messages) if messages else "", *extra], bad if messages else None
        )
    workbook.close()
