from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from shequ.affairs.public import URL_NAMES as AFFAIRS_PUBLIC_URL_NAMES
from shequ.core import health
from shequ.core.pages import ApiRootView
from shequ.disclosure.public import URL_NAMES as DISCLOSURE_URL_NAMES
from shequ.evaluation.public import URL_NAMES as RANKING_URL_NAMES
from shequ.funding.public import URL_NAMES as FUNDRAISING_URL_NAMES
from shequ.property.public import URL_NAMES as PROPERTY_PUBLIC_URL_NAMES
from shequ.surveys.public import URL_NAMES as ANSWER_URL_NAMES
from shequ.workorders.public.urls import URL_NAMES as WORKORDERS_PUBLIC_URL_NAMES

# Routes that need no page-registry entry or schema entry (the URL-inventory test reads this list).
# Open311 is public by its specification (reads) or keyed by its own api_key (posts); the portal is for residents.
PUBLIC_URL_NAMES = {
    "accounts:login",
    "accounts:logout",
    "accounts:password_reset",  # an administrator's one-time link (issue #12)
    "set_language",
    "api-root",
    "api-schema",
    "api-docs",
    "healthz",
    "readyz",  # JSON of checks, no personal data (issue #18)
    "metrics",  # only to SHEQU_METRICS_ALLOWED (issue #18)
    *WORKORDERS_PUBLIC_URL_NAMES,
    *AFFAIRS_PUBLIC_URL_NAMES,
    *RANKING_URL_NAMES,
    *ANSWER_URL_NAMES,
    *DISCLOSURE_URL_NAMES,
    *PROPERTY_PUBLIC_URL_NAMES,
    *FUNDRAISING_URL_NAMES,
}

urlpatterns = [
    # For load balancers and as the bare endpoint beside which bench/intake_bench.py measures (no database).
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", health.metrics, name="metrics"),
    path("", include("shequ.cockpit.urls")),
    path("", include("shequ.core.urls")),
    path("accounts/", include("shequ.accounts.urls")),
    path("regions/", include("shequ.regions.urls")),
    path("places/", include("shequ.places.urls")),
    path("facilities/", include("shequ.facilities.urls")),
    path("property/", include("shequ.property.urls")),
    path("people/", include("shequ.people.urls")),
    path("organizations/", include("shequ.organizations.urls")),
    path("volunteers/", include("shequ.volunteers.urls")),
    path("workforce/", include("shequ.workforce.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("", include("shequ.workorders.public.urls")),  # open311/v2/ and portal/
    path("portal/affairs/", include(("shequ.affairs.public", "portal-affairs"))),
    path("portal/property/", include(("shequ.property.public", "portal-property"))),
    path("workorders/", include("shequ.workorders.urls")),
    path("gridwork/", include("shequ.gridwork.urls")),
    path("onestop/", include("shequ.onestop.urls")),
    path("safety/", include("shequ.safety.urls")),
    path("affairs/", include("shequ.affairs.urls")),
    path("admission/", include("shequ.admission.urls")),
    path("funding/", include("shequ.funding.urls")),
    path("portal/fundraising/", include("shequ.funding.public")),
    path("evaluation/", include("shequ.evaluation.urls")),
    path("portal/ranking/", include("shequ.evaluation.public")),
    path("surveys/", include("shequ.surveys.urls")),
    path("portal/answer/", include("shequ.surveys.public")),
    path("disclosure/", include("shequ.disclosure.urls")),
    path("portal/disclosure/", include("shequ.disclosure.public")),
    path("api/", ApiRootView.as_view(), name="api-root"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/regions/", include("shequ.regions.api.urls")),
    path("api/accounts/", include("shequ.accounts.api.urls")),
    path("api/places/", include("shequ.places.api.urls")),
    path("api/facilities/", include("shequ.facilities.api.urls")),
    path("api/property/", include("shequ.property.api.urls")),
    path("api/people/", include("shequ.people.api.urls")),
    path("api/organizations/", include("shequ.organizations.api.urls")),
    path("api/volunteers/", include("shequ.volunteers.api.urls")),
    path("api/workforce/", include("shequ.workforce.api.urls")),
    path("api/workorders/", include("shequ.workorders.api.urls")),
    path("api/gridwork/", include("shequ.gridwork.api.urls")),
    path("api/onestop/", include("shequ.onestop.api.urls")),
    path("api/safety/", include("shequ.safety.api.urls")),
    path("api/affairs/", include("shequ.affairs.api.urls")),
    path("api/admission/", include("shequ.admission.api.urls")),
    path("api/funding/", include("shequ.funding.api.urls")),
    path("api/evaluation/", include("shequ.evaluation.api.urls")),
    path("api/surveys/", include("shequ.surveys.api.urls")),
    path("api/disclosure/", include("shequ.disclosure.api.urls")),
    path("api/checks/", include("shequ.cockpit.api.urls")),
]

handler400 = "shequ.core.error_views.bad_request"
handler403 = "shequ.core.error_views.permission_denied"
handler404 = "shequ.core.error_views.page_not_found"
handler500 = "shequ.core.error_views.server_error"
