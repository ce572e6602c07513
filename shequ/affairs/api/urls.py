from rest_framework.routers import SimpleRouter

from shequ.affairs.api import views

router = SimpleRouter()
router.register("visits", views.VisitViewSet)
router.register("diary", views.SentimentEntryViewSet)
router.register("topics", views.DeliberationTopicViewSet)
router.register("meetings", views.MeetingViewSet)
router.register("resolutions", views.ResolutionViewSet)
router.register("disclosures", views.AffairsDisclosureViewSet)
router.register("assessments", views.WorkAssessmentViewSet)

app_name = "affairs-api"
urlpatterns = router.urls
