"""Reconciliation of the ledgers (FIN-3): every entry balances and still has the content it was sealed with, and
every account's stored balance is the sum of its postings. What differs was changed behind the application's back
(SQL, a restored backup); each finding names the entry or account."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from shequ.funding.models import Account, Entry, Posting

__all__ = ["reconcile"]

CHUNK = 2000


def reconcile(prefix: str = "") -> list[str]:
    """The findings for the ledgers at or below the division prefix `prefix` (all of them by default)."""
    findings: list[str] = []
    entries = Entry.objects.unscoped("reconciliation reads every entry").order_by("pk")
    accounts = Account.objects.unscoped("reconciliation reads every account").order_by("pk")
    if prefix:
        entries, accounts = entries.within(prefix), accounts.within(prefix)
    last = 0
    while True:
        batch = list(entries.filter(pk__gt=last)[:CHUNK])
        if not batch:
            break
        last = batch[-1].pk
        lines = defaultdict(list)
        for entry_id, account_id, amount in Posting.objects.filter(entry__in=batch).values_list(
            "entry_id", "account_id", "amount"
        ):
            lines[entry_id].append((account_id, amount))
        for entry in batch:
            postings = lines[entry.pk]
            total = sum((amount for _account, amount in postings), Decimal(0))
            if total != 0:
                findings.append(
                    _("Entry #{number} ({day}) does not balance: its postings sum to {total}.").format(
                        number=entry.pk, day=entry.day, total=total
                    )
                )
            if entry.seal(postings) != entry.digest:
                findings.append(
                    _("Entry #{number} ({day}) differs from what was posted: changed behind the application.").format(
                        number=entry.pk, day=entry.day
                    )
                )
    sums = dict(
        Posting.objects.filter(account__in=accounts)
        .values("account_id")
        .annotate(total=Sum("amount"))
        .values_list("account_id", "total")
    )
    for account in accounts.iterator(chunk_size=CHUNK):
        # SQLite's SUM drops the scale (500, not 500.00): amounts are in fen, shown with two places on both engines.
        expected = (sums.get(account.pk) or Decimal(0)).quantize(Decimal("0.01"))
        if account.balance != expected:
            findings.append(
                _("Account #{number} “{name}”: stored balance {balance}, its postings sum to {expected}.").format(
                    number=account.pk, name=account.name, balance=account.balance, expected=expected
                )
            )
    return findings
