"""The ledger's writes (issue #15, FIN-1, FIN-3; ADR 0018): every entry through `post`, which checks the amounts,
that the entry balances and that no earmark goes below zero, locks the accounts it touches (so that two
disbursements against the last of an earmark cannot both pass), writes the entry, its postings and the accounts'
new balances in one transaction, and seals the entry. Nothing is ever updated or deleted: `reverse` corrects."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_UP, Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext as _

from shequ.core.errors import IllegalTransition
from shequ.core.rights import user_may
from shequ.funding.choices import (
    AccountKind,
    AuditStatus,
    DonationStatus,
    DonorKind,
    EntryKind,
    FundKind,
    ProjectStatus,
)
from shequ.funding.models import MAX_AMOUNT, Account, Audit, Donation, Entry, FundraisingProject, Posting

__all__ = [
    "allocate", "allocate_item", "amount_of", "cancel_donation", "close_audit", "disburse", "post", "receive_donation",
    "required_minimum", "reverse",
]  # fmt: skip

FEN = Decimal("0.01")
POST = "funding.add_entry"


def _ledger_name(name: str, **values) -> str:
    """The name of an account the services open on first use and find again by it: in the site's language, whatever
    the user's, or an English request would open a second account (and a second lock on the receipt numbers)."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext(str(name)).format(**values)[:100]


def amount_of(value, field: str = "amount") -> Decimal:
    """A positive amount of yuan with at most two decimals, at most `MAX_AMOUNT`; otherwise refused naming the
    field (never a float: text and Decimals only)."""
    if isinstance(value, float):
        raise ValidationError({field: _("An amount is given as text or a decimal, never as a float.")})
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("Amount: not a number.")}) from None
    if not amount.is_finite():
        raise ValidationError({field: _("Amount: not a number.")})
    if amount <= 0:
        raise ValidationError({field: _("Amount: must be greater than zero.")})
    if amount > MAX_AMOUNT:  # first: "1e999999" has no fen to quantize to (InvalidOperation)
        raise ValidationError({field: _("Amount: at most 9,999,999,999.99 yuan.")})
    if amount != amount.quantize(FEN):
        raise ValidationError({field: _("Amount: at most two decimals (fen).")})
    return amount.quantize(FEN)


@dataclass(frozen=True)
class Line:
    account: Account
    amount: Decimal  # debit positive, credit negative


def post(
    *, acting_user, division, day: date, kind: str, description: str, lines, community=None, item=None, reverses=None
) -> Entry:
    """Write one balanced entry to `division`'s ledger, or nothing at all."""
    if not user_may(acting_user, POST, division.code):
        raise PermissionDenied
    lines = [Line(account, amount) for account, amount in lines]
    if len(lines) < 2:
        raise ValidationError(_("An entry has at least two postings."))
    if sum((line.amount for line in lines), Decimal(0)) != 0:
        raise ValidationError(_("The entry does not balance: its debits and credits differ."))
    if any(line.amount == 0 or line.amount != line.amount.quantize(FEN) for line in lines):
        raise ValidationError(_("Every posting is a non-zero amount with at most two decimals."))
    if any(line.account.division_id != division.pk for line in lines):
        raise ValidationError(_("Every account of an entry belongs to the same ledger."))
    if any(line.account.kind == AccountKind.BANK for line in lines):
        raise ValidationError(_("Money is posted to the earmarked sub-accounts, not to the bank account itself."))
    with transaction.atomic():
        # Lock in a fixed order (no deadlock between two entries touching the same accounts), then read the balances
        # as they are now, under the lock.
        ids = sorted({line.account.pk for line in lines})
        locked = {a.pk: a for a in Account.objects.unscoped("locked by post").select_for_update().filter(pk__in=ids)}
        change: dict[int, Decimal] = {}
        for line in lines:
            change[line.account.pk] = change.get(line.account.pk, Decimal(0)) + line.amount
        for pk, delta in change.items():
            account = locked[pk]
            if account.kind == AccountKind.EARMARK and account.balance + delta < 0:
                raise ValidationError(
                    {
                        "amount": _("Refused: {account} holds {balance} yuan; {amount} yuan would overdraw it.").format(
                            account=account, balance=account.balance, amount=-delta
                        )
                    }
                )
        entry = Entry(
            division=division,
            day=day,
            kind=kind,
            description=description,
            community=community,
            item=item,
            reverses=reverses,
            created_by=acting_user,
        )
        entry.full_clean(exclude=["digest"])
        entry.save()
        Posting.objects.bulk_create(
            Posting(entry=entry, account_id=line.account.pk, amount=line.amount) for line in lines
        )
        for pk, delta in change.items():
            Account.objects.unscoped("balance kept by post").filter(pk=pk).update(balance=F("balance") + delta)
        entry.digest = entry.seal([(line.account.pk, line.amount) for line in lines])
        Entry.objects.unscoped("sealed once, on posting").filter(pk=entry.pk).update(digest=entry.digest)
    return entry


