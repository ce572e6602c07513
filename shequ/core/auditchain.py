"""Tamper evidence for the two audit logs (issue #12; GB/T 22239 level 3 audit; DESIGN.md §6).

Each row of the change log and the access log is written with its digest: HMAC-SM3, under the installation's index
key, of its content in one canonical form. A row changed behind the application's back no longer matches it, and
without the key nobody can make it match again.

Rows are then sealed in batches: a seal lists the ids it took in and carries the digest over the previous seal's
digest and its rows' ids and digests, in id order. A row removed after sealing is named by the id its seal lists and
the table lacks; a seal removed or changed breaks the chain at the next one. Rows are sealed by "not sealed yet",
not by id range, so a transaction that commits late (an import) is sealed by a later pass, never skipped. The clock
(`call_centre --loop`) seals every pass; `manage.py seal_audit` does it by hand.

What this does not see: a row removed before its first seal (at most one clock interval), and a tamperer who holds
the index key. Pruning (after the retention period, never before 180 days) drops a seal's rows and keeps the seal.
"""

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import timezone

from shequ.core.crypto import blind_index, sm3_hex
from shequ.core.models import AccessLog, AuditSeal, ObjectChange

__all__ = ["LOGS", "MINIMUM_RETENTION_DAYS", "Problem", "prune", "row_digest", "seal", "seal_all", "stamp", "verify"]

LOGS: dict[str, Any] = {AuditSeal.Log.CHANGE: ObjectChange, AuditSeal.Log.ACCESS: AccessLog}
# What a digest covers: everything a row says, except the user's foreign key, which deleting the user clears (the
# user's name is kept and covered).
CONTENT = {
    ObjectChange: (
        "time", "user_name", "request_id", "source", "action", "object_type_id", "object_id", "object_repr",
        "division_code", "prechange_data", "postchange_data",
    ),
    AccessLog: (
        "time", "event", "username", "success", "ip_address", "request_id", "object_type", "object_id",
        "division_code", "detail",
    ),
}  # fmt: skip
MINIMUM_RETENTION_DAYS = 180  # GB/T 22239 level 3 and the Cybersecurity Law: at least six months
BATCH = 50_000


def _canonical(value):
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds")
    return value


def _field(model, name: str):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:  # a foreign key's column, e.g. object_type_id
        return model._meta.get_field(name.removesuffix("_id"))


def row_digest(row: Any) -> str:
    model = type(row)
    content = {}
    for name in CONTENT[model]:
        value, field = getattr(row, name), _field(model, name)
        # As stored: an IPv6 address in its normal form, a time in UTC to the microsecond.
        content[name] = _canonical(value if isinstance(field, models.JSONField) else field.get_prep_value(value))
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, cls=DjangoJSONEncoder)
    return blind_index(text, kind=f"audit.{type(row)._meta.model_name}")


def stamp(row: Any) -> Any:
    """Give an unsaved row its time and digest (the writers call this just before inserting it)."""
    # Microseconds as the database keeps them: the digest is computed again from the stored row.
    row.time = row.time or timezone.now()
    for field in row._meta.concrete_fields:
        if isinstance(field, models.JSONField):  # the value as it will read back: JSON types only
            value = getattr(row, field.attname)
            setattr(row, field.attname, None if value is None else json.loads(json.dumps(value, cls=DjangoJSONEncoder)))
    row.digest = row_digest(row)
    return row


