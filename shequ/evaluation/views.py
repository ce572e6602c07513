"""The evaluation pages (issue #14): each register's form, filters and table come from its declaration; beyond them
the steps of a scheme (in force, new version, extension), an inspection's evidence files, the run's workflow with
its scores and ranking, a score's indicator values, and the page that computes an evaluation in the background."""

import uuid
from pathlib import Path

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from shequ.core.rights import user_may
from shequ.core.views import ModelViews, ObjectDetailView, StepsMixin
from shequ.evaluation import jobs, models, services
from shequ.evaluation.choices import RunStatus, SchemeStatus
from shequ.evaluation.ranking import ranking
from shequ.regions.choices import DivisionLevel
from shequ.regions.models import Division

__all__ = [
    "EvaluateView",
    "EvidenceView",
    "IndicatorViews",
    "InspectionViews",
    "ProgressView",
    "RunViews",
    "SchemeViews",
    "ScoreViews",
]

EVIDENCE_TYPES = {".pdf", ".jpg", ".jpeg", ".png"}
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


class SchemeDetailView(StepsMixin, ObjectDetailView):
    def extra_context(self, obj):
        context = super().extra_context(obj)
        user = self.request.user
        context["indicators"] = obj.indicators.order_by("code")
        context["total_weight"] = obj.total_weight()
        context["frozen"] = obj.frozen
        context["may_change"] = user_may(user, "evaluation.change_scheme", obj.division_code)
        context["may_add"] = user_may(user, "evaluation.add_scheme", obj.division_code)
        context["draft"] = obj.status == SchemeStatus.DRAFT
        context["below"] = (
            Division.objects.restrict(user)
            .filter(code__startswith=obj.division.prefix, level=DivisionLevel.DISTRICT)
            .exclude(pk=obj.division_id)
            .order_by("code")[:100]
        )
        self.add_fact(context, _("sum of weights"), context["total_weight"].normalize())
        self.add_fact(context, _("frozen"), _("yes: it has scored communities") if context["frozen"] else _("no"))
        return context

    def may_run(self, action, record):
        permission = "evaluation.change_scheme" if action == "in_force" else "evaluation.add_scheme"
        return user_may(self.request.user, permission, record.division_code)

    def run(self, action, scheme, request):
        if action == "in_force":
            services.put_in_force(acting_user=request.user, scheme=scheme)
        elif action == "new_version":
            self.made = services.new_version(acting_user=request.user, scheme=scheme)
        elif action == "extend":
            division = Division.objects.restrict(request.user).filter(pk=request.POST.get("division") or 0).first()
            if division is None:
                raise ValidationError(_("Choose a division for the extension."))
            self.made = services.new_version(acting_user=request.user, scheme=scheme, division=division)
        else:
            raise ValidationError(_("Unknown action."))

    def post(self, request, pk):
        self.made = None
        response = super().post(request, pk)
        return redirect(self.made.get_absolute_url()) if self.made is not None else response


class SchemeViews(ModelViews):
    model = models.Scheme
    detail_view = SchemeDetailView


class IndicatorViews(ModelViews):
    model = models.Indicator


class InspectionDetailView(StepsMixin, ObjectDetailView):
    def extra_context(self, obj):
        context = super().extra_context(obj)
        context["evidence"] = obj.evidence.all()
        context["may_change"] = user_may(self.request.user, "evaluation.change_inspection", obj.division_code)
        return context

    def run(self, action, inspection, request):
        upload = request.FILES.get("file")
        if action != "evidence" or upload is None:
            raise ValidationError(_("Choose a file."))
        if Path(upload.name).suffix.lower() not in EVIDENCE_TYPES or upload.size > EVIDENCE_MAX_BYTES:
            raise ValidationError(_("Evidence must be a PDF, JPEG or PNG file of at most 10 MB."))
        models.Evidence.objects.create(
            inspection=inspection, file=upload, name=Path(upload.name).name[:200], uploaded_by=request.user
        )


class EvidenceView(ObjectDetailView):
    """An evidence file, for whoever may see its inspection (not a public media URL)."""

    def get(self, request, pk):
        evidence = get_object_or_404(models.Evidence, pk=pk)
        if not self.get_queryset().filter(pk=evidence.inspection_id).exists():
            raise Http404
        return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.name)


