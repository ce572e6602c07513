from rest_framework.routers import SimpleRouter

from shequ.disclosure.api import views

router = SimpleRouter()
router.register("disclosures", views.DisclosureViewSet)

app_name = "disclosure-api"
urlpatterns = router.urls
