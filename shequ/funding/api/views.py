"""The funding API (issue #15): the registers, and the ledger's postings through `services`."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from shequ.admission.models import AdmittedItem
from shequ.core.api.viewsets import BaseViewSet, ReadOnlyViewSet
from shequ.core.errors import IllegalTransition
from shequ.core.registers import declaration_of
from shequ.funding import models, services
from shequ.funding.api import serializers
from shequ.regions.models import Division

__all__ = [
    "AccountViewSet", "AssetViewSet", "AuditFindingViewSet", "AuditViewSet", "BudgetViewSet", "DonationViewSet",
    "EntryViewSet", "FundraisingProjectViewSet", "SocialWageViewSet", "WorkerPayViewSet",
]  # fmt: skip


class BudgetViewSet(BaseViewSet):
    queryset = models.Budget.objects.all()
    select_related = ("division",)


class AccountViewSet(BaseViewSet):
    queryset = models.Account.objects.all()
    select_related = ("division",)
    # Posting to an earmark needs it among the accounts the user may change; `services.post` checks the entry.
    action_permissions = {"move": "change"}

    @extend_schema(
        request=serializers.MoveSerializer,
        responses={201: declaration_of(models.Entry).serializer_class()},
        operation_id="funding_accounts_move",
    )
    @action(detail=True, methods=["post"], url_path=r"(?P<move>allocate|disburse)")
    def move(self, request, pk=None, move=None):
        """allocate: money into this earmarked sub-account from a source; disburse: money out of it for a line of
        expenditure, never more than it holds (FIN-3)."""
        earmark = self.get_object()
        body = serializers.MoveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        accounts = models.Account.objects.restrict(request.user, "change")
        counterpart = _one(accounts, data["counterpart"], "counterpart")
        if move == "allocate":
            entry = services.allocate(
                acting_user=request.user,
                earmark=earmark,
                source=counterpart,
                amount=data["amount"],
                description=data["description"],
                day=data["day"],
            )
        else:
            community = None
            if data["community"]:
                community = _by_code(Division.objects.restrict(request.user, "view").communities(), data["community"])
            entry = services.disburse(
                acting_user=request.user,
                earmark=earmark,
                expense=counterpart,
                amount=data["amount"],
                description=data["description"],
                day=data["day"],
                community=community,
            )
        return Response(declaration_of(models.Entry).serializer_class()(entry).data, status=status.HTTP_201_CREATED)


class SocialWageViewSet(BaseViewSet):
    queryset = models.SocialWage.objects.all()
    select_related = ("division",)


class WorkerPayViewSet(BaseViewSet):
    queryset = models.WorkerPay.objects.all()
    select_related = ("worker",)


def _one(queryset, pk, field):
    record = queryset.filter(pk=pk).first()
    if record is None:
        raise ValidationError({field: [_("No such record within your jurisdiction.")]})
    return record


def _by_code(queryset, code, field="community"):
    record = queryset.filter(code=code).first()
    if record is None:
        raise ValidationError({field: [_("No such record within your jurisdiction.")]})
    return record


class EntryViewSet(ReadOnlyViewSet):
    """Entries are read here and posted through the actions; none is ever changed or deleted (FIN-3)."""

    queryset = models.Entry.objects.all()
    select_related = ("division", "community", "item")
    action_permissions = {"reverse": "add", "allocate_item": "add"}

    def _answer(self, entry):
        return Response(declaration_of(models.Entry).serializer_class()(entry).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=serializers.ReverseSerializer, operation_id="funding_entries_reverse")
    @action(detail=True, methods=["post"], url_path=r"(?P<step>reverse)")
    def reverse(self, request, pk=None, step=None):
        """The correcting entry: the same postings with their signs turned."""
        entry = self.get_object()
        data = self._body(serializers.ReverseSerializer)
        try:
            return self._answer(services.reverse(acting_user=request.user, entry=entry, reason=data["reason"]))
        except IllegalTransition as illegal:
            return Response({"detail": str(illegal)}, status=status.HTTP_409_CONFLICT)

    @extend_schema(request=serializers.AllocateItemSerializer, operation_id="funding_entries_allocate_item")
    @action(detail=False, methods=["post"], url_path=r"allocate-item/(?P<item>[0-9]+)")
    def allocate_item(self, request, item=None):
        """费随事转: an admitted item's funding for a year for each community of a street, into its earmark."""
        data = self._body(serializers.AllocateItemSerializer)
        street = _by_code(
            Division.objects.restrict(request.user, "view").filter(level="street"), data["street"], "street"
        )
        admitted = AdmittedItem.objects.unscoped("any department's item may fund a street").filter(
            pk=item, status="published"
        )
        item = admitted.first()
        if item is None:
            raise ValidationError({"item": [_("Only a published admitted item carries funding.")]})
        accounts = models.Account.objects.restrict(request.user, "change")
        bank = _one(accounts.filter(kind="bank", division=street), data["bank"], "bank")
        entry = services.allocate_item(acting_user=request.user, item=item, street=street, year=data["year"], bank=bank)
        return self._answer(entry)

    def _body(self, serializer_class):
        body = serializer_class(data=self.request.data)
        body.is_valid(raise_exception=True)
        return body.validated_data