def allocate(
    *, acting_user, earmark: Account, source: Account, amount, description: str, day=None, item=None, donation=False
):
    """Money arrives in an earmarked sub-account from a source (an allocation from above, a donation). Donations
    arrive only through `receive_donation` (`donation=True`), with their donor and receipt."""
    amount = amount_of(amount)
    _kinds(earmark, AccountKind.EARMARK, "earmark")
    _kinds(source, AccountKind.SOURCE, "source")
    if source.fund == FundKind.FUNDRAISING and not donation:
        raise ValidationError(
            {"source": _("Donations arrive with their donor and receipt: record the donation on its project.")}
        )
    return post(
        acting_user=acting_user,
        division=earmark.division,
        day=day or timezone.localdate(),
        kind=EntryKind.ALLOCATION,
        description=description,
        lines=[(earmark, amount), (source, -amount)],
        item=item,
    )


def disburse(*, acting_user, earmark: Account, expense: Account, amount, description: str, day=None, community=None):
    """Money leaves an earmarked sub-account for what it was earmarked for; never more than it holds."""
    amount = amount_of(amount)
    _kinds(earmark, AccountKind.EARMARK, "earmark")
    _kinds(expense, AccountKind.EXPENSE, "expense")
    return post(
        acting_user=acting_user,
        division=earmark.division,
        day=day or timezone.localdate(),
        kind=EntryKind.DISBURSEMENT,
        description=description,
        lines=[(expense, amount), (earmark, -amount)],
        community=community,
    )


def reverse(*, acting_user, entry: Entry, reason: str, day=None) -> Entry:
    """The correction of a posted entry: the same postings with their signs turned, once. A donation's entry is
    reversed only by cancelling the donation (`cancel_donation`), so that the donation, its receipt and the
    project's total move with the money."""
    donation = Donation.objects.unscoped("the entry's donation").filter(entry=entry).first()
    if donation is not None:
        raise IllegalTransition(
            _("This entry records donation {receipt}: cancel the donation instead.").format(
                receipt=donation.receipt_number
            )
        )
    return _reverse(acting_user=acting_user, entry=entry, reason=reason, day=day)


def _reverse(*, acting_user, entry: Entry, reason: str, day=None) -> Entry:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the reversal.")})
    if entry.kind == EntryKind.REVERSAL:
        raise IllegalTransition(_("A reversal is not reversed: post the entry again."))
    if Entry.objects.unscoped("reversed once").filter(reverses=entry).exists():
        raise IllegalTransition(_("This entry has already been reversed."))
    lines = [(p.account, -p.amount) for p in entry.postings.select_related("account")]
    return post(
        acting_user=acting_user,
        division=entry.division,
        day=day or timezone.localdate(),
        kind=EntryKind.REVERSAL,
        description=_("Reversal of #{number}: {reason}").format(number=entry.pk, reason=reason)[:200],
        lines=lines,
        community=entry.community,
        item=entry.item,
        reverses=entry,
    )


def allocate_item(*, acting_user, item, street, year: int, bank: Account) -> Entry:
    """费随事转 (FIN-1): an admitted item's funding for `year`, for each community of `street`, becomes one
    allocation into the street's earmark for that item (made on first use), traceable from the item."""
    communities = street.children.filter(level="community").count()
    amount = (item.funding_per_community * communities).quantize(FEN)
    if amount <= 0:
        raise ValidationError({"item": _("The admitted item carries no funding for this street's communities.")})
    with transaction.atomic():
        earmark, _new = Account.objects.unscoped("the item's earmark").get_or_create(
            division=street,
            name=f"{item.code} {item.name}"[:100],
            defaults={
                "kind": AccountKind.EARMARK,
                "parent": bank,
                "fund": "admitted_work",
                "item": item,
                "created_by": acting_user,
            },
        )
        source, _new = Account.objects.unscoped("the department's source").get_or_create(
            division=street,
            name=_ledger_name(gettext_noop("Allocations from {department}"), department=item.department),
            defaults={"kind": AccountKind.SOURCE, "created_by": acting_user},
        )
        return allocate(
            acting_user=acting_user,
            earmark=earmark,
            source=source,
            amount=amount,
            item=item,
            description=_("{year} funding of {item} for {count} communities").format(
                year=year, item=item, count=communities
            )[:200],
        )


def _kinds(account: Account, kind: str, field: str) -> None:
    if account.kind != kind:
        raise ValidationError({field: _("{account} is not an account of this kind.").format(account=account)})


def required_minimum(subsidy: Decimal, wage: Decimal, rate: Decimal) -> Decimal:
    """Next year's minimum living subsidy (FIN-2): below the average social wage, the subsidy plus the catch-up
    rate's share of the gap, rounded up to the fen; at or above it, the subsidy itself."""
    gap = wage - subsidy
    if gap <= 0:
        return subsidy
    return (subsidy + gap * rate / Decimal(100)).quantize(FEN, rounding=ROUND_UP)


# ---- voluntary fundraising (FIN-1) and special audits (FIN-3) ----------------------------------------------------

RECEIPT_PREFIX = "JZ"


