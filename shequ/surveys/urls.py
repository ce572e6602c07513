from django.urls import path

from shequ.core.registry import register_page
from shequ.surveys import models, views

app_name = "surveys"

urlpatterns = [
    *views.SurveyViews.urls("surveys"),
    *views.QuestionViews.urls("questions"),
    *views.SampleViews.urls("samples"),
    path("samples/<int:pk>/slips/", views.SlipsView.as_view(model=models.Sample), name="slips"),
]
register_page("surveys:slips", "surveys.add_sample")