def _runs(ids: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for pk in ids:
        if runs and runs[-1][1] == pk - 1:
            runs[-1][1] = pk
        else:
            runs.append([pk, pk])
    return runs


def _ids(runs) -> list[int]:
    return [pk for first, last in runs for pk in range(first, last + 1)]


def _chain(previous: str, pairs) -> str:
    return sm3_hex((previous + "".join(f"|{pk}:{digest}" for pk, digest in pairs)).encode())


def seal(log: str, *, batch: int = BATCH) -> AuditSeal | None:
    """Seal the rows of `log` not sealed yet (at most `batch`); None when there were none."""
    model = LOGS[log]
    with transaction.atomic():
        if connection.vendor == "postgresql":  # one sealer at a time (SQLite's write transaction already is)
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"shequ.audit.{log}"])
        rows = list(model.objects.filter(seal__isnull=True).order_by("id")[:batch])
        if not rows:
            return None
        for row in rows:
            if not row.digest:  # written before digests existed: sealed as found
                row.digest = row_digest(row)
                model.objects.filter(pk=row.pk).update(digest=row.digest)
        last = AuditSeal.objects.filter(log=log).order_by("-id").first()
        previous = last.digest if last else ""
        pairs = [(row.pk, row.digest) for row in rows]
        link = AuditSeal.objects.create(
            log=log,
            rows=len(rows),
            ids=_runs([pk for pk, _ in pairs]),
            previous=previous,
            digest=_chain(previous, pairs),
        )
        model.objects.filter(pk__in=[pk for pk, _ in pairs]).update(seal=link)
    return link


def seal_all() -> int:
    """Seal every log's unsealed rows; the number of seals written."""
    written = 0
    for log in LOGS:
        while seal(log) is not None:
            written += 1
    return written


@dataclass(frozen=True)
class Problem:
    log: str
    message: str

    def __str__(self):
        return f"{self.log}: {self.message}"


def verify(log: str) -> Problem | None:
    """The first sign of tampering in `log`, or None: a row whose content no longer matches its digest, a row a
    seal lists that is gone, a row in a seal that the seal does not list, a seal changed, removed or out of order."""
    model = LOGS[log]
    previous = ""
    for link in AuditSeal.objects.filter(log=log).order_by("id").iterator():
        if link.previous != previous:
            return Problem(log, f"seal {link.pk}: the seal before it was changed or removed")
        if link.pruned:
            previous = link.digest
            continue
        listed = _ids(link.ids)
        rows = {row.pk: row for row in model.objects.filter(seal=link).order_by("id")}
        for pk in listed:
            row = rows.get(pk)
            if row is None:
                return Problem(log, f"row {pk} was removed (sealed in seal {link.pk})")
            if row.digest != row_digest(row):
                return Problem(log, f"row {pk} was changed")
        extra = sorted(set(rows) - set(listed))
        if extra:
            return Problem(log, f"row {extra[0]} was added to seal {link.pk}")
        if link.rows != len(listed) or link.digest != _chain(previous, [(pk, rows[pk].digest) for pk in listed]):
            return Problem(log, f"seal {link.pk} was changed")
        previous = link.digest
    for row in model.objects.filter(seal__isnull=True).order_by("id").iterator():
        if row.digest and row.digest != row_digest(row):
            return Problem(log, f"row {row.pk} was changed (not sealed yet)")
    return None


def prune(log: str, *, days: int | None = None) -> int:
    """Delete the rows of whole seals older than the retention period (never less than 180 days); their seals stay,
    marked pruned, so the chain still verifies. Returns the number of rows deleted."""
    days = days if days is not None else settings.SHEQU_AUDIT_RETENTION_DAYS
    if days < MINIMUM_RETENTION_DAYS:
        raise ValueError(f"Audit logs are kept at least {MINIMUM_RETENTION_DAYS} days.")
    cutoff = timezone.now() - dt.timedelta(days=days)
    model = LOGS[log]
    deleted = 0
    for link in AuditSeal.objects.filter(log=log, pruned=False, time__lt=cutoff).order_by("id"):
        if model.objects.filter(seal=link, time__gte=cutoff).exists():
            break  # a seal is pruned whole or not at all
        with transaction.atomic():
            deleted += model.objects.filter(seal=link)._raw_delete(connection.alias)
            link.pruned = True
            link.save(update_fields=["pruned"])
    return deleted
