"""The one-stop API: each register's serializer and filters come from its declaration (registers.py)."""

from shequ.core.api.viewsets import BaseViewSet, ReadOnlyViewSet
from shequ.onestop import models

__all__ = ["AllowanceReviewViewSet", "ServiceCaseViewSet", "ServiceItemViewSet"]


class ServiceItemViewSet(BaseViewSet):
    queryset = models.ServiceItem.objects.all()


class ServiceCaseViewSet(ReadOnlyViewSet):
    """Cases are opened and moved on the service station's pages; the API reads them."""

    queryset = models.ServiceCase.objects.all()
    select_related = ("community", "item")


class AllowanceReviewViewSet(BaseViewSet):
    queryset = models.AllowanceReview.objects.all()
