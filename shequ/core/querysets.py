"""`RestrictedQuerySet`: the only way app code reaches scoped records (DESIGN.md §3, AC-1, AC-2)."""

from collections import defaultdict
from functools import reduce
from operator import or_

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import Q

from shequ.core.scope import scope_q

__all__ = ["ACTIONS", "CatalogueQuerySet", "ObjectChangeQuerySet", "RestrictedQuerySet", "UnscopedQueryError"]

ACTIONS = ("view", "add", "change", "delete")


class UnscopedQueryError(RuntimeError):
    """A fail-closed model was iterated without `restrict()` or an explicit `unscoped(reason)`."""


class RestrictedQuerySet(models.QuerySet):
    """A queryset that knows how to cut itself down to what one user may see or do.

    `restrict(user, action)` returns exactly the rows whose `division_code` lies within the jurisdiction of the
    user's assignments whose role grants `<app>.<action>_<model>`; nothing if none does. Models that set
    `fail_closed = True` raise `UnscopedQueryError` when iterated without it (AC-2).
    """

    _scoped = False

    def _clone(self):
        clone = super()._clone()
        clone._scoped = self._scoped
        return clone

    def _fetch_all(self):
        if self._result_cache is None and getattr(self.model, "fail_closed", False) and not self._scoped:
            raise UnscopedQueryError(
                f"{self.model.__name__} is fail-closed: call .restrict(user, action) or .unscoped(reason) first."
            )
        super()._fetch_all()

    def _mark_scoped(self):
        self._scoped = True
        return self

    @property
    def scope_field(self) -> str:
        """The field `restrict()` filters on (the model's `scope_field`, `division_code` for every ScopedModel)."""
        return getattr(self.model, "scope_field", "division_code")

    def restrict(self, user, action: str = "view"):
        """Rows `user` may `action` (view / add / change / delete); out-of-scope rows simply are not there."""
        if action not in ACTIONS:
            raise ImproperlyConfigured(f"Unknown action {action!r}; expected one of {ACTIONS}.")
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()._mark_scoped()
        if user.is_superuser:
            return self.all()._mark_scoped()
        # A derived table (counts of another model's rows) is seen by whoever may see those rows.
        model_name = getattr(self.model, "permission_model_name", None) or self.model._meta.model_name
        permission = f"{self.model._meta.app_label}.{action}_{model_name}"
        prefixes = user.scope_prefixes(permission)
        visible = [scope_q(prefixes, self.scope_field)] if prefixes else []
        also = self.also_visible(user, action)
        if also is not None:
            visible.append(also)
        if not visible:
            return self.none()._mark_scoped()
        return self.filter(reduce(or_, visible))._mark_scoped()

    def also_visible(self, user, action: str) -> Q | None:
        """Rows a register shows `user` beyond the jurisdiction (e.g. the work orders of the user's handling unit,
        wherever they are); None: nothing more."""
        return None

    def changelog_q(self, user) -> Q | None:
        """Beyond the permission and the jurisdiction, which change-log rows of this register `user` may read, as a
        `Q` over `ObjectChange` (its `prechange_data` / `postchange_data` hold the record's fields); None: no more
        than that. A register that hides some of its rows from some roles says so here too (issue #12)."""
        return None

    def unscoped(self, reason: str):
        """Bypass the fail-closed guard for system work (jobs, commands); `reason` says why, for the reader."""
        if not reason:
            raise ValueError("unscoped() needs a reason.")
        return self._clone()._mark_scoped()

    def within(self, prefix: str):
        """Rows at or below the division with this significant prefix (no user check: callers restrict first)."""
        return self.filter(scope_q([prefix], self.scope_field))


class CatalogueQuerySet(models.QuerySet):
    """For city-wide catalogues (request categories, service items): no jurisdiction, only the permission."""

    def restrict(self, user, action: str = "view"):
        if action not in ACTIONS:
            raise ImproperlyConfigured(f"Unknown action {action!r}; expected one of {ACTIONS}.")
        meta = self.model._meta
        if (
            user is None
            or not user.is_authenticated
            or not user.has_perm(f"{meta.app_label}.{action}_{meta.model_name}")
        ):
            return self.none()
        return self.all()


class ObjectChangeQuerySet(RestrictedQuerySet):
    """The change log: a row is seen by who may read the change log there *and* may see the record it describes —
    the register's view permission within its jurisdiction and the register's own row rules (`changelog_q`), so
    that the log never shows what the register hides (issue #12, DESIGN.md §11)."""

    def restrict(self, user, action: str = "view"):
        rows = super().restrict(user, action)
        if user is None or not user.is_authenticated or not user.is_active or user.is_superuser:
            return rows
        return rows.filter(self._described_records_q(user))

    @staticmethod
    def _described_records_q(user) -> Q:
        from django.contrib.contenttypes.models import ContentType

        by_scope: dict[tuple[str, ...] | None, list[int]] = defaultdict(list)
        own_rules: list[Q] = []
        for model in apps.get_models():
            if not hasattr(model, "changelog_hidden_fields"):  # not a change-logged register (core.models)
                continue
            meta = model._meta
            permission = f"{meta.app_label}.view_{getattr(model, 'permission_model_name', None) or meta.model_name}"
            type_id = ContentType.objects.get_for_model(model).pk
            if hasattr(model, "division_code"):
                prefixes = user.scope_prefixes(permission)
                if not prefixes:
                    continue
                queryset = model._default_manager.all()
                rule = queryset.changelog_q(user) if isinstance(queryset, RestrictedQuerySet) else None
                if rule is not None:
                    own_rules.append(Q(object_type_id=type_id) & scope_q(prefixes) & rule)
                else:
                    by_scope[tuple(prefixes)].append(type_id)
            elif user.has_perm(permission):
                by_scope[None].append(type_id)  # catalogues: the permission alone, as their registers do
        visible = [
            Q(object_type_id__in=type_ids) & (scope_q(prefixes) if prefixes is not None else Q())
            for prefixes, type_ids in by_scope.items()
        ]
        visible += own_rules
        return reduce(or_, visible) if visible else Q(pk__in=[])
