from shequ.core.api.viewsets import BaseViewSet, ReadOnlyViewSet
from shequ.onestop import filtersets, models
from shequ.onestop.api import serializers

__all__ = ["AllowanceReviewViewSet", "ServiceCaseViewSet", "ServiceItemViewSet"]


class ServiceItemViewSet(BaseViewSet):
    queryset = models.ServiceItem.objects.all()
    serializer_class = serializers.ServiceItemSerializer
    filterset_class = filtersets.ServiceItemFilterSet


class ServiceCaseViewSet(ReadOnlyViewSet):
    """Cases are opened and moved on the service station's pages; the API reads them."""

    queryset = models.ServiceCase.objects.all()
    serializer_class = serializers.ServiceCaseSerializer
    filterset_class = filtersets.ServiceCaseFilterSet
    select_related = ("community", "item")


class AllowanceReviewViewSet(BaseViewSet):
    queryset = models.AllowanceReview.objects.all()
    serializer_class = serializers.AllowanceReviewSerializer
    filterset_class = filtersets.AllowanceReviewFilterSet
