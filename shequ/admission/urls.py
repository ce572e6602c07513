from django.urls import path

from shequ.admission import models, views
from shequ.core.registry import register_page

app_name = "admission"

urlpatterns = [
    *views.AdmittedItemViews.urls("items"),
    *views.CommunityRequestViews.urls("requests"),
    *views.DepartmentTargetViews.urls("targets"),
    *views.ServicePointViews.urls("service-points"),
    path("send/", views.SendView.as_view(), name="send"),
    path("burden/", views.BurdenView.as_view(), name="burden"),
    path(
        "requests/<int:pk>/files/<str:which>/",
        views.RequestFileView.as_view(model=models.CommunityRequest, views=views.CommunityRequestViews),
        name="request_file",
    ),
]
register_page("admission:send", "admission.add_communityrequest")
register_page("admission:burden", "admission.view_communityrequest")
register_page("admission:request_file", "admission.view_communityrequest")
