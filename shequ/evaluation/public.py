"""The public ranking (EVAL-4: "quarterly ranking by district published publicly"), served without a login at
`/portal/ranking/`: the published runs, newest first (its history), each with its districts ranked and, for a
district, its streets. Only published runs and only aggregates: no score of a single community is shown here."""

from django.shortcuts import render
from django.urls import path
from django.views import View

from shequ.evaluation.ranking import published_runs, ranking
from shequ.regions.choices import DivisionLevel
from shequ.regions.models import Division

__all__ = ["URL_NAMES", "urlpatterns"]


class PublicRankingView(View):
    def get(self, request):
        runs = list(published_runs()[:40])
        wanted = request.GET.get("run", "")
        run = next((r for r in runs if str(r.pk) == wanted), runs[0] if runs else None)
        within = None
        district = request.GET.get("district", "")
        if run is not None and district.isdigit():
            within = Division.objects.filter(
                code=district, level=DivisionLevel.DISTRICT, code__startswith=run.division.prefix
            ).first()
        context = {"runs": runs, "run": run, "within": within, "ranks": ranking(run, within) if run else []}
        return render(request, "evaluation/public_ranking.html", context)


app_name = "ranking"
urlpatterns = [path("", PublicRankingView.as_view(), name="public")]
URL_NAMES = {"ranking:public"}
