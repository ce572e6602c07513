"""Inserts that skip the ORM's per-statement work, for the places where it dominates.

- `fast_insert`, for imports and seeding: `COPY` on PostgreSQL, `executemany` on SQLite, with values prepared once
  per column type. `bulk_create` spends most of its time preparing each value through the field machinery; at a
  million rows that is the difference between minutes and seconds.
- `append`, for the few append-only rows every step of a hot path writes beside its record (a work order's events,
  outbox messages, change-log rows): one INSERT whose text is built once per model and row count, values prepared
  by their fields as the ORM would. Compiling the statement cost more than sending it (issue #5: intake at
  hundreds of requests a second).
- `insert_unless_taken`, for a new record whose unique values are drawn at random or given by a client (receipt
  numbers, idempotency keys): written as `save()` writes it, signals and all, unless one of those values is taken.

`fast_insert` and `append` send no signals and return no primary keys. Callers run all three inside their own
transaction.

Each path takes only the models listed for it below (issue #11): a raw path skips `save()`, so a model may use one
only while its `save()` does nothing the caller does not do by hand. `core/tests/test_bulk.py` keeps a fingerprint of
each listed model's `save()` chain and fails when one changes, so that whoever changes it reviews the raw path too.
"""

from operator import attrgetter

from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models
from django.db.models.signals import post_save, pre_save
from django.utils import timezone

__all__ = ["APPEND_MODELS", "FAST_INSERT_MODELS", "UNLESS_TAKEN_MODELS", "append", "fast_insert", "insert_unless_taken"]

BATCH = 5000

# The models each raw path may write, by label; what their `save()` would do, the caller does (see the module text).
FAST_INSERT_MODELS = frozenset({"people.household", "people.resident"})  # the importer sets division_code, keys
APPEND_MODELS = frozenset({"core.objectchange", "workorders.orderevent", "workorders.outboxmessage"})
# Signals are sent: only the model's own save() is skipped. (Categories: plain Model.save(), the path's test case.)
UNLESS_TAKEN_MODELS = frozenset({"workorders.workorder", "workorders.category"})


def _admit(model, allowed: frozenset, path: str) -> None:
    if model._meta.label_lower not in allowed:
        raise ImproperlyConfigured(
            f"{model._meta.label} is not listed for core.bulk.{path}: its save() may do work the raw insert skips."
        )


def _insertable_fields(model) -> list:
    """The columns an INSERT names: every concrete field but an auto-incremented primary key."""
    return [
        field
        for field in model._meta.concrete_fields
        if not (field.primary_key and isinstance(field, models.AutoField | models.BigAutoField))
    ]


def _converters(model):
    """Column names and a function turning an instance into its row: one C-level `attrgetter` for the columns
    taken as they are, with only dates, times and decimals passed through the backend's adapters."""
    ops = connection.ops
    columns, attnames, converted = [], [], []
    now = timezone.now()
    for field in _insertable_fields(model):
        columns.append(connection.ops.quote_name(field.column))
        index = len(attnames)
        attnames.append(field.attname)
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            stamp = ops.adapt_datetimefield_value(now)
            converted.append((index, lambda value, stamp=stamp: stamp))
        elif isinstance(field, models.DateTimeField):
            converted.append((index, ops.adapt_datetimefield_value))
        elif isinstance(field, models.DateField):
            converted.append((index, ops.adapt_datefield_value))
        elif isinstance(field, models.DecimalField):
            converted.append(
                (index, lambda value, f=field: ops.adapt_decimalfield_value(value, f.max_digits, f.decimal_places))
            )
    values = attrgetter(*attnames)
    if len(attnames) == 1:
        single = values
        values = lambda obj: (single(obj),)  # noqa: E731  (attrgetter of one name returns the bare value)

    def row(obj) -> tuple:
        if not converted:
            return values(obj)
        cells = list(values(obj))
        for index, convert in converted:
            cells[index] = convert(cells[index])
        return tuple(cells)

    return columns, row


def fast_insert(model, objects) -> int:
    """Insert `objects` (unsaved instances of `model`) in batches; returns the number of rows."""
    _admit(model, FAST_INSERT_MODELS, "fast_insert")
    objects = list(objects)
    if not objects:
        return 0
    columns, row = _converters(model)
    table = connection.ops.quote_name(model._meta.db_table)
    if connection.vendor == "postgresql":
        # COPY: one stream instead of a statement per row (the PostgreSQL ceiling the import is measured against).
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
        ):
            for obj in objects:
                copy.write_row(row(obj))
        return len(objects)
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
    with connection.cursor() as cursor:
        for start in range(0, len(objects), BATCH):
            cursor.executemany(sql, [row(obj) for obj in objects[start : start + BATCH]])
    return len(objects)


_STATEMENTS: dict[tuple, tuple[str, list]] = {}


def _statement(model, rows: int, tail: str = "") -> tuple[str, list]:
    """`INSERT … VALUES` of `rows` rows (and `tail`), with the fields in the order of its placeholders; built once
    per model, row count and tail."""
    key = (model, rows, tail, connection.vendor)
    if key not in _STATEMENTS:
        fields = _insertable_fields(model)
        row = f"({', '.join(['%s'] * len(fields))})"
        _STATEMENTS[key] = (
            f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} "
            f"({', '.join(connection.ops.quote_name(field.column) for field in fields)}) "
            f"VALUES {', '.join([row] * rows)}{tail}",
            fields,
        )
    return _STATEMENTS[key]


def _values(objects, fields) -> list:
    """Each value as `save()` prepares it: the field's `pre_save` (auto_now stamps), then `get_db_prep_save`."""
    return [field.get_db_prep_save(field.pre_save(obj, True), connection) for obj in objects for field in fields]


def append(model, objects) -> None:
    """Insert `objects` (a few unsaved instances of `model`) in one statement, values prepared as `save()` does."""
    _admit(model, APPEND_MODELS, "append")
    objects = list(objects)
    if not objects:
        return
    sql, fields = _statement(model, len(objects))
    with connection.cursor() as cursor:
        cursor.execute(sql, _values(objects, fields))


def insert_unless_taken(obj) -> bool:
    """Insert the new `obj` as `Model.save()` would — `pre_save` and `post_save` sent (the change log), its primary
    key set — unless a row already holds one of its unique values: then nothing is written and False is returned.

    `ON CONFLICT DO NOTHING` (PostgreSQL, SQLite ≥ 3.35) instead of catching `IntegrityError`, which inside the
    request's transaction needs a savepoint around the insert: two more round trips on every intake for a clash
    that happens a few times a day. For models whose `save()` adds nothing to `Model.save()`."""
    model, alias = type(obj), connection.alias
    _admit(model, UNLESS_TAKEN_MODELS, "insert_unless_taken")
    pre_save.send(sender=model, instance=obj, raw=False, using=alias, update_fields=None)
    pk = connection.ops.quote_name(model._meta.pk.column)
    sql, fields = _statement(model, 1, f" ON CONFLICT DO NOTHING RETURNING {pk}")
    with connection.cursor() as cursor:
        cursor.execute(sql, _values([obj], fields))
        row = cursor.fetchone()
    if row is None:
        return False
    obj.pk = row[0]
    obj._state.adding, obj._state.db = False, alias
    post_save.send(sender=model, instance=obj, created=True, update_fields=None, raw=False, using=alias)
    return True
