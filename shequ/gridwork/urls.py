from shequ.gridwork import views

app_name = "gridwork"

urlpatterns = [
    *views.GridWorkerViews.urls("workers"),
    *views.PatrolLogViews.urls("patrols"),
]
