"""Base models every register builds on, and the two audit tables (DESIGN.md §4, §6)."""

import datetime as dt
import json
import uuid
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shequ.core.choices import AccessEvent, ChangeAction
from shequ.core.querysets import ObjectChangeQuerySet, RestrictedQuerySet

__all__ = [
    "AccessLog",
    "AuditSeal",
    "ChainedLogRow",
    "ChangeLoggedModel",
    "CommunityRecord",
    "DivisionRecord",
    "ImportJob",
    "ImportProfile",
    "Linked",
    "ObjectChange",
    "ProtectedValuesMixin",
    "ScopedModel",
]


class ChangeLoggedModel(models.Model):
    """A model whose every create / update / delete inside a change context writes an `ObjectChange` row."""

    created = models.DateTimeField(_("created"), auto_now_add=True)
    last_updated = models.DateTimeField(_("last updated"), auto_now=True)

    # Fields never copied into the change log (secrets, ciphertext); timestamps live on the change row itself.
    changelog_exclude: tuple[str, ...] = ()

    class Meta:
        abstract = True

    @classmethod
    def changelog_value(cls, name: str, value, user):
        """A change-log value as `user` may read it: a register masks free text here as its pages do (issue #12)."""
        return value

    @classmethod
    def changelog_hidden_fields(cls, user) -> set[str]:
        """Fields of this register's change-log rows that `user` may not read, beyond ciphertext and blind indexes
        (never shown): a register that masks a field for some roles names it here (issue #12)."""
        return set()

    def snapshot(self) -> dict:
        """The field values exactly as the change log stores them (JSON types: dates as ISO strings)."""
        data = serializers.serialize("python", [self])[0]["fields"]
        # One form per instant: an aware time read from a form or the API (+08:00) and the same time read back
        # from the database (UTC) must give the same snapshot.
        data = {k: v.astimezone(dt.UTC) if isinstance(v, dt.datetime) and v.tzinfo else v for k, v in data.items()}
        excluded = {"created", "last_updated", *self.changelog_exclude}
        return json.loads(json.dumps({k: v for k, v in data.items() if k not in excluded}, cls=DjangoJSONEncoder))


class ProtectedValuesMixin:
    """For models with protected values (`<name>_encrypted` / `_digest` / `_masked`, DESIGN.md §5)."""

    _meta: Any  # mixed into a model

    def reveal(self, name: str) -> str:
        """Plaintext of one protected value. Pages and the API reach it only through a service that writes the
        access log (e.g. `people.services.unmask`); importers use it to compare without re-encrypting."""
        from shequ.core.crypto import decrypt

        token = getattr(self, f"{name}_encrypted")
        return decrypt(token, field=f"{self._meta.app_label}.{self._meta.model_name}.{name}") if token else ""


