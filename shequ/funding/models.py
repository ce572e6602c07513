"""The money (issue #15): budgets per level and year (FIN-1), a street office's earmarked ledger in double entry
(FIN-3; ADR 0018) and the subsidy standard tied to the average social wage (FIN-2).

Amounts are exact: `Decimal` in fen (two places), never floats. Ledger entries are append-only: an entry and its
postings are written once by `services.post` and never changed or deleted; a correction is a reversing entry."""

import hashlib
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from shequ.core.dates import not_before, not_in_future
from shequ.core.errors import IllegalTransition
from shequ.core.models import DivisionRecord, Linked, ScopedModel
from shequ.funding.choices import AccountKind, EntryKind, FundKind

__all__ = ["MAX_AMOUNT", "Account", "Budget", "Entry", "Posting", "SocialWage", "WorkerPay"]

MAX_AMOUNT = Decimal("9999999999.99")  # ten billion yuan: beyond any street's or city's fund, a typing error
MIN_YEAR, MAX_YEAR = 2015, 2100
YEAR = [MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]
AMOUNT = [MinValueValidator(Decimal("0.00")), MaxValueValidator(MAX_AMOUNT)]


def money(verbose_name, **kwargs):
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=2, validators=AMOUNT, **kwargs)


class Budget(Linked, DivisionRecord):
    """A fund's budget for one year at one level (FIN-1): a city's, district's, street's or community's."""

    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    fund = models.CharField(_("fund"), max_length=20, choices=FundKind.choices)
    amount = money(_("amount (yuan)"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        ordering = ["division_code", "-year", "fund"]
        constraints = [
            models.UniqueConstraint(
                fields=["division", "year", "fund"],
                name="funding_budget_unique_fund_year",
                violation_error_message=_("This division already has a budget for this fund and year."),
            )
        ]

    def __str__(self):
        return f"{self.division} {self.year} {self.get_fund_display()}"


class Account(Linked, DivisionRecord):
    """An account of a street office's ledger (FIN-3): the bank account, an earmarked sub-account under it (专款专用,
    分账核算), a source of funds or a line of expenditure. `balance` is kept by `services.post` with every entry
    (debits positive, credits negative) and reconciled with the postings by `manage.py check_ledgers`."""

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=AccountKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("bank account"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sub_accounts",
        limit_choices_to={"kind": AccountKind.BANK},
        help_text=_("The bank account an earmarked sub-account belongs to."),
    )
    fund = models.CharField(_("fund"), max_length=20, choices=FundKind.choices, blank=True)
    item = models.ForeignKey(
        "admission.AdmittedItem",
        verbose_name=_("admitted item"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The admitted item whose funding this earmark receives (费随事转)."),
    )
    balance = models.DecimalField(
        _("balance (yuan)"), max_digits=14, decimal_places=2, default=Decimal("0.00"), editable=False
    )

    class Meta:
        verbose_name = _("ledger account")
        verbose_name_plural = _("ledger accounts")
        ordering = ["division_code", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["division", "name"],
                name="funding_account_unique_name",
                violation_error_message=_("The ledger already has an account of this name."),
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.kind == AccountKind.EARMARK and self.parent_id is None:
            raise ValidationError({"parent": _("An earmarked sub-account belongs to a bank account.")})
        if self.kind != AccountKind.EARMARK and self.parent_id is not None:
            raise ValidationError({"parent": _("Only an earmarked sub-account belongs to a bank account.")})
        if self.parent_id and self.division_id and self.parent.division_id != self.division_id:
            raise ValidationError({"parent": _("The bank account belongs to another ledger.")})
        if self.pk is not None and self.kind != Account.objects.unscoped("kind check").get(pk=self.pk).kind:
            if Posting.objects.filter(account_id=self.pk).exists():
                raise ValidationError({"kind": _("The kind of an account with entries is not changed.")})


class Entry(Linked, DivisionRecord):
    """One journal entry of a street's ledger: two or more postings that sum to zero. Written once by
    `services.post`, never changed or deleted (a correction reverses it); `digest` seals its content, so that
    `check_ledgers` names an entry changed behind the application's back."""

    day = models.DateField(_("date"), validators=[not_before(MIN_YEAR), not_in_future()])
    kind = models.CharField(_("kind"), max_length=20, choices=EntryKind.choices)
    description = models.CharField(_("description"), max_length=200)
    community = models.ForeignKey(
        "regions.Division",
        verbose_name=_("for the community"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"level": "community"},
    )
    item = models.ForeignKey(
        "admission.AdmittedItem",
        verbose_name=_("admitted item"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="allocations",
    )
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("reverses"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversed_by",
    )
    digest = models.CharField(_("digest"), max_length=64, editable=False)

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["division_code", "-day", "-pk"]
        # The list's order within a ledger: its first page is read from the index, not sorted out of millions of
        # entries (bench/earmark_bench.py).
        indexes = [models.Index(fields=["division_code", "-day", "-id"], name="funding_entry_ledger_order")]

    def __str__(self):
        return f"#{self.pk} {self.day:%Y-%m-%d} {self.description}"

    def seal(self, lines) -> str:
        """The digest of the entry's content and its postings `[(account id, amount)]`."""
        parts = [
            str(self.pk),
            self.division_code,
            self.day.isoformat(),
            self.kind,
            self.description,
            str(self.community_id or ""),
            str(self.item_id or ""),
            str(self.reverses_id or ""),
            *(f"{account}:{amount:.2f}" for account, amount in sorted(lines)),
        ]
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise IllegalTransition(_("A posted entry is never changed: reverse it instead."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise IllegalTransition(_("A posted entry is never deleted: reverse it instead."))


class Posting(models.Model):
    """One line of an entry: an amount to one account, debit positive, credit negative (append-only)."""

    entry = models.ForeignKey(Entry, verbose_name=_("entry"), on_delete=models.PROTECT, related_name="postings")
    account = models.ForeignKey(Account, verbose_name=_("account"), on_delete=models.PROTECT, related_name="postings")
    amount = models.DecimalField(_("amount (yuan)"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("posting")
        verbose_name_plural = _("postings")
        ordering = ["entry", "pk"]
        indexes = [models.Index(fields=["account", "entry"], name="funding_posting_account")]

    def __str__(self):
        return f"{self.account} {self.amount}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise IllegalTransition(_("A posted entry is never changed: reverse it instead."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise IllegalTransition(_("A posted entry is never deleted: reverse it instead."))

    @property
    def debit(self) -> Decimal | None:
        return self.amount if self.amount > 0 else None

    @property
    def credit(self) -> Decimal | None:
        return -self.amount if self.amount < 0 else None


class SocialWage(Linked, DivisionRecord):
    """The average social wage of a city for a year, and the catch-up rate that closes the gap of community workers'
    living subsidies to it (FIN-2). Entered for the city; a district or street with its own figure may have one,
    and a community's nearest applies (`checks.wages`)."""

    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    average_wage = models.DecimalField(
        _("average social wage (yuan per year)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("10000.00")), MaxValueValidator(Decimal("1000000.00"))],
    )
    catch_up_rate = models.DecimalField(
        _("catch-up rate (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("10.00"),
        validators=[MinValueValidator(Decimal("0.00")), MaxValueValidator(Decimal("100.00"))],
        help_text=_("The share of the gap to the average wage closed each year; the policy says 10–20 %."),
    )

    class Meta:
        verbose_name = _("average social wage")
        verbose_name_plural = _("average social wages")
        ordering = ["division_code", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["division", "year"],
                name="funding_socialwage_unique_year",
                violation_error_message=_("The average social wage of this year is already entered."),
            )
        ]

    def __str__(self):
        return f"{self.division} {self.year}"


class WorkerPay(Linked, ScopedModel):
    """A community worker's living subsidy for a year and whether social insurance is paid for them (FIN-2)."""

    worker = models.ForeignKey(
        "workforce.CommunityWorker", verbose_name=_("worker"), on_delete=models.CASCADE, related_name="pay"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    living_subsidy = models.DecimalField(
        _("living subsidy (yuan per year)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.00")), MaxValueValidator(Decimal("1000000.00"))],
    )
    social_insurance = models.BooleanField(_("social insurance enrolled"), default=False)
    scope_parent = "worker"

    class Meta:
        verbose_name = _("worker's pay")
        verbose_name_plural = _("workers' pay")
        ordering = ["division_code", "-year", "worker"]
        constraints = [
            models.UniqueConstraint(
                fields=["worker", "year"],
                name="funding_workerpay_unique_year",
                violation_error_message=_("The worker's pay for this year is already entered."),
            )
        ]

    def __str__(self):
        return f"{self.worker} {self.year}"
