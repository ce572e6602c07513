from django.urls import path

from shequ.affairs import models, views
from shequ.core.registry import register_page

app_name = "affairs"

urlpatterns = [
    *views.VisitViews.urls("visits"),
    *views.SentimentEntryViews.urls("diary"),
    *views.DeliberationTopicViews.urls("topics"),
    *views.MeetingViews.urls("meetings"),
    *views.ResolutionViews.urls("resolutions"),
    *views.AffairsDisclosureViews.urls("disclosures"),
    *views.WorkAssessmentViews.urls("assessments"),
    path(
        "disclosures/<int:pk>/attachment/",
        views.AttachmentView.as_view(model=models.AffairsDisclosure),
        name="affairsdisclosure_attachment",
    ),
]

register_page("affairs:affairsdisclosure_attachment", "affairs.view_affairsdisclosure")
