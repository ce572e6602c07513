"""The public side's addresses, served without a login: Open311 under `open311/v2/`, the portal under `portal/`
(`shequ/urls.py` includes this module at the root)."""

from django.urls import include, path

from shequ.workorders.public import open311, portal

__all__ = ["URL_NAMES", "urlpatterns"]

urlpatterns = [
    path("open311/v2/", include("shequ.workorders.public.open311")),
    path("portal/", include("shequ.workorders.public.portal")),
]
URL_NAMES = open311.URL_NAMES | portal.URL_NAMES
