from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["AccountKind", "EntryKind", "FundKind"]


class FundKind(models.TextChoices):
    """The funds the policy names (FIN-1)."""

    COMMUNITY_WORK = "community_work", _("Community work funds")
    GUIDANCE_OFFICE = "guidance_office", _("Guidance office funds")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure funds")
    IT_OPERATION = "it_operation", _("IT operation funds")
    ADMITTED_WORK = "admitted_work", _("Funds following admitted work")
    FUNDRAISING = "fundraising", _("Public-welfare fundraising")


class AccountKind(models.TextChoices):
    """A street office's ledger (FIN-3): its bank account, the earmarked sub-accounts the money sits in, where money
    comes from and what it is spent on. Earmarks never go below zero."""

    BANK = "bank", _("Bank account")
    EARMARK = "earmark", _("Earmarked sub-account")
    SOURCE = "source", _("Source of funds")
    EXPENSE = "expense", _("Expenditure")


class EntryKind(models.TextChoices):
    ALLOCATION = "allocation", _("Allocation")
    DISBURSEMENT = "disbursement", _("Disbursement")
    REVERSAL = "reversal", _("Reversal")
