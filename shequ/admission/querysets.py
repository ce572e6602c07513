from datetime import date

from django.utils import timezone

from shequ.admission.choices import ItemStatus, RequestStatus, TargetStatus
from shequ.core.querysets import RestrictedQuerySet

__all__ = ["AdmittedItemQuerySet", "CommunityRequestQuerySet", "DepartmentTargetQuerySet"]


class AdmittedItemQuerySet(RestrictedQuerySet):
    def published(self):
        return self.filter(status=ItemStatus.PUBLISHED)


class CommunityRequestQuerySet(RestrictedQuerySet):
    def awaiting_reply(self):
        return self.filter(status=RequestStatus.SENT)


class DepartmentTargetQuerySet(RestrictedQuerySet):
    def overdue(self, day: date | None = None):
        """Targets not done whose deadline lies before `day` (today by default), GUAR-2."""
        return self.exclude(status=TargetStatus.DONE).filter(deadline__lt=day or timezone.localdate())
