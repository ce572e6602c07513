"""The money (issue #15): budgets per level and year (FIN-1), a street office's earmarked ledger in double entry
(FIN-3; ADR 0018) and the subsidy standard tied to the average social wage (FIN-2).

Amounts are exact: `Decimal` in fen (two places), never floats. Ledger entries are append-only: an entry and its
postings are written once by `services.post` and never changed or deleted; a correction is a reversing entry."""

import hashlib
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from shequ.core.dates import not_before, not_in_future, within_years
from shequ.core.errors import IllegalTransition
from shequ.core.models import DivisionRecord, Linked, ScopedModel
from shequ.funding.choices import (
    AccountKind,
    AssetKind,
    AssetSource,
    AssetStatus,
    AuditStatus,
    DonationStatus,
    DonorKind,
    EntryKind,
    FundKind,
    ProjectStatus,
)
from shequ.funding.querysets import FindingQuerySet

__all__ = [
    "MAX_AMOUNT", "Account", "Asset", "Audit", "AuditFinding", "Budget", "Donation", "Entry", "FundraisingProject",
    "Posting", "SocialWage", "WorkerPay",
]  # fmt: skip

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


# ---- voluntary fundraising, assets, special audits (FIN-1, FIN-3) ------------------------------------------------


def ledger_divisions(division) -> set:
    """The divisions whose ledger may hold a record of `division`: its own, and for a community its street's."""
    return {division.pk, division.parent_id} if division.level == "community" else {division.pk}


