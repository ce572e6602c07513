"""The ledger's writes (issue #15, FIN-1, FIN-3; ADR 0018): every entry through `post`, which checks the amounts,
that the entry balances and that no earmark goes below zero, locks the accounts it touches (so that two
disbursements against the last of an earmark cannot both pass), writes the entry, its postings and the accounts'
new balances in one transaction, and seals the entry. Nothing is ever updated or deleted: `reverse` corrects."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_UP, Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core.errors import IllegalTransition
from shequ.core.rights import user_may
from shequ.funding.choices import AccountKind, EntryKind
from shequ.funding.models import MAX_AMOUNT, Account, Entry, Posting

__all__ = ["allocate", "allocate_item", "amount_of", "disburse", "post", "required_minimum", "reverse"]

FEN = Decimal("0.01")
POST = "funding.add_entry"


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
    if amount != amount.quantize(FEN):
        raise ValidationError({field: _("Amount: at most two decimals (fen).")})
    if amount > MAX_AMOUNT:
        raise ValidationError({field: _("Amount: at most 9,999,999,999.99 yuan.")})
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


def allocate(*, acting_user, earmark: Account, source: Account, amount, description: str, day=None, item=None):
    """Money arrives in an earmarked sub-account from a source (an allocation from above, a donation)."""
    amount = amount_of(amount)
    _kinds(earmark, AccountKind.EARMARK, "earmark")
    _kinds(source, AccountKind.SOURCE, "source")
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
    """The correction of a posted entry: the same postings with their signs turned, once."""
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
            name=_("Allocations from {department}").format(department=item.department)[:100],
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
