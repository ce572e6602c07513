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
from json.encoder import encode_basestring
from operator import attrgetter

from cryptography.hazmat.primitives import hashes, hmac
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models
from django.utils import timezone

from shequ.core.choices import ChangeAction
from shequ.core.context import current_change_context
from shequ.core.crypto import keyring
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


def _as_stored(field):
    """How a value reads back from the database, where an importer's value may differ in type (a decimal parsed
    as a float reads back with the field's decimal places); None for values JSON takes as they are."""
    if isinstance(field, models.DecimalField):
        places = Decimal(1).scaleb(-field.decimal_places)
        return lambda value: None if value is None else str(Decimal(str(value)).quantize(places))
    if isinstance(field, models.DateField | models.TimeField | models.UUIDField | models.DurationField):
        return _json_value
    if isinstance(field, models.JSONField):
        return _json_value
    return None


_PLANS: dict = {}


def _plan(model):
    """Per model, once: the snapshot's field names, one getter for all their attributes, and the few positions
    whose values need converting."""
    if model not in _PLANS:
        excluded = {"created", "last_updated", *model.changelog_exclude}
        fields = [
            field
            for field in model._meta.concrete_fields
            if field.serialize and not field.primary_key and field.name not in excluded
        ]
        getter = attrgetter(*(field.attname for field in fields))
        converters = [(index, convert) for index, field in enumerate(fields) if (convert := _as_stored(field))]
        _PLANS[model] = ([field.name for field in fields], getter, converters)
    return _PLANS[model]


def fast_snapshot(record) -> dict:
    """`record.snapshot()` without the serializer, for records without many-to-many fields."""
    names, getter, converters = _plan(type(record))
    values = getter(record)
    if not isinstance(values, tuple) or len(names) == 1:
        values = (values,)
    if converters:
        values = list(values)
        for index, convert in converters:
            values[index] = convert(values[index])
    return dict(zip(names, values, strict=True))


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
        context, now = self.context, timezone.now()
        # What every row of the batch shares, encoded once: the digest's canonical JSON has sorted keys, so the
        # row's own values sit between these constant parts (`canonical_text` must equal row_digest's text).
        tail = (
            f'"request_id": {_text(str(context.request_id))}, "source": {_text(context.source)}, '
            f'"time": {_text(now.astimezone(dt.UTC).isoformat(timespec="microseconds"))}, '
            f'"user_name": {_text(self.user_name)}}}'
        )
        mac = hmac.HMAC(keyring().index_key, hashes.SM3())
        mac.update(b"audit.objectchange\x00")  # as blind_index(text, kind="audit.objectchange") begins
        types: dict = {}
        user_id = self.user.pk if self.user else None
        # The batch's time and request id as the ORM would hand them to the database, adapted once.
        stored_time = connection.ops.adapt_datetimefield_value(now)
        stored_request = context.request_id if connection.features.has_native_uuid_field else context.request_id.hex
        rows = []
        for action, records, befores in (
            (ChangeAction.CREATE, new, [None] * len(new)),
            (ChangeAction.UPDATE, changed, before),
        ):
            for record, snapshot in zip(records, befores, strict=True):
                if not isinstance(record, ChangeLoggedModel):
                    continue
                model = type(record)
                if model not in types:
                    types[model] = ContentType.objects.get_for_model(model).pk
                after = _SORTED.encode(fast_snapshot(record))
                prior = "null" if snapshot is None else _SORTED.encode(snapshot)
                repr_, code, object_id = str(record)[:200], getattr(record, "division_code", "") or "", str(record.pk)
                text = canonical_text(action, code, object_id, repr_, types[model], after, prior, tail)
                row_mac = mac.copy()
                row_mac.update(text.encode())
                rows.append(
                    (
                        row_mac.finalize().hex(), stored_time, user_id, self.user_name, stored_request, context.source,
                        action, types[model], object_id, repr_, code, None if snapshot is None else prior, after,
                    )
                )  # fmt: skip
        if rows:
            _insert(self.COLUMNS, rows)


_SORTED = json.JSONEncoder(sort_keys=True, ensure_ascii=False)
_text = encode_basestring  # a string as json.dumps(..., ensure_ascii=False) writes it


def canonical_text(action, code, object_id, repr_, object_type, after: str, prior: str, tail: str) -> str:
    """`auditchain.row_digest`'s JSON of an ObjectChange (sorted keys), built from parts already encoded."""
    return (
        f'{{"action": {_text(action)}, "division_code": {_text(code)}, "object_id": {_text(object_id)}, '
        f'"object_repr": {_text(repr_)}, "object_type_id": {object_type}, "postchange_data": {after}, '
        f'"prechange_data": {prior}, {tail}'
    )


def _insert(columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Rows of `core_objectchange`, their values already as the database adapter takes them (`record`)."""
    ops = connection.ops
    table = ops.quote_name(ObjectChange._meta.db_table)
    names = ", ".join(ops.quote_name(name) for name in columns)

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
