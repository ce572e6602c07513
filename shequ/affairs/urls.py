from shequ.affairs import views

app_name = "affairs"

urlpatterns = [
    *views.VisitViews.urls("visits"),
    *views.SentimentEntryViews.urls("diary"),
    *views.DeliberationTopicViews.urls("topics"),
    *views.MeetingViews.urls("meetings"),
    *views.ResolutionViews.urls("resolutions"),
]
