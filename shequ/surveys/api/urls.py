from rest_framework.routers import SimpleRouter

from shequ.surveys.api import views

router = SimpleRouter()
router.register("surveys", views.SurveyViewSet)
router.register("questions", views.QuestionViewSet)
router.register("samples", views.SampleViewSet)

app_name = "surveys-api"
urlpatterns = router.urls
