"""Change-log entries for what an import writes in bulk (issue #11, DESIGN.md §6).

Importers that write through `bulk_create`, `bulk_update` or `core.bulk.fast_insert` fire no signals; the engine
hands each batch here after writing it, and every record created or changed gets its `ObjectChange` with before and
after, under the import job's request id and source `import` (the job page links to them). Snapshots are taken from
the instance's attributes with the field list prepared once per model — the same values `snapshot()` gives through
Django's serializer, at a fraction of the cost (a million-row import writes a million entries) — and the entries are
appended a batch at a time.
"""

import datetime as dt
import uuid
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder

from shequ.core.auditchain import stamp
from shequ.core.bulk import append
from shequ.core.choices import ChangeAction
from shequ.core.context import current_change_context
from shequ.core.models import ChangeLoggedModel, ObjectChange

__all__ = ["ImportChangeLog", "fast_snapshot"]

# Rows per INSERT: SQLite allows 32,766 bound values; an entry has 14 columns.
ROWS_PER_STATEMENT = 500
_encoder = DjangoJSONEncoder()


def _json_value(value):
    """A value as `snapshot()`'s JSON round trip leaves it."""
    if value is None or isinstance(value, bool | int | str | float):
        return value
    if isinstance(value, dt.datetime):
        if value.tzinfo:
            value = value.astimezone(dt.UTC)
        return _encoder.default(value)
    if isinstance(value, dt.date | dt.time | Decimal | uuid.UUID | dt.timedelta):
        return _encoder.default(value)
    if isinstance(value, list | tuple):
        return [_json_value(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _json_value(item) for key, item in value.items()}
    return str(value)


_FIELDS: dict = {}


def _fields(model) -> list[tuple[str, str]]:
    """(name, attribute) of each field a snapshot holds: concrete, not the timestamps, not `changelog_exclude`."""
    if model not in _FIELDS:
        excluded = {"created", "last_updated", *model.changelog_exclude}
        _FIELDS[model] = [
            (field.name, field.attname)
            for field in model._meta.concrete_fields
            if field.serialize and not field.primary_key and field.name not in excluded
        ]
    return _FIELDS[model]


def fast_snapshot(record) -> dict:
    """`record.snapshot()` without the serializer, for records without many-to-many fields."""
    return {name: _json_value(getattr(record, attname)) for name, attname in _fields(type(record))}


class ImportChangeLog:
    """Writes the change-log entries of one import's bulk writes, batch by batch."""

    def __init__(self):
        self.context = current_change_context()
        user = self.context.user if self.context is not None else None
        self.user = user if getattr(user, "is_authenticated", False) else None
        self.user_name = self.user.get_username() if self.user is not None else ""

    def record(self, new: list, changed: list, before: list) -> None:
        """Entries for `new` (created; primary keys set) and `changed` (`before`: their snapshots, in order)."""
        if self.context is None:
            return
        entries = [self._entry(record, ChangeAction.CREATE, None) for record in new if _logged(record)]
        entries += [
            self._entry(record, ChangeAction.UPDATE, snapshot)
            for record, snapshot in zip(changed, before, strict=True)
            if _logged(record)
        ]
        for start in range(0, len(entries), ROWS_PER_STATEMENT):
            append(ObjectChange, entries[start : start + ROWS_PER_STATEMENT])

    def _entry(self, record, action: str, before) -> ObjectChange:
        return stamp(
            ObjectChange(
                user=self.user,
                user_name=self.user_name,
                request_id=self.context.request_id,
                source=self.context.source,
                action=action,
                object_type_id=ContentType.objects.get_for_model(record).pk,
                object_id=str(record.pk),
                object_repr=str(record)[:200],
                division_code=getattr(record, "division_code", "") or "",
                prechange_data=before,
                postchange_data=fast_snapshot(record),
            )
        )


def _logged(record) -> bool:
    return isinstance(record, ChangeLoggedModel)