class InspectionViews(ModelViews):
    model = models.Inspection
    detail_view = InspectionDetailView


class RunDetailView(StepsMixin, ObjectDetailView):
    def extra_context(self, obj):
        context = super().extra_context(obj)
        user = self.request.user
        context["scores"] = (
            models.Score.objects.restrict(user).filter(run=obj).select_related("community").order_by("-total")
        )
        context["ranking"] = ranking(obj)
        steps = {
            RunStatus.COMPUTED: ("review", _("Review (district)"), "evaluation.review_run"),
            RunStatus.REVIEWED: ("approve", _("Approve (city)"), "evaluation.approve_run"),
            RunStatus.APPROVED: ("publish", _("Publish"), "evaluation.approve_run"),
        }
        step = steps.get(obj.status)
        context["next_step"] = step[:2] if step and user_may(user, step[2], obj.division_code) else None
        return context

    def may_run(self, action, record):
        return user_may(self.request.user, "evaluation.view_run", record.division_code)

    def run(self, action, run, request):
        services.step(acting_user=request.user, run=run, action=action)


class RunViews(ModelViews):
    model = models.Run
    detail_view = RunDetailView
    kinds = ("list", "detail", "changes")


class ScoreDetailView(ObjectDetailView):
    def extra_context(self, obj):
        context = super().extra_context(obj)
        context["values"] = obj.values.select_related("indicator").order_by("indicator__code")
        return context


class ScoreViews(ModelViews):
    model = models.Score
    detail_view = ScoreDetailView
    kinds = ("list", "detail")


class EvaluateForm(forms.Form):
    division = forms.ModelChoiceField(label=gettext_lazy("division"), queryset=Division.objects.none())
    year = forms.IntegerField(label=gettext_lazy("year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=gettext_lazy("quarter"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", gettext_lazy("the whole year")), *((q, q) for q in range(1, 5))],
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        prefixes = user.scope_prefixes("evaluation.add_run") if user and not user.is_superuser else [""]
        queryset = Division.objects.exclude(level=DivisionLevel.COMMUNITY)
        if user is not None and not user.is_superuser:
            from shequ.core.scope import scope_q

            queryset = queryset.filter(scope_q(prefixes, "code")) if prefixes else queryset.none()
        self.fields["division"].queryset = queryset.exclude(level=DivisionLevel.STREET).order_by("code")


class EvaluateView(LoginRequiredMixin, View):
    """Compute an evaluation of a jurisdiction in the background, with its progress (EVAL-1)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.scope_prefixes("evaluation.add_run"):
            if not request.user.is_superuser:
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.render(EvaluateForm(user=request.user))

    def post(self, request):
        form = EvaluateForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.render(form)
        data = form.cleaned_data
        key = uuid.uuid4().hex
        jobs.start(key, request.user.pk, data["division"].pk, data["year"], data["quarter"])
        return redirect(reverse("evaluation:progress", args=[key]))

    def render(self, form):
        return render(self.request, "evaluation/evaluate.html", {"form": form})


class ProgressView(LoginRequiredMixin, View):
    """The progress of a background evaluation: a page that polls its JSON until the run exists."""

    def get(self, request, key):
        state = jobs.progress(key)
        if state is None or state.get("user") != request.user.pk:
            raise Http404
        if request.GET.get("format") == "json":
            return JsonResponse({k: v for k, v in state.items() if k != "user"})
        if state.get("run"):
            messages.success(request, _("The evaluation has been computed."))
            return redirect(reverse("evaluation:run_detail", args=[state["run"]]))
        return render(request, "evaluation/progress.html", {"state": state, "key": key})


class RankingView(LoginRequiredMixin, View):
    """The quarterly ranking of the runs the user may see: districts, and a district's streets (EVAL-4)."""

    def get(self, request):
        runs = (
            models.Run.objects.restrict(request.user)
            .select_related("division")
            .order_by("-year", "-quarter", "-computed_at")
        )
        run = runs.filter(pk=request.GET.get("run") or 0).first() or runs.first()
        within = None
        if run is not None and request.GET.get("district"):
            within = Division.objects.restrict(request.user).filter(pk=request.GET["district"]).first()
        return render(
            request,
            "evaluation/ranking.html",
            {"runs": runs[:40], "run": run, "ranks": ranking(run, within) if run else [], "within": within},
        )
