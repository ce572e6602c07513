from rest_framework.routers import SimpleRouter

from shequ.affairs.api import views

router = SimpleRouter()
router.register("visits", views.VisitViewSet)
router.register("diary", views.SentimentEntryViewSet)

app_name = "affairs-api"
urlpatterns = router.urls
