from rest_framework.routers import SimpleRouter

from shequ.property.api import views

router = SimpleRouter()
router.register("owners-committees", views.OwnersCommitteeViewSet)
router.register("contracts", views.ServiceContractViewSet)
router.register("self-managed-areas", views.SelfManagedAreaViewSet)
router.register("cost-items", views.CostItemViewSet)
router.register("collections", views.CollectionViewSet)
router.register("liaisons", views.PropertyLiaisonViewSet)

app_name = "property-api"
urlpatterns = router.urls
