"""A register's records in its import layout (issue #19 item 6, ADR 0019): the template's columns and headers, each
cell written as the importer reads it, so that the file imports back into the same register unchanged.

A cell is the importer's `export_cell(column, record)`; by default (`cell`) the column's model field is written by
its type: a division by its code, another record as that register's import cells name it (`Register.name_of`),
choices by their label in the site's language, yes/no as 是 / 否, dates in ISO form, many-to-many references
separated by 、. A protected value (DESIGN.md §5) is personal data: `protected_columns` says which columns hold one
and which permission unmasks it; the view writes them only for a user who holds it over every exported record.
"""

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone, translation

from shequ.core.registry import declaration_for

__all__ = ["cell", "layout_rows", "protected_columns", "unmask_permission"]


def _is_division(field) -> bool:
    return field.is_relation and field.related_model._meta.label_lower == "regions.division"


def unmask_permission(model) -> str:
    """The permission that unmasks `model`'s protected values: its register's `unmask_permission`, else
    `<app>.unmask_<model>` (held by nobody but a superuser where the app declares no such permission)."""

    declaration = declaration_for(model)
    declared = getattr(declaration, "unmask_permission", "") if declaration is not None else ""
    return declared or f"{model._meta.app_label}.unmask_{model._meta.model_name}"


def _field(model, name: str):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _is_protected(model, name: str) -> bool:
    return _field(model, f"{name}_encrypted") is not None


def protected_columns(importer_class, model) -> dict[str, str]:
    """Header → the permission that unmasks it, for each import column that holds personal data: a protected value
    of the register's own (`<key>_encrypted`), or a reference to a record named by one (a resident by ID number:
    `Register.names_by_protected_value`)."""

    found = {}
    for column in importer_class.columns:
        key = getattr(importer_class, "protected_keys", {}).get(column.header, column.key)
        if _is_protected(model, key):
            found[column.header] = unmask_permission(model)
            continue
        field = _field(model, key)
        if field is not None and field.is_relation:
            target = declaration_for(field.related_model)
            if target is not None and getattr(target, "names_by_protected_value", False):
                found[column.header] = unmask_permission(field.related_model)
    return found


def _name_of(record) -> str:

    declaration = declaration_for(type(record))
    return declaration.name_of(record) if declaration is not None else str(record)


def _local(value) -> str:
    value = timezone.localtime(value) if timezone.is_aware(value) else value
    return value.strftime("%Y-%m-%d %H:%M:%S" if value.second else "%Y-%m-%d %H:%M")


def cell(record, key: str, *, reveal: bool = True) -> str:
    """The text the importer reads back as `record`'s value of field `key` (see the module's docstring); a protected
    value in full only if `reveal`, else empty."""
    model = type(record)
    if _is_protected(model, key):
        return record.reveal(key) if reveal else ""
    field = _field(model, key)
    if field is None and key == "community":  # a record in a community through its parent (a dwelling, a member)
        return record.division_code
    if field is None:
        value = getattr(record, key, "")
        return "" if value is None else str(value)
    if field.many_to_many:
        return "、".join(_name_of(item) for item in getattr(record, key).all())
    if field.is_relation:
        target = getattr(record, key)
        if target is None:
            return ""
        if _is_division(field):
            return target.code
        if not reveal and getattr(_declaration(field.related_model), "names_by_protected_value", False):
            return ""
        return _name_of(target)
    value = getattr(record, field.attname)
    if value is None or value == "":
        return ""
    if field.choices:
        with translation.override(settings.LANGUAGE_CODE):
            return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return "是" if value else "否"
    if isinstance(field, models.DateTimeField):
        return _local(value)
    if isinstance(field, models.DateField):
        return value.isoformat()
    return str(value)


def _declaration(model):

    return declaration_for(model)


def layout_rows(importer, queryset, *, reveal: bool, chunk: int = 2000):
    """Each record of `queryset` as its row of cells in the import layout (`importer.columns`), streamed."""
    columns = importer.columns
    for record in queryset.iterator(chunk_size=chunk):
        yield [importer.export_cell(column, record, reveal=reveal) for column in columns]
