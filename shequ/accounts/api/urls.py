from rest_framework.routers import SimpleRouter

from shequ.accounts.api.views import UserViewSet

router = SimpleRouter()
router.register("users", UserViewSet)

app_name = "accounts-api"
urlpatterns = router.urls
