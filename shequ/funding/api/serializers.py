from rest_framework import serializers

from shequ.core.api.serializers import Serializer
from shequ.funding.choices import DonorKind

__all__ = [
    "AllocateItemSerializer", "CancelDonationSerializer", "DonationSerializer", "MoveSerializer", "ReverseSerializer",
]  # fmt: skip


# Amounts travel as text ("1234.50") and are read as Decimals by `services.amount_of`, which names the field in its
# refusals; a JSON number would pass through a float.
class MoveSerializer(Serializer):
    """An allocation into the earmark (`counterpart`: a source) or a disbursement from it (`counterpart`: a line of
    expenditure, `community`: whom it was for)."""

    counterpart = serializers.IntegerField(min_value=1)
    amount = serializers.CharField(max_length=20)
    description = serializers.CharField(max_length=200)
    day = serializers.DateField(required=False, allow_null=True, default=None)
    community = serializers.CharField(min_length=12, max_length=12, required=False, allow_null=True, default=None)


class ReverseSerializer(Serializer):
    reason = serializers.CharField(max_length=150)


class AllocateItemSerializer(Serializer):
    street = serializers.CharField(min_length=12, max_length=12)
    year = serializers.IntegerField(min_value=2015, max_value=2100)
    bank = serializers.IntegerField(min_value=1)


class DonationSerializer(Serializer):
    """One donation to the project (FIN-1): the donor's name and kind only (never an ID or phone number); the
    amount as text ("1000.00")."""

    donor_name = serializers.CharField(max_length=100)
    donor_kind = serializers.ChoiceField(choices=DonorKind.choices)
    anonymous = serializers.BooleanField(required=False, default=False)
    amount = serializers.CharField(max_length=20)
    received_on = serializers.DateField(required=False, allow_null=True, default=None)


class CancelDonationSerializer(Serializer):
    reason = serializers.CharField(max_length=150)
