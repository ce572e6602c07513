from rest_framework.routers import SimpleRouter

from shequ.funding.api import views

router = SimpleRouter()
router.register("budgets", views.BudgetViewSet)
router.register("accounts", views.AccountViewSet)
router.register("entries", views.EntryViewSet)
router.register("social-wages", views.SocialWageViewSet)
router.register("worker-pay", views.WorkerPayViewSet)
router.register("fundraising-projects", views.FundraisingProjectViewSet)
router.register("donations", views.DonationViewSet)
router.register("assets", views.AssetViewSet)
router.register("audits", views.AuditViewSet)
router.register("audit-findings", views.AuditFindingViewSet)

app_name = "funding-api"
urlpatterns = router.urls
