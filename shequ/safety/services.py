"""Writes beyond a form (issue #17): a dispute work order becomes a case in one step, and closing a case replies on
its order (GOV-3); a device status report is taken idempotently (GOV-2). Each takes `acting_user`, asks `core.rights`
whether that user may make it, and runs in one transaction (issue #11)."""

import hashlib
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core.crypto import blind_index
from shequ.core.errors import IllegalTransition
from shequ.core.rights import may, permission_for, user_may
from shequ.safety.choices import DeviceStatus, DisputeKind, MediationOutcome, MediationStage, PartyRole
from shequ.safety.models import (
    DeviceStatusReport,
    DisputeCase,
    DisputeParty,
    HelpEducationCase,
    SurveillanceDevice,
    VideoPlatformClient,
)
from shequ.safety.personal import protect_party
from shequ.workorders.access import may_act
from shequ.workorders.choices import OrderStatus
from shequ.workorders.models import WorkOrder
from shequ.workorders.services.transitions import perform

__all__ = [
    "MEDIATION_DAYS",
    "case_from_order",
    "close_case",
    "duplicate_help_kind",
    "platform_client",
    "platform_key_digest",
    "report_from_platform",
    "report_status",
]

# The order states from which its handling unit may reply (`workorders.steps`).
REPLYABLE = (OrderStatus.ACCEPTED, OrderStatus.IN_PROGRESS)

# A people's mediation committee ends a mediation within 30 days of accepting it, unless the parties agree to
# continue (the practice most provinces' rules under the People's Mediation Law write down).
MEDIATION_DAYS = 30


@transaction.atomic
def case_from_order(
    *, acting_user, order: WorkOrder, kind: str = DisputeKind.NEIGHBOURS, title: str = ""
) -> DisputeCase:
    """Open a dispute case from a work order: its community, description and caller (as the applicant, with the
    phone re-encrypted for the party register) carried over; the deadline is `MEDIATION_DAYS` from today. Refused
    for an order the user may not see, without a community, or already made into a case."""
    order = WorkOrder.objects.unscoped("case from order").select_for_update().get(pk=order.pk)
    if not may(acting_user, "view", order):
        raise PermissionDenied
    if order.community_id is None:
        raise ValidationError({"work_order": _("The work order has no community yet; assign one first.")})
    if not user_may(acting_user, permission_for(DisputeCase, "add"), order.community.code):
        raise PermissionDenied
    if kind not in DisputeKind.values:
        raise ValidationError({"kind": _("Choose the kind of dispute.")})
    if DisputeCase.objects.unscoped("one case per order").filter(work_order=order).exists():
        raise ValidationError({"work_order": _("This work order has already been made into a dispute case.")})
    today = timezone.localdate()
    case = DisputeCase(
        community=order.community,
        number=f"TJ{order.number}",
        title=(title or order.description).strip()[:100],
        kind=kind,
        summary=order.description,
        opened_on=today,
        deadline=today + timedelta(days=MEDIATION_DAYS),
        work_order=order,
        created_by=acting_user,
    )
    case.full_clean(exclude=["work_order"])
    case.save()
    if order.caller_name:
        party = DisputeParty(case=case, role=PartyRole.APPLICANT, name=order.caller_name[:50], created_by=acting_user)
        phone = order.reveal("caller_phone")
        protect_party(party, phone=phone or None, id_number=None)
        party.save()
    return case


@transaction.atomic
def close_case(
    *, acting_user, case: DisputeCase, outcome: str, agreement: str = "", day=None, reply: str = ""
) -> DisputeCase:
    """Close a case with its outcome (an agreement's terms are required); if it came from a work order on which
    `acting_user` may now reply (the order accepted or in progress, the user of its handling unit), the outcome is
    the order's reply (GOV-3: "the case's closing replies on the order"): the user's own words if given, else the
    outcome and the agreement. Otherwise the order is left to its handling unit."""
    case = DisputeCase.objects.unscoped("close case").select_for_update().get(pk=case.pk)
    if not may(acting_user, "change", case):
        raise PermissionDenied
    if case.stage == MediationStage.CLOSED:
        raise IllegalTransition(_("The case is already closed."))
    if outcome not in MediationOutcome.values:
        raise ValidationError({"outcome": _("Choose the outcome of the mediation.")})
    case.stage, case.outcome, case.agreement = MediationStage.CLOSED, outcome, (agreement or case.agreement).strip()
    case.closed_on = day or timezone.localdate()
    case.full_clean()
    case.save()
    order = case.work_order
    if order is not None and order.status in REPLYABLE and may_act(acting_user, order, "reply"):
        text = (
            reply.strip()
            or _("Mediation closed: {outcome}. {agreement}")
            .format(outcome=case.get_outcome_display(), agreement=case.agreement)
            .strip()
        )
        perform(order, "reply", actor=acting_user, text=text)
    return case


