"""Writes to the one-stop service registers (issue #5; SVC-1, SVC-2): each takes `acting_user`, asks `core.rights`
whether that user may make it, and runs in one transaction (issue #11)."""

import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core.errors import IllegalTransition
from shequ.core.personal import mask_phone, normalise_phone, store_protected, validate_phone
from shequ.core.rights import may, permission_for, user_may
from shequ.onestop.choices import AllowanceStatus, CaseStatus
from shequ.onestop.models import AllowanceReview, ServiceCase

__all__ = ["complete", "open_case", "record_materials", "record_review", "reject", "start"]


@transaction.atomic
def open_case(*, acting_user, community, item, applicant_name: str, phone: str = "", note: str = "") -> ServiceCase:
    """Accept an application: its deadline is the item's time limit from today (calendar days)."""
    if not user_may(acting_user, permission_for(ServiceCase, "add"), community.code):
        raise PermissionDenied
    if not item.active:
        raise ValidationError({"item": _("This service item is no longer offered.")})
    if not applicant_name.strip():
        raise ValidationError({"applicant_name": _("This field is required.")})
    today = timezone.localdate()
    case = ServiceCase(
        community=community,
        item=item,
        number=f"BJ{today:%y%m%d}{secrets.randbelow(10**6):06d}",
        applicant_name=applicant_name.strip(),
        accepted_on=today,
        due_on=today + timedelta(days=item.time_limit_days),
        note=note,
        created_by=acting_user,
    )
    if phone:
        phone = normalise_phone(phone)
        validate_phone(phone)
        store_protected(case, "applicant_phone", phone, kind="phone", masker=mask_phone)
    case.save()
    return case


def _locked(case, acting_user) -> ServiceCase:
    """The case, locked, once `acting_user` may change it where it lies."""
    case = ServiceCase.objects.unscoped("case transition").select_for_update().get(pk=case.pk)
    if not may(acting_user, "change", case):
        raise PermissionDenied
    return case


@transaction.atomic
def record_materials(*, acting_user, case, received: list[str]) -> ServiceCase:
    case = _locked(case, acting_user)
    if case.status not in CaseStatus.open():
        raise IllegalTransition(_("The case is finished; its materials can no longer change."))
    case.materials_received = [m for m in case.item.material_list if m in received]
    case.save(update_fields=["materials_received", "last_updated"])
    return case


@transaction.atomic
def start(*, acting_user, case) -> ServiceCase:
    case = _locked(case, acting_user)
    if case.status != CaseStatus.ACCEPTED:
        raise IllegalTransition(_("Only an accepted case can start processing."))
    case.status = CaseStatus.PROCESSING
    case.save(update_fields=["status", "last_updated"])
    return case


@transaction.atomic
def complete(*, acting_user, case) -> ServiceCase:
    """Finished: only with every required material received."""
    case = _locked(case, acting_user)
    if case.status not in CaseStatus.open():
        raise IllegalTransition(_("The case is already finished."))
    if case.missing_materials:
        raise ValidationError(
            {"materials_received": _("Materials missing: {names}").format(names="、".join(case.missing_materials))}
        )
    case.status, case.completed_on = CaseStatus.COMPLETED, timezone.localdate()
    case.save(update_fields=["status", "completed_on", "last_updated"])
    return case


@transaction.atomic
def reject(*, acting_user, case, reason: str) -> ServiceCase:
    case = _locked(case, acting_user)
    if not reason.strip():
        raise ValidationError({"reject_reason": _("Say why the application is rejected.")})
    if case.status not in CaseStatus.open():
        raise IllegalTransition(_("The case is already finished."))
    case.status, case.reject_reason, case.completed_on = CaseStatus.REJECTED, reason.strip(), timezone.localdate()
    case.save(update_fields=["status", "reject_reason", "completed_on", "last_updated"])
    return case


@transaction.atomic
def record_review(*, acting_user, review: AllowanceReview, day, status: str, reason: str = "") -> AllowanceReview:
    """A periodic review (SVC-2): the new status, with a reason when it changes; the next review follows."""
    if not may(acting_user, "change", review):
        raise PermissionDenied
    if status not in AllowanceStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    if status != review.status and not reason.strip():
        raise ValidationError({"status_reason": _("Give the reason for the change of status.")})
    if day > timezone.localdate():
        raise ValidationError({"last_review_on": _("A review cannot be in the future.")})
    review.status, review.last_review_on = status, day
    if reason.strip():
        review.status_reason = reason.strip()
    review.save()
    return review
