"""Declarative tables: a register declares its columns once; list pages and exports both use them."""

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _

from shequ.core.models import AccessLog, ObjectChange

__all__ = ["AccessLogTable", "ObjectChangeTable", "Table"]


class Table:
    """Columns of a register's list page and export. Subclasses set `model` and `fields`; the first links."""

    model: Any = None  # the register's model class
    fields: tuple[str, ...] = ()
    # Columns computed by a method `render_<name>(obj)`; their labels go here.
    extra_labels: dict[str, str] = {}
    # Relations a `render_<name>` method reads, fetched in one query per page.
    prefetch_related: tuple[str, ...] = ()

    def __init__(self, rows=()):
        self.rows = rows

    def label(self, name: str) -> str:
        if name in self.extra_labels:
            return str(self.extra_labels[name])
        try:
            return str(self.model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            return name

    @property
    def columns(self) -> list[tuple[str, str]]:
        return [(name, self.label(name)) for name in self.fields]

    def value(self, obj, name: str):
        renderer = getattr(self, f"render_{name}", None)
        if renderer is not None:
            return renderer(obj)
        display = getattr(obj, f"get_{name}_display", None)
        if display is not None:
            return display()
        value = getattr(obj, name)
        if hasattr(value, "all") and hasattr(value, "through"):  # a many-to-many manager
            return "、".join(str(item) for item in value.all())
        if isinstance(value, bool):  # 是 / 否, as clerks write them (and as the import reads them back)
            return _("Yes") if value else _("No")
        return "" if value is None else value

    def cells(self, obj) -> list:
        return [self.value(obj, name) for name in self.fields]

    @property
    def select_related(self) -> list[str]:
        """Foreign keys shown as columns, fetched with the rows instead of one query each."""
        related = []
        for name in self.fields:
            try:
                field = self.model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if field.many_to_one:
                related.append(name)
        return related


class ObjectChangeTable(Table):
    model = ObjectChange

    fields = ("time", "user_name", "action", "object_type", "object_repr", "division_code", "request_id")


class AccessLogTable(Table):
    model = AccessLog

    fields = ("time", "event", "username", "success", "ip_address", "object_type", "object_id")
