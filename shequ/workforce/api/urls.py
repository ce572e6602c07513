from rest_framework.routers import SimpleRouter

from shequ.workforce.api import views

router = SimpleRouter()
router.register("workers", views.CommunityWorkerViewSet)
router.register("recruitment-rounds", views.RecruitmentRoundViewSet)
router.register("candidates", views.CandidateViewSet)
router.register("training-courses", views.TrainingCourseViewSet)
router.register("training-attendance", views.TrainingAttendanceViewSet)
router.register("commendations", views.CommendationViewSet)

app_name = "workforce-api"
urlpatterns = router.urls