def _created(model, record):
    return Response(declaration_of(model).serializer_class()(record).data, status=status.HTTP_201_CREATED)


class FundraisingProjectViewSet(BaseViewSet):
    queryset = models.FundraisingProject.objects.all()
    select_related = ("division", "earmark")
    # Receiving needs the project in view; `services.receive_donation` checks the right to record donations there.
    action_permissions = {"receive": "view"}

    @extend_schema(
        request=serializers.DonationSerializer,
        responses={201: declaration_of(models.Donation).serializer_class()},
        operation_id="funding_fundraising_projects_receive",
    )
    @action(detail=True, methods=["post"], url_path=r"(?P<step>receive)")
    def receive(self, request, pk=None, step=None):
        """Record one donation to this project: its allocation entry and the next receipt number (FIN-1)."""
        project = self.get_object()
        body = serializers.DonationSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        donation = services.receive_donation(acting_user=request.user, project=project, **body.validated_data)
        return _created(models.Donation, donation)


class DonationViewSet(ReadOnlyViewSet):
    """Donations are recorded through the project's `receive` action and never changed; `cancel` reverses one."""

    queryset = models.Donation.objects.all()
    select_related = ("project", "entry")
    action_permissions = {"cancel": "change"}

    @extend_schema(
        request=serializers.CancelDonationSerializer,
        responses={200: declaration_of(models.Donation).serializer_class()},
        operation_id="funding_donations_cancel",
    )
    @action(detail=True, methods=["post"], url_path=r"(?P<step>cancel)")
    def cancel(self, request, pk=None, step=None):
        """Cancel a recorded donation: its entry is reversed and the receipt void (once)."""
        donation = self.get_object()
        body = serializers.CancelDonationSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            donation = services.cancel_donation(
                acting_user=request.user, donation=donation, reason=body.validated_data["reason"]
            )
        except IllegalTransition as illegal:
            return Response({"detail": str(illegal)}, status=status.HTTP_409_CONFLICT)
        return Response(declaration_of(models.Donation).serializer_class()(donation).data)


class AssetViewSet(BaseViewSet):
    queryset = models.Asset.objects.all()
    select_related = ("division", "used_in", "project")


class AuditViewSet(BaseViewSet):
    queryset = models.Audit.objects.all()
    select_related = ("division", "project")
    action_permissions = {"close": "change"}

    @extend_schema(request=None, operation_id="funding_audits_close")
    @action(detail=True, methods=["post"], url_path=r"(?P<step>close)")
    def close(self, request, pk=None, step=None):
        """Close the audit: refused while a finding is not rectified (FIN-3)."""
        audit = self.get_object()
        try:
            audit = services.close_audit(acting_user=request.user, audit=audit)
        except IllegalTransition as illegal:
            return Response({"detail": str(illegal)}, status=status.HTTP_409_CONFLICT)
        return Response(declaration_of(models.Audit).serializer_class()(audit).data)


class AuditFindingViewSet(BaseViewSet):
    queryset = models.AuditFinding.objects.all()
    select_related = ("audit",)
