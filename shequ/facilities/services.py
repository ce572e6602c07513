"""Writes of the facilities beyond a form (issue #16): the planning project's supporting fee posted to the street's
funding ledger (FAC-1: 收支两条线，专户，专款专用; "posting to the funding ledgers where those exist").

The fee goes into the earmarked sub-account the project names as its dedicated account, from the street's source of
infrastructure funds, on the day it was collected — one balanced entry, written by `funding.services` (which checks
the user may post there), once: the project keeps the entry, and its fee can then be corrected only by a reversal in
the ledger."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from shequ.facilities.models import PlanningProject

__all__ = ["post_supporting_fee"]


@transaction.atomic
def post_supporting_fee(*, acting_user, project: PlanningProject):
    """Post the fee collected to the ledger of the project's street; returns the entry."""
    from shequ.funding import services as funding
    from shequ.funding.choices import AccountKind, FundKind
    from shequ.funding.models import Account

    project = PlanningProject.objects.unscoped("posting the fee").select_for_update().get(pk=project.pk)
    if project.fee_entry_id:
        raise ValidationError(_("The fee of this project is posted already."))
    if not project.fee_collected:
        raise ValidationError(_("No fee has been collected for this project."))
    street = project.community.parent
    accounts = Account.objects.unscoped("the street's ledger").filter(division=street)
    earmark = accounts.filter(kind=AccountKind.EARMARK, name=project.fee_account).first()
    if earmark is None:
        raise ValidationError(
            {
                "fee_account": _("The ledger of {street} has no earmarked sub-account named “{account}”.").format(
                    street=street.name, account=project.fee_account
                )
            }
        )
    source = accounts.filter(kind=AccountKind.SOURCE, fund=FundKind.INFRASTRUCTURE).order_by("name").first()
    if source is None:
        raise ValidationError(
            _("The ledger of {street} has no source of infrastructure funds to post the fee from.").format(
                street=street.name
            )
        )
    entry = funding.allocate(
        acting_user=acting_user,
        earmark=earmark,
        source=source,
        amount=project.fee_collected,
        description=_("Infrastructure supporting fee: {project}").format(project=project.name),
        day=project.fee_collected_on,
    )
    project.fee_entry = entry
    project.save(update_fields=["fee_entry", "last_updated"])
    return entry
