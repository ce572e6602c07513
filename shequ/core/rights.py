"""Whether a user may act on a record, here (issue #11, DESIGN.md §3 and §11): the one place app code asks.

Reads go through `Model.objects.restrict(user, action)` (core.querysets), which applies the same rule to whole
querysets; everything that decides about one record — a write's own scope, a reference it carries, a step a service
takes, an importer's row — asks `user_may` or `may` here, never `scope_prefixes` or `division_code` by hand.
"""

__all__ = ["may", "permission_for", "user_may", "user_may_all"]


def user_may(user, permission: str, division_code: str) -> bool:
    """Whether `user` holds `permission` (`app.action_model`) for a record in `division_code` (AC-3)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return any(division_code.startswith(prefix) for prefix in user.scope_prefixes(permission))


def user_may_all(user, permission: str, queryset) -> bool:
    """Whether `user` holds `permission` for every record of `queryset` (one query): e.g. unmasking the personal
    data of a whole export (issue #19)."""
    from shequ.core.scope import scope_q

    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    prefixes = user.scope_prefixes(permission)
    if not prefixes:
        return False
    field = getattr(queryset.model, "scope_field", "division_code")
    return not queryset.exclude(scope_q(prefixes, field)).exists()


def permission_for(model, action: str) -> str:
    meta = model._meta
    return f"{meta.app_label}.{action}_{getattr(model, 'permission_model_name', None) or meta.model_name}"


def may(user, action: str, record) -> bool:
    """Whether `user` may `action` (view / add / change / delete) `record`, where the record lies."""
    return user_may(user, permission_for(type(record), action), record.division_code)
