from rest_framework import serializers

from shequ.core.api.serializers import ModelSerializer
from shequ.onestop import models

__all__ = ["ServiceCaseSerializer", "ServiceItemSerializer"]


class ServiceItemSerializer(ModelSerializer):
    class Meta:
        model = models.ServiceItem
        fields = ["id", "name", "area", "department", "conditions", "materials", "time_limit_days", "place", "active"]


class ServiceCaseSerializer(ModelSerializer):
    community = serializers.SlugRelatedField(slug_field="code", read_only=True)
    item = serializers.StringRelatedField()

    class Meta:
        model = models.ServiceCase
        fields = [
            "id",
            "number",
            "community",
            "item",
            "applicant_name",
            "applicant_phone_masked",
            "materials_received",
            "status",
            "accepted_on",
            "due_on",
            "completed_on",
            "reject_reason",
            "division_code",
        ]
        read_only_fields = fields
