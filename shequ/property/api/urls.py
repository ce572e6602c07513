from rest_framework.routers import SimpleRouter

from shequ.property.api import views

router = SimpleRouter()
router.register("owners-committees", views.OwnersCommitteeViewSet)
router.register("contracts", views.ServiceContractViewSet)

app_name = "property-api"
urlpatterns = router.urls
