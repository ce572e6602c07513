from rest_framework.routers import SimpleRouter

from shequ.funding.api import views

router = SimpleRouter()
router.register("budgets", views.BudgetViewSet)
router.register("accounts", views.AccountViewSet)
router.register("entries", views.EntryViewSet)
router.register("social-wages", views.SocialWageViewSet)
router.register("worker-pay", views.WorkerPayViewSet)

app_name = "funding-api"
urlpatterns = router.urls
