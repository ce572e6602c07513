from shequ.core.api.serializers import ScopedModelSerializer
from shequ.gridwork import models

__all__ = ["PatrolLogSerializer"]


class PatrolLogSerializer(ScopedModelSerializer):
    class Meta:
        model = models.PatrolLog
        fields = ["id", "grid", "worker", "started_at", "ended_at", "notes", "findings", "division_code"]
        read_only_fields = ["division_code"]