class FundraisingProject(Linked, DivisionRecord):
    """A voluntary fundraising project for public welfare (FIN-1) of a street office or a community: donations go
    into its earmarked sub-account of the street's ledger through `services.receive_donation`. Voluntary: no quota,
    no share assigned to anyone."""

    name = models.CharField(_("name"), max_length=100)
    purpose = models.TextField(_("purpose"), max_length=2000)
    target = models.DecimalField(
        _("target amount (yuan)"), max_digits=12, decimal_places=2, validators=AMOUNT, null=True, blank=True
    )
    starts_on = models.DateField(_("starts on"), validators=[not_before(MIN_YEAR), within_years(future=5)])
    ends_on = models.DateField(
        _("ends on"), null=True, blank=True, validators=[not_before(MIN_YEAR), within_years(future=10)]
    )
    status = models.CharField(_("status"), max_length=10, choices=ProjectStatus.choices, default=ProjectStatus.OPEN)
    earmark = models.ForeignKey(
        Account,
        verbose_name=_("earmarked sub-account"),
        on_delete=models.PROTECT,
        related_name="fundraising_projects",
        help_text=_("The earmarked sub-account of the street's ledger the donations go into."),
    )

    class Meta:
        verbose_name = _("fundraising project")
        verbose_name_plural = _("fundraising projects")
        ordering = ["division_code", "-starts_on", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["division", "name"],
                name="funding_project_unique_name",
                violation_error_message=_("This division already has a fundraising project of this name."),
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.division_id and self.division.level not in ("street", "community"):
            raise ValidationError({"division": _("A fundraising project is a street office's or a community's.")})
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end is not before the start.")})
        if self.earmark_id and self.division_id:
            if self.earmark.kind != AccountKind.EARMARK:
                raise ValidationError({"earmark": _("Donations go into an earmarked sub-account.")})
            if self.earmark.fund != FundKind.FUNDRAISING:  # 专款专用: never into another fund's earmark
                raise ValidationError({"earmark": _("Donations go into an earmarked sub-account for fundraising.")})
            if self.earmark.division_id not in ledger_divisions(self.division):
                raise ValidationError({"earmark": _("The earmarked sub-account belongs to another ledger.")})

    def raised(self) -> Decimal:
        """The donations recorded and not cancelled, in yuan."""
        total = self.donations.filter(status=DonationStatus.RECORDED).aggregate(total=models.Sum("amount"))["total"]
        return total or Decimal("0.00")


class Donation(Linked, ScopedModel):
    """One voluntary donation to a fundraising project (FIN-1), recorded by `services.receive_donation` with its
    allocation entry and receipt number in one transaction; never edited or deleted: a correction reverses the
    entry (`services.cancel_donation`). Neither ID nor phone numbers are kept: the donor's name is all."""

    project = models.ForeignKey(
        FundraisingProject, verbose_name=_("fundraising project"), on_delete=models.PROTECT, related_name="donations"
    )
    donor_name = models.CharField(_("donor"), max_length=100)
    donor_kind = models.CharField(_("donor kind"), max_length=10, choices=DonorKind.choices)
    anonymous = models.BooleanField(
        _("anonymous"), default=False, help_text=_("A person who asks not to be named: shown as anonymous.")
    )
    amount = money(_("amount (yuan)"))
    received_on = models.DateField(_("received on"), validators=[not_before(MIN_YEAR), not_in_future()])
    receipt_number = models.CharField(_("receipt no."), max_length=20, editable=False)
    issuer = models.ForeignKey(
        "regions.Division",
        verbose_name=_("receipts issued by"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        help_text=_("The street office whose ledger received the donation and which numbers its receipts."),
    )
    entry = models.OneToOneField(
        Entry, verbose_name=_("ledger entry"), on_delete=models.PROTECT, related_name="donation", editable=False
    )
    status = models.CharField(
        _("status"), max_length=10, choices=DonationStatus.choices, default=DonationStatus.RECORDED, editable=False
    )
    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True, editable=False)
    cancel_reason = models.CharField(_("reason for the cancellation"), max_length=150, blank=True, editable=False)
    cancellation = models.OneToOneField(
        Entry,
        verbose_name=_("reversing entry"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cancelled_donation",
        editable=False,
    )
    scope_parent = "project"

    class Meta:
        verbose_name = _("donation")
        verbose_name_plural = _("donations")
        ordering = ["division_code", "-received_on", "-receipt_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "receipt_number"],
                name="funding_donation_unique_receipt",
                violation_error_message=_("This receipt number has already been issued."),
            )
        ]

    def __str__(self):
        return f"{self.receipt_number} {self.shown_donor}"

    @property
    def shown_donor(self) -> str:
        """The donor as receipts, disclosures and the public see it: an anonymous donor is never named."""
        return str(_("Anonymous")) if self.anonymous else self.donor_name

    def delete(self, *args, **kwargs):
        raise IllegalTransition(_("A recorded donation is never deleted: cancel it instead."))


class Asset(Linked, DivisionRecord):
    """An asset formed from government money or donations (FIN-3), registered with its source, value and custodian
    at the street office or community that supervises it."""

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=AssetKind.choices)
    source = models.CharField(_("source of funds"), max_length=20, choices=AssetSource.choices)
    value = money(_("value (yuan)"))
    acquired_on = models.DateField(_("acquired on"), validators=[not_before(1949), not_in_future()])
    custodian = models.CharField(_("custodian"), max_length=100, help_text=_("The unit or person who keeps the asset."))
    location = models.CharField(_("location"), max_length=200, blank=True)
    # Not named `community`: the platform's API field of that name is always required (`community_field`).
    used_in = models.ForeignKey(
        "regions.Division",
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"level": "community"},
        help_text=_("The community that uses the asset, if one does."),
    )
    project = models.ForeignKey(
        FundraisingProject,
        verbose_name=_("fundraising project"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assets",
        help_text=_("The fundraising project whose donations formed the asset."),
    )
    status = models.CharField(_("status"), max_length=20, choices=AssetStatus.choices, default=AssetStatus.IN_USE)
    disposed_on = models.DateField(
        _("disposed on"), null=True, blank=True, validators=[not_before(1949), not_in_future()]
    )
    disposal_reason = models.CharField(_("reason for the disposal"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("asset")
        verbose_name_plural = _("assets")
        ordering = ["division_code", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["division", "name"],
                name="funding_asset_unique_name",
                violation_error_message=_("This division already has an asset of this name."),
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if self.used_in_id and self.division_id:
            if not self.used_in.code.startswith(self.division.prefix):
                errors["used_in"] = _("The community lies outside the division that holds the asset.")
        if self.project_id and self.source == AssetSource.GOVERNMENT:
            errors["source"] = _("An asset formed from a fundraising project's donations is not government-funded.")
        if self.status == AssetStatus.DISPOSED:
            if self.disposed_on is None:
                errors["disposed_on"] = _("Give the date the asset was disposed of.")
            if not self.disposal_reason.strip():
                errors["disposal_reason"] = _("Give the reason for the disposal.")
        elif self.disposed_on is not None or self.disposal_reason.strip():
            errors["status"] = _("Only a disposed asset has a disposal date and reason.")
        if self.disposed_on and self.acquired_on and self.disposed_on < self.acquired_on:
            errors["disposed_on"] = _("An asset is not disposed of before it was acquired.")
        if errors:
            raise ValidationError(errors)


class Audit(Linked, DivisionRecord):
    """A special audit of a fund or a fundraising project at a division (FIN-3); its findings and their
    rectification are `AuditFinding`s. It is closed only when every finding is rectified (`services.close_audit`)."""

    subject = models.CharField(_("subject"), max_length=150)
    fund = models.CharField(_("fund"), max_length=20, choices=FundKind.choices, blank=True)
    project = models.ForeignKey(
        FundraisingProject,
        verbose_name=_("fundraising project"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audits",
    )
    auditor = models.CharField(_("auditor"), max_length=100, help_text=_("The audit office or firm."))
    period_from = models.DateField(_("period from"), validators=[not_before(MIN_YEAR), not_in_future()])
    period_to = models.DateField(_("period to"), validators=[not_before(MIN_YEAR), not_in_future()])
    held_on = models.DateField(_("audited on"), validators=[not_before(MIN_YEAR), not_in_future()])
    summary = models.TextField(_("summary of findings"), max_length=4000, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=AuditStatus.choices, default=AuditStatus.OPEN)
    closed_on = models.DateField(
        _("audit closed on"), null=True, blank=True, validators=[not_before(MIN_YEAR), not_in_future()]
    )

    class Meta:
        verbose_name = _("special audit")
        verbose_name_plural = _("special audits")
        ordering = ["division_code", "-held_on", "subject"]
        constraints = [
            models.UniqueConstraint(
                fields=["division", "subject"],
                name="funding_audit_unique_subject",
                violation_error_message=_("This division already has an audit of this subject."),
            )
        ]

    def __str__(self):
        return self.subject

    def clean(self):
        errors = {}
        if not self.fund and not self.project_id:
            errors["fund"] = _("Name the fund or the fundraising project audited.")
        if self.project_id and self.division_id and not self.project.division_code.startswith(self.division.prefix):
            errors["project"] = _("The fundraising project lies outside the audited division.")
        if self.period_from and self.period_to and self.period_to < self.period_from:
            errors["period_to"] = _("The end of the period is not before its start.")
        if self.status == AuditStatus.CLOSED:
            if self.closed_on is None:
                errors["closed_on"] = _("Give the date the audit was closed.")
            if self.pk is not None and self.findings.open().exists():
                errors["status"] = _("The audit is not closed while a finding is not rectified.")
        elif self.closed_on is not None:
            errors["closed_on"] = _("Only a closed audit has a closing date.")
        if errors:
            raise ValidationError(errors)


class AuditFinding(Linked, ScopedModel):
    """One finding of a special audit and its rectification (FIN-3): past its deadline and not rectified, it is
    overdue (`AuditFinding.objects.overdue(day)`)."""

    audit = models.ForeignKey(Audit, verbose_name=_("special audit"), on_delete=models.CASCADE, related_name="findings")
    finding = models.CharField(_("finding"), max_length=300)
    amount = models.DecimalField(
        _("amount involved (yuan)"), max_digits=12, decimal_places=2, validators=AMOUNT, null=True, blank=True
    )
    measures = models.TextField(_("rectification measures"), max_length=2000, blank=True)
    responsible = models.CharField(_("responsible person"), max_length=50)
    deadline = models.DateField(_("rectification deadline"), validators=[not_before(MIN_YEAR), within_years(future=5)])
    rectified_on = models.DateField(
        _("rectified on"), null=True, blank=True, validators=[not_before(MIN_YEAR), not_in_future()]
    )
    rectification_note = models.CharField(_("rectification note"), max_length=500, blank=True)
    scope_parent = "audit"

    objects = FindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit finding")
        verbose_name_plural = _("audit findings")
        ordering = ["division_code", "audit", "deadline", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["audit", "finding"],
                name="funding_finding_unique_text",
                violation_error_message=_("The audit already has this finding."),
            )
        ]

    def __str__(self):
        return self.finding[:60]

    def clean(self):
        if self.rectified_on is not None and not self.rectification_note.strip():
            raise ValidationError({"rectification_note": _("Say how the finding was rectified.")})
        if self.rectified_on is None and self.audit_id and self.audit.status == AuditStatus.CLOSED:
            raise ValidationError({"rectified_on": _("A finding of a closed audit stays rectified.")})

    def is_overdue(self, day: date) -> bool:
        return self.rectified_on is None and self.deadline < day
