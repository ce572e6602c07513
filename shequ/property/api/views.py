"""The property API: each register's serializer and filters come from its declaration (registers.py)."""

from shequ.core.api.viewsets import BaseViewSet
from shequ.property import models

__all__ = [
    "CollectionViewSet",
    "CostItemViewSet",
    "OwnersCommitteeViewSet",
    "PropertyLiaisonViewSet",
    "SelfManagedAreaViewSet",
    "ServiceContractViewSet",
]


class OwnersCommitteeViewSet(BaseViewSet):
    queryset = models.OwnersCommittee.objects.select_related("area")


class ServiceContractViewSet(BaseViewSet):
    queryset = models.ServiceContract.objects.select_related("area")


class SelfManagedAreaViewSet(BaseViewSet):
    queryset = models.SelfManagedArea.objects.select_related("area")


class CollectionViewSet(BaseViewSet):
    queryset = models.Collection.objects.select_related("self_managed__area")


class CostItemViewSet(BaseViewSet):
    queryset = models.CostItem.objects.select_related("self_managed__area")


class PropertyLiaisonViewSet(BaseViewSet):
    queryset = models.PropertyLiaison.objects.select_related("community", "unit")