@transaction.atomic
def report_status(
    *, acting_user, code: str, status: str, reported_at, note: str = ""
) -> tuple[DeviceStatusReport, bool]:
    """A device's status at a moment, by hand or through a staff API account's token (GOV-2). Idempotent: the same
    report again returns the stored one (`created` False); a different status for the same device and moment is
    refused, as is a device code unknown within the caller's jurisdiction."""
    device = SurveillanceDevice.objects.restrict(acting_user, "view").filter(code=(code or "").strip()).first()
    if device is None:
        raise ValidationError({"device": _("No surveillance device with this code within your jurisdiction.")})
    if not user_may(acting_user, permission_for(DeviceStatusReport, "add"), device.division_code):
        raise PermissionDenied
    return _store_report(device, status, reported_at, note, created_by=acting_user)


def platform_key_digest(key: str) -> str:
    """How a video platform's key is stored and looked up (SHA-256, as Open311 keys are)."""
    return hashlib.sha256(key.encode()).hexdigest()


def platform_client(key: str) -> VideoPlatformClient | None:
    """The active video platform holding `key`, or None."""
    if not key:
        return None
    return (
        VideoPlatformClient.objects.select_related("division")
        .filter(key_digest=platform_key_digest(key), active=True)
        .first()
    )


@transaction.atomic
def report_from_platform(
    *, client: VideoPlatformClient, code: str, status: str, reported_at, note: str = ""
) -> tuple[DeviceStatusReport, bool]:
    """A status report posted by a video platform with its own key (GOV-2): only for a device within the client's
    division (a device elsewhere is refused exactly as an unknown one, so a key learns nothing beyond its area);
    idempotent as `report_status`. The report names the client."""
    device = (
        SurveillanceDevice.objects.unscoped("video platform report")
        .within(client.division.prefix)
        .filter(code=(code or "").strip())
        .first()
    )
    if device is None:
        raise ValidationError({"device": _("No surveillance device with this code that this platform reports for.")})
    return _store_report(device, status, reported_at, note, created_by=None, client=client)


def _store_report(device, status, reported_at, note, *, created_by, client=None) -> tuple[DeviceStatusReport, bool]:
    if status not in DeviceStatus.values:
        raise ValidationError({"status": _("Choose the device's status.")})
    existing = DeviceStatusReport.objects.unscoped("idempotent report").filter(device=device, reported_at=reported_at)
    stored = existing.first()
    if stored is not None:
        if stored.status != status:
            raise ValidationError(
                {"status": _("A different status was already reported for this device at this moment.")}
            )
        return stored, False
    report = DeviceStatusReport(
        device=device,
        status=status,
        reported_at=reported_at,
        note=(note or "").strip(),
        created_by=created_by,
        client=client,
    )
    report.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:  # the same report posted twice at once: the other one is stored, answer as a repeat
        stored = existing.first()
        if stored is None or stored.status != status:
            raise ValidationError(
                {"status": _("A different status was already reported for this device at this moment.")}
            ) from None
        return stored, False
    return report, True


def duplicate_help_kind(resident, kind: str, *, exclude=None) -> bool:
    """Whether `resident` already has a help-and-education case of `kind` (GOV-4): found by the kind's blind index,
    since the kind itself is stored only encrypted. Asked by the form and the serializer before saving, so that the
    unique constraint never surfaces as an error page."""
    digest = blind_index(kind, kind=f"{HelpEducationCase._meta.label_lower}.kind")
    cases = HelpEducationCase.objects.unscoped("uniqueness of a sealed kind").filter(
        resident=resident, kind_digest=digest
    )
    return cases.exclude(pk=exclude).exists() if exclude else cases.exists()
