from rest_framework import serializers

from shequ.core.api.serializers import Serializer

__all__ = ["AllocateItemSerializer", "MoveSerializer", "ReverseSerializer"]


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
