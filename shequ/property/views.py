"""The property pages: each register's form, filters and table come from its declaration (registers.py)."""

from shequ.core.views import ModelViews
from shequ.property import models

__all__ = [
    "CollectionViews",
    "CostItemViews",
    "OwnersCommitteeViews",
    "PropertyLiaisonViews",
    "SelfManagedAreaViews",
    "ServiceContractViews",
]


class OwnersCommitteeViews(ModelViews):
    model = models.OwnersCommittee


class ServiceContractViews(ModelViews):
    model = models.ServiceContract


class SelfManagedAreaViews(ModelViews):
    model = models.SelfManagedArea


class CostItemViews(ModelViews):
    model = models.CostItem


class PropertyLiaisonViews(ModelViews):
    model = models.PropertyLiaison


class CollectionViews(ModelViews):
    model = models.Collection
