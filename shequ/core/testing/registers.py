"""Example rows for every importable register, derived from the declarations (issue #11).

`ExampleImports(user, community).ensure(model)` imports two example rows of a register — first, recursively, those of
every register it refers to — and returns the two records. The generated import test runs it for every register;
nothing here is a hand list of registers.
"""

from django.core.exceptions import FieldDoesNotExist

from shequ.core.importing import run_import
from shequ.core.importing.declared import DeclaredImporter, example_cell, header_of
from shequ.core.registers import declaration_of

__all__ = ["ExampleImports", "write_rows"]


def write_rows(path, headers: list[str], rows: list[dict[str, str]]) -> None:
    import csv

    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        for row in rows:
            writer.writerow([row.get(header, "") for header in headers])


class ExampleImports:
    def __init__(self, user, community, folder):
        self.user, self.community, self.folder = user, community, folder
        self.records: dict = {}  # model → its two imported records

    def rows(self, declaration) -> list[dict[str, str]]:
        importer = declaration.importer_class()
        if not issubclass(importer, DeclaredImporter):
            for name in declaration.fields:  # the records its examples name exist first
                try:
                    field = declaration.model._meta.get_field(name)
                except FieldDoesNotExist:  # a form-only field (e.g. a protected value's plaintext)
                    continue
                if field.many_to_one and field.related_model._meta.label_lower != "regions.division":
                    if not field.null:
                        self.ensure(field.related_model)
            return [dict(row) for row in declaration.examples]
        rows = []
        for index in (0, 1):
            row = {}
            for field, column in zip(importer.fields, importer.columns, strict=True):
                if field.name in declaration.example:
                    value = declaration.example[field.name]
                    row[column.header] = value[index] if isinstance(value, tuple) else value
                elif field.is_relation and field.related_model._meta.label_lower != "regions.division":
                    if field.null and not field.many_to_many and field.name not in declaration.natural_key:
                        continue  # optional references stay empty
                    if declaration_of(field.related_model) is None:  # no register: the declaration makes it
                        row[column.header] = str(declaration.example_reference(field.name, self.community, index))
                        continue
                    target = self.ensure(field.related_model)[index]
                    row[column.header] = self.name_of(target)
                else:
                    row[column.header] = example_cell(field, index, self.community.code)
            rows.append(row)
        return rows

    @staticmethod
    def name_of(record) -> str:
        return declaration_of(type(record)).name_of(record)

    def run(self, declaration, rows, name="file.csv"):
        importer_class = declaration.importer_class()
        path = self.folder / f"{declaration.label()}-{len(self.records)}.csv"
        write_rows(path, [column.header for column in importer_class.columns], rows)
        return run_import(importer_class(self.user), path, name, dry_run=False)

    def ensure(self, model) -> list:
        if model not in self.records:
            declaration = declaration_of(model)
            result = self.run(declaration, self.rows(declaration))
            if not result.ok:
                raise AssertionError(f"{declaration.label()}: {[(e.row, e.column, e.message) for e in result.errors]}")
            self.records[model] = list(reversed(model._base_manager.order_by("-pk")[:2]))
        return self.records[model]


def headers_of(declaration) -> list[str]:
    return [column.header for column in declaration.importer_class().columns]


__all__ += ["header_of", "headers_of"]