def donations_source(earmark: Account) -> Account:
    """The ledger's source account of donations (made on first use): every donation of a street passes through it,
    so locking it orders the street's receipt numbers."""
    source, _new = Account.objects.unscoped("the ledger's donations source").get_or_create(
        division=earmark.division,
        name=_ledger_name(gettext_noop("Donations received")),
        defaults={"kind": AccountKind.SOURCE, "fund": FundKind.FUNDRAISING},
    )
    return source


def receive_donation(
    *, acting_user, project: FundraisingProject, donor_name: str, donor_kind: str, amount, received_on=None,
    anonymous: bool = False,
) -> Donation:  # fmt: skip
    """Record one voluntary donation (FIN-1): an allocation from the ledger's donations source into the project's
    earmarked sub-account, and the next receipt number of the street for the year ("JZ2026-000123"), in one
    transaction. Only the donor's name and kind are kept (never an ID or phone number)."""
    amount = amount_of(amount)
    donor_name = (donor_name or "").strip()
    errors = {}
    if not donor_name:
        errors["donor_name"] = _("Give the donor's name.")
    elif len(donor_name) > 100:
        errors["donor_name"] = _("The donor's name is at most 100 characters.")
    if donor_kind not in DonorKind.values:
        errors["donor_kind"] = _("The donor is a person or a unit.")
    elif anonymous and donor_kind != DonorKind.PERSON:
        errors["anonymous"] = _("Only a person may give anonymously.")
    received_on = received_on or timezone.localdate()
    if received_on > timezone.localdate():
        errors["received_on"] = _("A donation is recorded once it has been received, not before.")
    if project.status != ProjectStatus.OPEN:
        errors["project"] = _("The fundraising project is closed: it receives no donations.")
    elif received_on < project.starts_on or (project.ends_on and received_on > project.ends_on):
        errors["received_on"] = _("The fundraising project did not receive donations on that day.")
    if errors:
        raise ValidationError(errors)
    if not user_may(acting_user, "funding.add_donation", project.division_code):
        raise PermissionDenied
    earmark = project.earmark
    with transaction.atomic():
        source = donations_source(earmark)
        # Held to the end of the transaction: two donations of one street are numbered one after the other. Both
        # accounts the entry touches, in `post`'s order (the accounts' ordering), so that a cancellation locking them
        # in that order meanwhile cannot deadlock with this donation.
        list(Account.objects.unscoped("orders the receipts").select_for_update().filter(pk__in=[earmark.pk, source.pk]))
        issuer = earmark.division
        prefix = f"{RECEIPT_PREFIX}{received_on.year}-"
        last = (
            Donation.objects.unscoped("the street's last receipt")
            .filter(issuer=issuer, receipt_number__startswith=prefix)
            .order_by("-receipt_number")
            .values_list("receipt_number", flat=True)
            .first()
        )
        number = f"{prefix}{(int(last[len(prefix) :]) if last else 0) + 1:06d}"
        entry = allocate(
            acting_user=acting_user,
            earmark=earmark,
            source=source,
            amount=amount,
            donation=True,
            day=received_on,
            description=_("Donation {receipt} to {project}").format(receipt=number, project=project)[:200],
        )
        donation = Donation(
            project=project,
            donor_name=donor_name,
            donor_kind=donor_kind,
            anonymous=anonymous,
            amount=amount,
            received_on=received_on,
            receipt_number=number,
            issuer=issuer,
            entry=entry,
            created_by=acting_user,
        )
        donation.full_clean()
        donation.save()
    return donation


def cancel_donation(*, acting_user, donation: Donation, reason: str, day=None) -> Donation:
    """The correction of a recorded donation (FIN-1): its entry reversed and the donation marked cancelled with the
    reason, once; its receipt number stays issued (the receipt is void, not reused)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the cancellation.")})
    if not user_may(acting_user, "funding.change_donation", donation.division_code):
        raise PermissionDenied
    with transaction.atomic():
        donation = Donation.objects.unscoped("locked for the cancellation").select_for_update().get(pk=donation.pk)
        if donation.status == DonationStatus.CANCELLED:
            raise IllegalTransition(_("This donation has already been cancelled."))
        reversal = _reverse(
            acting_user=acting_user,
            entry=donation.entry,
            reason=_("donation {receipt} cancelled: {reason}").format(receipt=donation.receipt_number, reason=reason),
            day=day,
        )
        donation.status = DonationStatus.CANCELLED
        donation.cancelled_on = reversal.day
        donation.cancel_reason = reason[:150]
        donation.cancellation = reversal
        donation.save(update_fields=["status", "cancelled_on", "cancel_reason", "cancellation", "last_updated"])
    return donation


def close_audit(*, acting_user, audit: Audit, day=None) -> Audit:
    """Close a special audit (FIN-3): refused while one of its findings is not rectified."""
    if not user_may(acting_user, "funding.change_audit", audit.division_code):
        raise PermissionDenied
    with transaction.atomic():
        audit = Audit.objects.unscoped("locked for closing").select_for_update().get(pk=audit.pk)
        if audit.status == AuditStatus.CLOSED:
            raise IllegalTransition(_("This audit is already closed."))
        audit.status = AuditStatus.CLOSED
        audit.closed_on = day or timezone.localdate()
        audit.full_clean()
        audit.save()
    return audit
