"""Domain writes of the admission gate (issue #15, ADM-1): publishing and versioning admitted items, sending
requests to the communities of a division, and the community's reply or refusal. Each takes `acting_user`, checks
it with `core.rights` and runs in one transaction."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.admission.access import sender_refusal
from shequ.admission.choices import ItemStatus, RequestStatus
from shequ.admission.models import MAX_HOURS, AdmittedItem, CommunityRequest
from shequ.core.errors import IllegalTransition
from shequ.core.rights import may, user_may
from shequ.regions.models import Division

__all__ = ["MAX_FILE_BYTES", "check_file", "decline", "new_version", "publish", "reply", "send", "withdraw"]

PUBLISH = "admission.publish_admitteditem"
REPLY = "admission.reply_communityrequest"
MAX_FILE_BYTES = 10 * 1024 * 1024
# What a department attaches and a community returns: documents, spreadsheets (a filled ledger template), scans.
FILE_SUFFIXES = (
    ".pdf",
    ".doc",
    ".docx",
    ".xls",
    ".xlsx",
    ".ods",
    ".odt",
    ".wps",
    ".et",
    ".txt",
    ".csv",
    ".jpg",
    ".jpeg",
    ".png",
    ".zip",
)


def check_file(file, field: str) -> None:
    """A request's attachment or a reply's file, from a page or the API: at most 10 MB, of a kind offices exchange
    (the files are only ever served as downloads, never shown inline); otherwise refused naming the field."""
    if file is None:
        return
    name = (getattr(file, "name", "") or "").lower()
    if not name.endswith(FILE_SUFFIXES):
        raise ValidationError(
            {field: _("Refused: a file of this kind is not accepted; send PDF, Word, Excel, WPS, text, images or ZIP.")}
        )
    if file.size > MAX_FILE_BYTES:
        raise ValidationError({field: _("A file is at most 10 MB.")})


def _locked(model, pk):
    return model.objects.unscoped("locked for a step already checked").select_for_update().get(pk=pk)


def publish(*, acting_user, item: AdmittedItem) -> AdmittedItem:
    """The city approves and publishes a drafted item; the version it replaces is superseded."""
    if not user_may(acting_user, PUBLISH, item.division_code):
        raise PermissionDenied
    with transaction.atomic():
        item = _locked(AdmittedItem, item.pk)
        if item.status != ItemStatus.DRAFT:
            raise IllegalTransition(_("Only a draft is published."))
        item.status, item.published_on, item.published_by = ItemStatus.PUBLISHED, timezone.localdate(), acting_user
        item.save()
        if item.previous_id is not None:
            previous = _locked(AdmittedItem, item.previous_id)
            if previous.status == ItemStatus.PUBLISHED:
                previous.status = ItemStatus.SUPERSEDED
                previous.save()
    return item


def withdraw(*, acting_user, item: AdmittedItem) -> AdmittedItem:
    """The city withdraws a published item: no request may cite it from now on."""
    if not user_may(acting_user, PUBLISH, item.division_code):
        raise PermissionDenied
    with transaction.atomic():
        item = _locked(AdmittedItem, item.pk)
        if item.status != ItemStatus.PUBLISHED:
            raise IllegalTransition(_("Only a published item is withdrawn."))
        item.status = ItemStatus.WITHDRAWN
        item.save()
    return item


def new_version(*, acting_user, item: AdmittedItem) -> AdmittedItem:
    """A draft of the next version of a published item, for the department to change and the city to publish."""
    if not may(acting_user, "change", item):
        raise PermissionDenied
    with transaction.atomic():
        item = _locked(AdmittedItem, item.pk)
        if item.status != ItemStatus.PUBLISHED:
            raise IllegalTransition(_("A new version is drafted from the published one."))
        if AdmittedItem.objects.unscoped("one draft per item").filter(previous=item).exists():
            raise IllegalTransition(_("A new version of this item is already drafted."))
        draft = AdmittedItem(
            department=item.department,
            code=item.code,
            version=item.version + 1,
            name=item.name,
            kind=item.kind,
            legal_basis=item.legal_basis,
            funding_per_community=item.funding_per_community,
            valid_from=item.valid_from,
            valid_until=item.valid_until,
            previous=item,
            created_by=acting_user,
        )
        draft.save()
    return draft


def send(*, acting_user, item, division, title: str, content: str = "", deadline=None, attachment=None):
    """One request to each community of `division` (a community, a street's, a district's) within the sender's
    jurisdiction, all citing `item`; the gate refuses the lot, naming why, or sends every one."""
    refusal = sender_refusal(acting_user, item)
    if refusal is not None:
        raise ValidationError({"item": refusal})
    check_file(attachment, "attachment")
    communities = list(
        Division.objects.filter(code__startswith=division.prefix).communities().order_by("code")
        if division.level != "community"
        else [division]
    )
    allowed = [c for c in communities if user_may(acting_user, "admission.add_communityrequest", c.code)]
    if not allowed:
        raise ValidationError({"division": _("No community of this division lies within your jurisdiction.")})
    sent = []
    with transaction.atomic():
        for community in allowed:
            request = CommunityRequest(
                community=community,
                item=item,
                title=title,
                content=content,
                deadline=deadline,
                sent_on=timezone.localdate(),
                created_by=acting_user,
            )
            request.full_clean(exclude=["attachment"])
            if attachment is not None:
                attachment.seek(0)
                request.attachment.save(attachment.name, attachment, save=False)
            request.save()
            sent.append(request)
    return sent


def _answerable(acting_user, request) -> CommunityRequest:
    if not user_may(acting_user, REPLY, request.division_code):
        raise PermissionDenied
    request = _locked(CommunityRequest, request.pk)
    if request.status != RequestStatus.SENT:
        raise IllegalTransition(_("The request has already been answered."))
    return request


def reply(*, acting_user, request: CommunityRequest, text: str, hours=None, file=None) -> CommunityRequest:
    """The community's reply: what it did (text and/or a file, e.g. the filled ledger) and the hours it took."""
    text = (text or "").strip()
    if not text and file is None:
        raise ValidationError({"reply": _("Write the reply or attach the file.")})
    check_file(file, "reply_file")
    if hours is not None:
        hours = Decimal(hours)
        if hours < 0 or hours > MAX_HOURS or hours != hours.quantize(Decimal("0.1")):
            raise ValidationError({"hours": _("Hours spent: a number from 0 to 1000 with at most one decimal.")})
    with transaction.atomic():
        request = _answerable(acting_user, request)
        request.reply, request.hours = text, hours
        request.status, request.replied_on = RequestStatus.REPLIED, timezone.localdate()
        if file is not None:
            request.reply_file.save(file.name, file, save=False)
        request.save()
    return request


def decline(*, acting_user, request: CommunityRequest, reason: str) -> CommunityRequest:
    """The community declines a request outside its admitted scope; the reason is recorded."""
    reason = (reason or "").strip()
    if len(reason) < 4:
        raise ValidationError({"reason": _("Give the reason for declining (at least 4 characters).")})
    if len(reason) > 500:
        raise ValidationError({"reason": _("The reason is at most 500 characters.")})
    with transaction.atomic():
        request = _answerable(acting_user, request)
        request.status, request.decline_reason = RequestStatus.DECLINED, reason
        request.replied_on = timezone.localdate()
        request.save()
    return request
