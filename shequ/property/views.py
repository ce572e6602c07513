"""The property pages: each register's form, filters and table come from its declaration (registers.py)."""

from django.utils.translation import gettext as _

from shequ.core.views import ModelViews, ObjectDetailView
from shequ.property import models

__all__ = [
    "CollectionViews",
    "CostItemViews",
    "OwnersCommitteeViews",
    "PropertyLiaisonViews",
    "SelfManagedAreaDetailView",
    "SelfManagedAreaViews",
    "ServiceContractViews",
]


class OwnersCommitteeViews(ModelViews):
    model = models.OwnersCommittee


class ServiceContractViews(ModelViews):
    model = models.ServiceContract


class SelfManagedAreaDetailView(ObjectDetailView):
    """An area's page with its latest month's collection rate (PROP-2: collections recorded)."""

    def extra_context(self, obj):
        context = super().extra_context(obj)
        rate = self.views.table().render_collection_rate(obj)
        self.add_fact(context, _("latest collection rate"), rate or _("no collection recorded"))
        return context


class SelfManagedAreaViews(ModelViews):
    model = models.SelfManagedArea
    detail_view = SelfManagedAreaDetailView


class CostItemViews(ModelViews):
    model = models.CostItem


class PropertyLiaisonViews(ModelViews):
    model = models.PropertyLiaison


class CollectionViews(ModelViews):
    model = models.Collection
