"""The funding registers, declared once (ADR 0008; issue #15, FIN-1, FIN-2, FIN-3)."""

from django.utils.translation import gettext_lazy as _

from shequ.core.registers import Register, register
from shequ.funding.models import Account, Budget, Entry, SocialWage, WorkerPay


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
