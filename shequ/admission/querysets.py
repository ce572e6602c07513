from shequ.admission.choices import ItemStatus, RequestStatus
from shequ.core.querysets import RestrictedQuerySet

__all__ = ["AdmittedItemQuerySet", "CommunityRequestQuerySet"]


class AdmittedItemQuerySet(RestrictedQuerySet):
    def published(self):
        return self.filter(status=ItemStatus.PUBLISHED)


class CommunityRequestQuerySet(RestrictedQuerySet):
    def awaiting_reply(self):
        return self.filter(status=RequestStatus.SENT)
