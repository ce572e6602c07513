from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = [
    "AccountKind", "AssetKind", "AssetSource", "AssetStatus", "AuditStatus", "DonationStatus", "DonorKind",
    "EntryKind", "FundKind", "ProjectStatus",
]  # fmt: skip


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


class ProjectStatus(models.TextChoices):
    """A voluntary public-welfare fundraising project (FIN-1): open while it receives donations."""

    OPEN = "open", _("Open for donations")
    CLOSED = "closed", _("Fundraising closed")


class DonorKind(models.TextChoices):
    PERSON = "person", _("Person")
    UNIT = "unit", _("Unit")


class DonationStatus(models.TextChoices):
    RECORDED = "recorded", _("Recorded")
    CANCELLED = "cancelled", _("Cancelled")


class AssetKind(models.TextChoices):
    BUILDING = "building", _("Building")
    EQUIPMENT = "equipment", _("Equipment")
    VEHICLE = "vehicle", _("Vehicle")
    OTHER = "other", _("Other")


class AssetSource(models.TextChoices):
    """Where the money that formed an asset came from (FIN-3)."""

    GOVERNMENT = "government", _("Government funds")
    DONATION = "donation", _("Donations")
    MIXED = "mixed", _("Government funds and donations")


class AssetStatus(models.TextChoices):
    IN_USE = "in_use", _("In use")
    IDLE = "idle", _("Idle")
    DISPOSED = "disposed", _("Disposed")


class AuditStatus(models.TextChoices):
    OPEN = "open", _("Under audit")
    CLOSED = "closed", _("Concluded")
