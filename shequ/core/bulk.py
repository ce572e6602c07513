"""Fast multi-row insert for imports and seeding: `COPY` on PostgreSQL, `executemany` on SQLite, with values
prepared once per column type.

`bulk_create` spends most of its time preparing each value through the field machinery; at a million rows that is
the difference between minutes and seconds. This does the same for the plain column types the registers use, and
nothing else: no signals, no returned keys, timestamps set here. Callers run it inside their own transaction.
"""

from operator import attrgetter

from django.db import connection, models
from django.utils import timezone

__all__ = ["fast_insert"]

BATCH = 5000


def _converters(model):
    """Column names and a function turning an instance into its row: one C-level `attrgetter` for the columns
    taken as they are, with only dates, times and decimals passed through the backend's adapters."""
    ops = connection.ops
    columns, attnames, converted = [], [], []
    now = timezone.now()
    for field in model._meta.concrete_fields:
        if field.primary_key and isinstance(field, models.AutoField | models.BigAutoField):
            continue
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
