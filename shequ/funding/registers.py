"""The funding registers, declared once (ADR 0008; issue #15, FIN-1, FIN-2, FIN-3)."""

from django.utils.translation import gettext_lazy as _

from shequ.core.registers import Register, register
from shequ.funding.filtersets import finding_filterset
from shequ.funding.forms import FundraisingProjectForm
from shequ.funding.models import (
    Account,
    Asset,
    Audit,
    AuditFinding,
    Budget,
    Donation,
    Entry,
    FundraisingProject,
    SocialWage,
    WorkerPay,
)


@register
class BudgetRegister(Register):
    model = Budget
    fields = ("division", "year", "fund", "amount", "note")
    search_fields = ("note",)
    filter_fields = ("fund",)
    natural_key = ("division", "year", "fund")
    example = {"year": ("2025", "2026"), "amount": ("1200000.00", "1350000.50")}


@register
class AccountRegister(Register):
    model = Account
    fields = ("division", "name", "kind", "parent", "fund", "item")
    list_fields = ("name", "division", "kind", "parent", "fund", "item", "balance")
    search_fields = ("name",)
    filter_fields = ("kind", "fund")
    natural_key = ("division", "name")
    read_only = ("balance",)
    example = {"name": ("街道办基本户", "区财政拨款")}


@register
class EntryRegister(Register):
    model = Entry
    list_fields = ("description", "day", "kind", "division", "community", "item", "reverses")
    search_fields = ("description",)
    filter_fields = ("kind", "day")
    natural_key = ("division", "day", "description")
    read_only = ("day", "kind", "description", "community", "item", "reverses", "digest")
    not_importable = _("Ledger entries are posted one by one, balanced and checked; never imported or changed.")


@register
class SocialWageRegister(Register):
    model = SocialWage
    fields = ("division", "year", "average_wage", "catch_up_rate")
    list_fields = ("division", "year", "average_wage", "catch_up_rate")
    natural_key = ("division", "year")
    example = {
        "division": ("350200000000", "350200000000"),
        "year": ("2024", "2025"),
        "average_wage": ("118000.00", "123500.00"),
        "catch_up_rate": ("10", "20"),
    }


@register
class WorkerPayRegister(Register):
    model = WorkerPay
    fields = ("worker", "year", "living_subsidy", "social_insurance")
    list_fields = ("worker", "year", "living_subsidy", "social_insurance")
    search_fields = ("worker__name",)
    filter_fields = ("social_insurance",)
    natural_key = ("worker", "year")
    example = {"year": ("2025", "2025"), "living_subsidy": ("62000.00", "75000.00")}


@register
class FundraisingProjectRegister(Register):
    model = FundraisingProject
    fields = ("division", "name", "purpose", "target", "starts_on", "ends_on", "status", "earmark")
    list_fields = ("name", "division", "status", "starts_on", "ends_on", "target", "earmark")
    search_fields = ("name", "purpose")
    filter_fields = ("status", "starts_on")
    natural_key = ("division", "name")
    form = FundraisingProjectForm
    not_importable = _(
        "A fundraising project is set up one at a time with its earmarked sub-account; its donations are received "
        "through the platform, never imported."
    )


@register
class DonationRegister(Register):
    model = Donation
    fields = ("project", "donor_name", "donor_kind", "anonymous", "amount", "received_on")
    list_fields = (
        "receipt_number",
        "project",
        "donor_name",
        "donor_kind",
        "anonymous",
        "amount",
        "received_on",
        "status",
    )
    search_fields = ("receipt_number", "donor_name", "project__name")
    filter_fields = ("donor_kind", "anonymous", "status", "received_on")
    natural_key = ("issuer", "receipt_number")
    read_only = ("receipt_number", "status", "entry", "cancelled_on", "cancel_reason", "cancellation")
    not_importable = _(
        "A donation is recorded one by one with its ledger entry and receipt number, and never changed: a correction "
        "cancels it."
    )


@register
class AssetRegister(Register):
    model = Asset
    fields = (
        "division", "name", "kind", "source", "value", "acquired_on", "custodian", "location", "used_in", "project",
        "status", "disposed_on", "disposal_reason",
    )  # fmt: skip
    list_fields = ("name", "division", "kind", "source", "value", "acquired_on", "custodian", "used_in", "status")
    search_fields = ("name", "custodian", "location")
    filter_fields = ("kind", "source", "status", "acquired_on")
    natural_key = ("division", "name")
    example = {
        "name": ("社区服务中心大楼", "社区巡逻电动车"),
        "value": ("1250000.00", "4800.50"),
        "disposed_on": ("", ""),
        "disposal_reason": ("", ""),
    }


@register
class AuditRegister(Register):
    model = Audit
    fields = (
        "division", "subject", "fund", "project", "auditor", "period_from", "period_to", "held_on", "summary",
        "status", "closed_on",
    )  # fmt: skip
    list_fields = ("subject", "division", "fund", "project", "auditor", "held_on", "status")
    search_fields = ("subject", "auditor", "summary")
    filter_fields = ("fund", "status", "held_on")
    natural_key = ("division", "subject")
    example = {"fund": ("community_work", "infrastructure"), "closed_on": ("", "")}


@register
class AuditFindingRegister(Register):
    model = AuditFinding
    fields = (
        "audit", "finding", "amount", "measures", "responsible", "deadline", "rectified_on", "rectification_note",
    )  # fmt: skip
    list_fields = ("finding", "audit", "amount", "responsible", "deadline", "rectified_on")
    search_fields = ("finding", "responsible", "audit__subject")
    filter_fields = ("deadline", "rectified_on")
    natural_key = ("audit", "finding")
    example = {"rectified_on": ("", ""), "rectification_note": ("", "")}

    @classmethod
    def filterset_class(cls):
        return cls._cached("filterset", lambda: finding_filterset(cls._build_filterset()))
