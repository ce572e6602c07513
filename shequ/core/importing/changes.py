"""Change-log entries for what an import writes in bulk (issue #11, DESIGN.md §6).

Importers that write through `bulk_create`, `bulk_update` or `core.bulk.fast_insert` fire no signals; the engine
hands each batch here after writing it, and every record created or changed gets its `ObjectChange` with before and
after, under the import job's request id and source `import` (the job page links to them). Snapshots are taken from
the instance's attributes with the field list prepared once per model — the same values `snapshot()` gives through
Django's serializer, at a fraction of the cost (a million-row import writes a million entries) — and the entries are
inserted a batch at a time.
"""

import datetime as dt
import json
import uuid
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models
from django.utils import timezone

from shequ.core.choices import ChangeAction
from shequ.core.context import current_change_context
from shequ.core.crypto import blind_index
from shequ.core.models import ChangeLoggedModel, ObjectChange

__all__ = ["ImportChangeLog", "fast_snapshot"]

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


def _as_stored(field):
    """How a value reads back from the database, where an importer's value may differ in type (a decimal parsed
    as a float reads back with the field's decimal places)."""
    if isinstance(field, models.DecimalField):
        places = Decimal(1).scaleb(-field.decimal_places)
        return lambda value: None if value is None else str(Decimal(str(value)).quantize(places))
    return _json_value


def _fields(model) -> list:
    """(name, attribute, converter) of each field a snapshot holds: concrete, not the timestamps, not
    `changelog_exclude`."""
    if model not in _FIELDS:
        excluded = {"created", "last_updated", *model.changelog_exclude}
        _FIELDS[model] = [
            (field.name, field.attname, _as_stored(field))
            for field in model._meta.concrete_fields
            if field.serialize and not field.primary_key and field.name not in excluded
        ]
    return _FIELDS[model]


def fast_snapshot(record) -> dict:
    """`record.snapshot()` without the serializer, for records without many-to-many fields."""
    return {name: convert(getattr(record, attname)) for name, attname, convert in _fields(type(record))}


class ImportChangeLog:
    """Writes the change-log entries of one import's bulk writes, batch by batch.

    The rows are built as tuples and inserted raw (`COPY` on PostgreSQL): an entry per imported record made
    through the ORM cost more than the record itself. Each row's digest is the one `auditchain.row_digest` computes
    from the stored row (`verify_audit` checks it), computed here from the same canonical content.
    """

    COLUMNS = (
        "digest", "time", "user_id", "user_name", "request_id", "source", "action", "object_type_id", "object_id",
        "object_repr", "division_code", "prechange_data", "postchange_data",
    )  # fmt: skip

    def __init__(self):
        self.context = current_change_context()
        user = self.context.user if self.context is not None else None
        self.user = user if getattr(user, "is_authenticated", False) else None
        self.user_name = self.user.get_username() if self.user is not None else ""

    def record(self, new: list, changed: list, before: list) -> None:
        """Entries for `new` (created; primary keys set) and `changed` (`before`: their snapshots, in order)."""
        if self.context is None:
            return
        now = timezone.now()
        rows = [self._row(record, ChangeAction.CREATE, None, now) for record in new if _logged(record)]
        rows += [
            self._row(record, ChangeAction.UPDATE, snapshot, now)
            for record, snapshot in zip(changed, before, strict=True)
            if _logged(record)
        ]
        if rows:
            _insert(self.COLUMNS, rows)

    def _row(self, record, action: str, before, now) -> tuple:
        context, after = self.context, fast_snapshot(record)
        object_type = ContentType.objects.get_for_model(record).pk
        repr_, code, object_id = str(record)[:200], getattr(record, "division_code", "") or "", str(record.pk)
        content = {
            "time": now.astimezone(dt.UTC).isoformat(timespec="microseconds"),
            "user_name": self.user_name,
            "request_id": str(context.request_id),
            "source": context.source,
            "action": action,
            "object_type_id": object_type,
            "object_id": object_id,
            "object_repr": repr_,
            "division_code": code,
            "prechange_data": before,
            "postchange_data": after,
        }
        text = json.dumps(content, sort_keys=True, ensure_ascii=False, cls=DjangoJSONEncoder)
        digest = blind_index(text, kind="audit.objectchange")
        return (
            digest, now, self.user.pk if self.user else None, self.user_name, context.request_id, context.source,
            action, object_type, object_id, repr_, code, before, after,
        )  # fmt: skip


def _insert(columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Rows of `core_objectchange`, values adapted as the ORM would store them."""
    ops = connection.ops
    table = ops.quote_name(ObjectChange._meta.db_table)
    names = ", ".join(ops.quote_name(name) for name in columns)
    native_uuid = connection.features.has_native_uuid_field

    def adapt(row):
        *head, before, after = row
        head[1] = ops.adapt_datetimefield_value(head[1])
        head[4] = head[4] if native_uuid else head[4].hex
        return (*head, _json_text(before), _json_text(after))

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(adapt(row))
        return
    sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
    with connection.cursor() as cursor:
        cursor.executemany(sql, [adapt(row) for row in rows])


def _json_text(value) -> str | None:
    return None if value is None else json.dumps(value, cls=DjangoJSONEncoder)


def _logged(record) -> bool:
    return isinstance(record, ChangeLoggedModel)
