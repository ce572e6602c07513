from shequ.workforce import views

app_name = "workforce"

urlpatterns = [
    *views.CommunityWorkerViews.urls("workers"),
    *views.RecruitmentRoundViews.urls("recruitment-rounds"),
    *views.CandidateViews.urls("candidates"),
    *views.TrainingCourseViews.urls("training-courses"),
    *views.TrainingAttendanceViews.urls("training-attendance"),
    *views.CommendationViews.urls("commendations"),
]
