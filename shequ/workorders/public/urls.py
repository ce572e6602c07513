"""The public side's addresses, served without a login (`shequ/urls.py` includes this module at the root): Open311
under `open311/v2/` (namespace `open311`), the portal under `portal/` (namespace `portal`)."""

from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt

from shequ.workorders.public import open311, portal

__all__ = ["URL_NAMES", "urlpatterns"]

OPEN311 = [
    path("", csrf_exempt(lambda request: open311.DiscoveryView.as_view()(request, fmt="xml")), name="root"),
    path("discovery.<str:fmt>", open311.DiscoveryView.as_view(), name="discovery"),
    path("services.<str:fmt>", open311.ServiceListView.as_view(), name="services"),
    path("services/<str:code>.<str:fmt>", open311.ServiceDefinitionView.as_view(), name="service"),
    path("requests.<str:fmt>", open311.RequestListView.as_view(), name="requests"),
    path("requests/<str:number>.<str:fmt>", open311.RequestDetailView.as_view(), name="request"),
    path("tokens/<str:token>.<str:fmt>", open311.TokenView.as_view(), name="token"),
]
PORTAL = [
    path("", portal.SubmitView.as_view(), name="submit"),
    path("status/", portal.StatusView.as_view(), name="status"),
    path("divisions/", portal.DivisionsView.as_view(), name="divisions"),
    path("survey/<str:token>/", portal.SurveyView.as_view(), name="survey"),
]

urlpatterns = [
    path("open311/v2/", include((OPEN311, "open311"))),
    path("portal/", include((PORTAL, "portal"))),
]
# Routes that need no page-registry or schema entry (`shequ.urls.PUBLIC_URL_NAMES`).
URL_NAMES = {f"open311:{route.name}" for route in OPEN311} | {f"portal:{route.name}" for route in PORTAL}
