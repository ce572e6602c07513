from shequ.volunteers import views

app_name = "volunteers"

urlpatterns = [
    *views.VolunteerViews.urls("volunteers"),
    *views.VolunteerTeamViews.urls("teams"),
    *views.VolunteerActivityViews.urls("activities"),
    *views.ServiceRecordViews.urls("service-records"),
]
