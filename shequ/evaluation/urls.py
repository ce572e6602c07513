from django.urls import path

from shequ.core.registry import register_page
from shequ.evaluation import models, views

app_name = "evaluation"

urlpatterns = [
    *views.SchemeViews.urls("schemes"),
    *views.IndicatorViews.urls("indicators"),
    *views.InspectionViews.urls("inspections"),
    *views.RunViews.urls("runs"),
    *views.ScoreViews.urls("scores"),
    *views.RectificationViews.urls("rectifications"),
    *views.TitleViews.urls("titles"),
    *views.AwardViews.urls("awards"),
    *views.RecheckDrawViews.urls("draws"),
    *views.RecheckViews.urls("rechecks"),
    *views.DeductionViews.urls("deductions"),
    path("evidence/<int:pk>/", views.EvidenceView.as_view(model=models.Inspection), name="evidence"),
    path("case-evidence/<int:pk>/", views.CaseEvidenceView.as_view(model=models.Rectification), name="case_evidence"),
    path("draw/", views.DrawView.as_view(), name="draw"),
    path("evaluate/", views.EvaluateView.as_view(), name="evaluate"),
    path("evaluate/<str:key>/", views.ProgressView.as_view(), name="progress"),
    path("ranking/", views.RankingView.as_view(), name="ranking"),
]
register_page("evaluation:evidence", "evaluation.view_inspection")
register_page("evaluation:case_evidence", "evaluation.view_rectification")
register_page("evaluation:draw", "evaluation.add_recheckdraw")
register_page("evaluation:evaluate", "evaluation.add_run")
register_page("evaluation:progress", "evaluation.add_run")
register_page("evaluation:ranking", "evaluation.view_run")
