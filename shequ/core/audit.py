"""Writers for the access log; the only place AccessLog rows are created (DESIGN.md §6)."""

from django.conf import settings

from shequ.core.auditchain import stamp
from shequ.core.context import current_change_context
from shequ.core.models import AccessLog

__all__ = ["log_access"]


def log_access(event, *, user=None, username="", success=True, obj=None, division_code="", **detail) -> AccessLog:
    """Append one access-log row. `detail` must never carry ID numbers, phones or secrets (AU-5)."""
    context = current_change_context()
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    row = AccessLog(
        event=event,
        user=user,
        username=username or (user.get_username() if user else ""),
        success=success,
        ip_address=context.ip_address if context else None,
        request_id=context.request_id if context else None,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        # Events that belong to no record (logins, lockouts) are city-level: city auditors see them.
        division_code=division_code or getattr(obj, "division_code", "") or settings.SHEQU_CITY_CODE,
        detail=detail,
    )
    stamp(row).save()  # its digest, for the hash chain (core.auditchain)
    return row
