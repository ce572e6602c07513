"""Named queries of the safe-community registers (GOV-5)."""

from shequ.core.querysets import RestrictedQuerySet
from shequ.safety.choices import ReinspectionResult

__all__ = ["FireInspectionQuerySet"]


class FireInspectionQuerySet(RestrictedQuerySet):
    def open_hazards(self):
        """Inspections that found hazards not yet confirmed rectified by a re-inspection."""
        return self.filter(hazard_count__gt=0).exclude(reinspection_result=ReinspectionResult.RECTIFIED)

    def overdue(self, today):
        """Open hazards past their rectification deadline."""
        return self.open_hazards().filter(rectify_by__lt=today)