class ScopedModel(ChangeLoggedModel):
    """A record that belongs to one division: `division_code` (denormalised, indexed) drives every scope filter."""

    division_code = models.CharField(_("division code"), max_length=12, db_index=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = RestrictedQuerySet.as_manager()

    # The field restrict() filters on; a register that stores its scope elsewhere overrides it.
    scope_field = "division_code"
    # Sensitive registers set this: iterating them without restrict()/unscoped() raises (AC-2).
    fail_closed = False
    # A record whose jurisdiction is its parent's names that relation (e.g. "committee"): saving copies the code.
    scope_parent: str | None = None

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.division_code = self.scope_code()
        super().save(*args, **kwargs)

    def scope_code(self) -> str:
        """The division code the record lies in: what `save()` stores in `division_code`, and what importers and
        intake set on records they write without `save()`. By default the scope parent's code, else the code as
        set; a register whose scope comes from elsewhere overrides this method, not `save()` (issue #11)."""
        if self.scope_parent:
            return getattr(self, self.scope_parent).division_code
        return self.division_code


class Linked:
    """`get_absolute_url` from the model name: every register's detail route is `<app>:<model>_detail`."""

    def get_absolute_url(self):
        return reverse(f"{self._meta.app_label}:{self._meta.model_name}_detail", args=[self.pk])


# The division model is named by string, as Django's lazy references name it, and so is its community level
# (`regions.choices.DivisionLevel.COMMUNITY`): core imports no module of regions here (ADR 0010).
COMMUNITIES = {"level": "community"}


class CommunityRecord(ScopedModel):
    """A record that belongs to one community (and optionally one of its grids)."""

    community = models.ForeignKey(
        "regions.Division",
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to=COMMUNITIES,
    )
    grid = models.ForeignKey(
        "regions.Grid", verbose_name=_("grid"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        abstract = True

    def scope_code(self) -> str:
        return super().scope_code() if self.scope_parent else self.community.code


def in_scope(record):
    """`record` with its `division_code` set by its own `scope_code()`: for records written by `bulk_create`, which
    skips `save()` (seed commands), so that scope is still decided in one place (issue #11)."""
    record.division_code = record.scope_code()
    return record


class DivisionRecord(ScopedModel):
    """A record held at any level of the tree (a street's training course, a district's guidance committee)."""

    division = models.ForeignKey(
        "regions.Division", verbose_name=_("division"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True

    def scope_code(self) -> str:
        return super().scope_code() if self.scope_parent else self.division.code


class AuditSeal(models.Model):
    """One link of an audit log's hash chain: the rows it sealed and the digest over them and the previous link
    (issue #12, GB/T 22239 level 3 audit; `core.auditchain`). Append-only; pruning old rows keeps their seal."""

    class Log(models.TextChoices):
        CHANGE = "change", _("change log")
        ACCESS = "access", _("access log")

    log = models.CharField(_("log"), max_length=10, choices=Log.choices)
    time = models.DateTimeField(_("time"), default=timezone.now)
    rows = models.PositiveIntegerField(_("rows"))
    # The sealed rows' ids as [first, last] runs: a removed row is named by the id missing from its seal.
    ids = models.JSONField(_("row ids"))
    previous = models.CharField(_("previous digest"), max_length=64, blank=True)
    digest = models.CharField(_("digest"), max_length=64)
    pruned = models.BooleanField(_("rows pruned"), default=False)

    class Meta:
        verbose_name = _("audit seal")
        verbose_name_plural = _("audit seals")
        ordering = ["log", "id"]

    def __str__(self):
        return f"{self.get_log_display()} #{self.pk}"

    def save(self, *args, **kwargs):
        if self.pk is not None and kwargs.get("update_fields") != ["pruned"]:
            raise RuntimeError("Audit seals are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("Audit seals are append-only.")


class ChainedLogRow(models.Model):
    """A row of an append-only audit log: its digest (HMAC-SM3 of its content) is written with it, and a seal of
    the hash chain takes it in later (`core.auditchain`). Updating or deleting one through the ORM is refused."""

    digest = models.CharField(_("digest"), max_length=64, blank=True, editable=False)
    seal = models.ForeignKey(
        AuditSeal,
        verbose_name=_("seal"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError(f"The {self._meta.verbose_name_plural} is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError(f"The {self._meta.verbose_name_plural} is append-only.")


class ObjectChange(ChainedLogRow):
    """One create / update / delete of one object, with before and after (NetBox's ObjectChange)."""

    time = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    user_name = models.CharField(_("user name"), max_length=150, blank=True)
    request_id = models.UUIDField(_("request id"), db_index=True)
    source = models.CharField(_("source"), max_length=50)
    action = models.CharField(_("action"), max_length=10, choices=ChangeAction.choices)
    # No index of its own: the (object_type, object_id) index below serves it (every write appends a row here).
    object_type = models.ForeignKey(
        ContentType, verbose_name=_("object type"), on_delete=models.PROTECT, db_index=False
    )
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=200)
    division_code = models.CharField(_("division code"), max_length=12, blank=True)
    prechange_data = models.JSONField(_("before"), null=True, encoder=DjangoJSONEncoder)
    postchange_data = models.JSONField(_("after"), null=True, encoder=DjangoJSONEncoder)

    objects = ObjectChangeQuerySet.as_manager()
    scope_field = "division_code"

    class Meta:
        verbose_name = _("change record")
        verbose_name_plural = _("change log")
        ordering = ["-time", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="core_objectchange_object"),
            models.Index(fields=["id"], condition=models.Q(seal__isnull=True), name="core_objectchange_unsealed"),
            # A plain index: scope filters compare code ranges (core.scope), never LIKE, so PostgreSQL's second
            # `varchar_pattern_ops` index that `db_index=True` adds was written on every change and never read.
            models.Index(fields=["division_code"], name="core_objectchange_division"),
        ]

    def __str__(self):
        return f"{self.get_action_display()} {self.object_repr}"

    def get_absolute_url(self):
        return reverse("core:objectchange_detail", args=[self.pk])


class AccessLog(ChainedLogRow):
    """Append-only security log: logins, failures, lockouts, permission changes, exports, unmasking (AU-1)."""

    time = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    event = models.CharField(_("event"), max_length=30, choices=AccessEvent.choices, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    username = models.CharField(_("user name"), max_length=150, blank=True)
    success = models.BooleanField(_("success"), default=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True)
    request_id = models.UUIDField(_("request id"), null=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    division_code = models.CharField(_("division code"), max_length=12, blank=True, db_index=True)
    detail = models.JSONField(_("detail"), default=dict, encoder=DjangoJSONEncoder)

    objects = RestrictedQuerySet.as_manager()
    scope_field = "division_code"

    class Meta:
        verbose_name = _("access record")
        verbose_name_plural = _("access log")
        ordering = ["-time", "-id"]
        indexes = [models.Index(fields=["id"], condition=models.Q(seal__isnull=True), name="core_accesslog_unsealed")]

    def __str__(self):
        return f"{self.get_event_display()} {self.username}"


class ImportJob(models.Model):
    """One import run: what was imported, by whom, with what outcome and counts (DESIGN.md §6–§7)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        FAILED = "failed", _("Rejected")
        VALIDATED = "validated", _("Dry run passed")
        COMMITTED = "committed", _("Imported")

    kind = models.CharField(_("kind"), max_length=50)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    file_name = models.CharField(_("file name"), max_length=200)
    stored_path = models.CharField(_("stored file"), max_length=300, blank=True, editable=False)
    dry_run = models.BooleanField(_("dry run"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RUNNING)
    expected_rows = models.PositiveIntegerField(_("expected rows"), default=0, editable=False)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    created_count = models.PositiveIntegerField(_("new records"), default=0)
    updated_count = models.PositiveIntegerField(_("updated records"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged records"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    errors = models.JSONField(_("errors"), default=list)
    warnings = models.JSONField(_("warnings"), default=list)
    started = models.DateTimeField(_("started"), auto_now_add=True)
    finished = models.DateTimeField(_("finished"), null=True)
    # Written by the running import every SHEQU_IMPORT_HEARTBEAT_SECONDS from a connection of its own; a running
    # job whose last sign of life is older than SHEQU_IMPORT_STALE_SECONDS lost its process (ADR 0007).
    heartbeat = models.DateTimeField(_("last sign of life"), null=True, editable=False)
    # The change-log entries of what the import wrote carry this request id (issue #11).
    request_id = models.UUIDField(_("request id"), default=uuid.uuid4, editable=False)
    # As the clerk set them in the web import's mapping step (issue #19): the sheet read ("" : the one detected) and
    # the column each file column gives ("" for none; empty list: by the headers).
    sheet = models.CharField(_("sheet"), max_length=200, blank=True, editable=False)
    columns = models.JSONField(_("column mapping"), default=list, blank=True, editable=False)

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-started", "-id"]

    def __str__(self):
        return f"{self.kind} {self.file_name}"

    @property
    def is_finished(self) -> bool:
        return self.status not in (self.Status.QUEUED, self.Status.RUNNING)


class ImportProfile(ScopedModel):
    """A column mapping an office saved in the web import (issue #19, item 2): file header → the register's column.
    It belongs to the saving user's office (`division_code`: the division of the assignment that lets them import
    the register) and serves whoever may import that register there; the next file whose headers are the same
    (`signature`, after normalising) is mapped by it."""

    kind = models.CharField(_("kind"), max_length=50)
    name = models.CharField(_("name"), max_length=100)
    signature = models.CharField(_("headers signature"), max_length=64, db_index=True, editable=False)
    # Normalised file header → the register column's header ("" : not imported).
    mapping = models.JSONField(_("column mapping"), default=dict)

    class Meta:
        verbose_name = _("import mapping profile")
        verbose_name_plural = _("import mapping profiles")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "division_code", "name"], name="core_importprofile_unique_name"),
        ]

    def __str__(self):
        return self.name
