"""The property pages: each register's form, filters and table come from its declaration (registers.py)."""

from shequ.core.views import ModelViews
from shequ.property import models

__all__ = ["OwnersCommitteeViews", "ServiceContractViews"]


class OwnersCommitteeViews(ModelViews):
    model = models.OwnersCommittee


class ServiceContractViews(ModelViews):
    model = models.ServiceContract
