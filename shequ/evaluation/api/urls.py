from rest_framework.routers import SimpleRouter

from shequ.evaluation.api import views

router = SimpleRouter()
router.register("schemes", views.SchemeViewSet)
router.register("indicators", views.IndicatorViewSet)
router.register("inspections", views.InspectionViewSet)
router.register("runs", views.RunViewSet)
router.register("scores", views.ScoreViewSet)
router.register("rectifications", views.RectificationViewSet)
router.register("titles", views.TitleViewSet)
router.register("awards", views.AwardViewSet)
router.register("draws", views.RecheckDrawViewSet)
router.register("rechecks", views.RecheckViewSet)
router.register("deductions", views.DeductionViewSet)

app_name = "evaluation-api"
urlpatterns = router.urls
