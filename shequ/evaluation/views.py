"""The evaluation pages (issue #14): each register's form, filters and table come from its declaration; beyond them
the steps of a scheme (in force, new version, extension), an inspection's evidence files, the run's workflow with
its scores and ranking, a score's indicator values, and the page that computes an evaluation in the background."""

import uuid
from pathlib import Path

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from shequ.core.downloads import stored_file_response
from shequ.core.rights import user_may
from shequ.core.views import ModelViews, ObjectDetailView, StepsMixin
from shequ.evaluation import jobs, models, services
from shequ.evaluation.choices import RunStatus, SchemeStatus
from shequ.evaluation.ranking import charts, profile, ranking
from shequ.regions.choices import DivisionLevel
from shequ.regions.models import Division

__all__ = [
    "AwardViews",
    "CaseEvidenceView",
    "DeductionViews",
    "DrawView",
    "EvaluateView",
    "EvidenceView",
    "IndicatorViews",
    "InspectionViews",
    "ProgressView",
    "RecheckDrawViews",
    "RecheckViews",
    "RectificationViews",
    "RunViews",
    "SchemeViews",
    "ScoreViews",
    "TitleViews",
]


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
        services.check_evidence(upload)
        models.Evidence.objects.create(
            inspection=inspection, file=upload, name=Path(upload.name).name[:200], uploaded_by=request.user
        )


class EvidenceView(ObjectDetailView):
    """An evidence file, for whoever may see its inspection (not a public media URL)."""

    def get(self, request, pk):
        evidence = get_object_or_404(models.Evidence, pk=pk)
        if not self.get_queryset().filter(pk=evidence.inspection_id).exists():
            raise Http404
        return stored_file_response(evidence.file, as_attachment=True, filename=evidence.name)


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
        context["charts"] = profile(obj)
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
            {
                "runs": runs[:40],
                "run": run,
                "ranks": ranking(run, within) if run else [],
                "within": within,
                "charts": charts(run, runs) if run else None,
            },
        )


# ---- rectification cases (EVAL-3) -----------------------------------------------------------------------------------


def _day(request, name: str, label: str):
    text = (request.POST.get(name) or "").strip()
    try:
        day = parse_date(text) if text else None
    except ValueError:
        day = None
    if day is None:
        raise ValidationError(_("%(field)s: enter a date such as 2026-03-05.") % {"field": label})
    return day


class RectificationDetailView(StepsMixin, ObjectDetailView):
    STEP_PERMISSIONS = {
        "progress": "evaluation.add_progress",
        "evidence": "evaluation.change_rectification",
        "close": "evaluation.change_rectification",
        "accountability": "evaluation.add_accountability",
    }

    def extra_context(self, obj):
        context = super().extra_context(obj)
        user = self.request.user
        today = timezone.localdate()
        context["progress"] = obj.progress.select_related("reported_by")
        context["evidence"] = obj.evidence.all()
        context["accountability"] = obj.accountability.all()
        context["open"] = obj.status == "open"
        context["today"] = today
        context["causes_choices"] = models.Accountability._meta.get_field("cause").choices
        for action, permission in self.STEP_PERMISSIONS.items():
            context[f"may_{action}"] = context["open"] and user_may(user, permission, obj.division_code)
        self.add_fact(context, _("causes"), "、".join(obj.causes) or _("not yet analysed"))
        if obj.is_overdue(today):
            self.add_fact(context, _("overdue"), _("yes: past its deadline of %(day)s") % {"day": obj.deadline})
        return context

    def may_run(self, action, record):
        permission = self.STEP_PERMISSIONS.get(action)
        return permission is not None and user_may(self.request.user, permission, record.division_code)

    def run(self, action, case, request):
        user = request.user
        if action == "progress":
            services.add_progress(
                acting_user=user, case=case, day=_day(request, "day", _("date")), text=request.POST.get("text", "")
            )
        elif action == "evidence":
            upload = request.FILES.get("file")
            name = Path(upload.name).name if upload is not None else ""
            services.add_evidence(acting_user=user, case=case, upload=upload, name=name)
        elif action == "accountability":
            services.add_accountability(
                acting_user=user,
                case=case,
                person=request.POST.get("person", "").strip(),
                post=request.POST.get("post", "").strip(),
                cause=request.POST.get("cause", ""),
                decision=request.POST.get("decision", "").strip(),
                decided_by=request.POST.get("decided_by", "").strip(),
                decided_on=_day(request, "decided_on", _("decided on")),
            )
        elif action == "close":
            services.close_case(
                acting_user=user,
                case=case,
                day=_day(request, "closed_on", _("closed on")),
                note=request.POST.get("note", ""),
            )


class CaseEvidenceView(ObjectDetailView):
    """A rectification case's closing evidence, for whoever may see the case (not a public media URL)."""

    def get(self, request, pk):
        evidence = get_object_or_404(models.CaseEvidence, pk=pk)
        if not self.get_queryset().filter(pk=evidence.case_id).exists():
            raise Http404
        return stored_file_response(evidence.file, as_attachment=True, filename=evidence.name)


class RectificationViews(ModelViews):
    model = models.Rectification
    detail_view = RectificationDetailView


# ---- demonstration titles, awards, re-checks, deductions (EVAL-1, EVAL-2, EVAL-4) ---------------------------------


class TitleDetailView(ObjectDetailView):
    def extra_context(self, obj):
        context = super().extra_context(obj)
        user = self.request.user
        context["awards"] = models.Award.objects.restrict(user).filter(title=obj)
        context["rechecks"] = models.Recheck.objects.restrict(user).filter(title=obj)
        context["deductions"] = models.Deduction.objects.restrict(user).filter(title=obj)
        context["may_award"] = user_may(user, "evaluation.add_award", obj.division_code)
        return context


class TitleViews(ModelViews):
    model = models.Title
    detail_view = TitleDetailView
    kinds = ("list", "detail", "changes")


class AwardViews(ModelViews):
    model = models.Award


class RecheckDrawDetailView(ObjectDetailView):
    def extra_context(self, obj):
        context = super().extra_context(obj)
        context["rechecks"] = models.Recheck.objects.restrict(self.request.user).filter(draw=obj)
        return context


class RecheckDrawViews(ModelViews):
    model = models.RecheckDraw
    detail_view = RecheckDrawDetailView
    kinds = ("list", "detail", "changes")


class RecheckDetailView(StepsMixin, ObjectDetailView):
    def extra_context(self, obj):
        context = super().extra_context(obj)
        context["pending"] = obj.result == "pending"
        context["may_record"] = context["pending"] and user_may(
            self.request.user, "evaluation.change_recheck", obj.division_code
        )
        context["case"] = models.Rectification.objects.restrict(self.request.user).filter(recheck=obj).first()
        return context

    def may_run(self, action, record):
        return action == "record" and user_may(self.request.user, "evaluation.change_recheck", record.division_code)

    def run(self, action, recheck, request):
        result = request.POST.get("result")
        if result not in ("passed", "failed"):
            raise ValidationError(_("Choose whether the re-check passed or failed."))
        passed = result == "passed"
        services.record_recheck(
            acting_user=request.user,
            recheck=recheck,
            passed=passed,
            checked_on=_day(request, "checked_on", _("checked on")),
            findings=request.POST.get("findings", ""),
            criticism=request.POST.get("criticism", ""),
            deadline=None if passed else _day(request, "deadline", _("rectification deadline")),
        )


class RecheckViews(ModelViews):
    model = models.Recheck
    detail_view = RecheckDetailView
    kinds = ("list", "detail", "changes")


class DeductionViews(ModelViews):
    model = models.Deduction
    kinds = ("list", "detail", "changes")


class DrawForm(forms.Form):
    division = forms.ModelChoiceField(label=gettext_lazy("division"), queryset=Division.objects.none())
    year = forms.IntegerField(label=gettext_lazy("year"), min_value=2000, max_value=2100)
    size = forms.IntegerField(label=gettext_lazy("communities drawn"), min_value=1, max_value=1000)
    seed = forms.IntegerField(
        label=gettext_lazy("seed"),
        required=False,
        min_value=0,
        max_value=2**62,
        help_text=gettext_lazy("Empty: a random seed, stored with the draw. A stored seed draws the same again."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = Division.objects.exclude(level__in=[DivisionLevel.COMMUNITY, DivisionLevel.STREET])
        if user is not None and not user.is_superuser:
            from shequ.core.scope import scope_q

            prefixes = user.scope_prefixes("evaluation.add_recheckdraw")
            queryset = queryset.filter(scope_q(prefixes, "code")) if prefixes else queryset.none()
        self.fields["division"].queryset = queryset.order_by("code")


class DrawView(LoginRequiredMixin, View):
    """Draw demonstration communities to re-check at random, with a stored seed (EVAL-4; the city)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.is_superuser:
            if not request.user.scope_prefixes("evaluation.add_recheckdraw"):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.render(DrawForm(user=request.user, initial={"year": timezone.localdate().year}))

    def post(self, request):
        form = DrawForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                draw = services.draw_rechecks(
                    acting_user=request.user,
                    division=data["division"],
                    year=data["year"],
                    size=data["size"],
                    seed=data["seed"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("%(n)s communities drawn.") % {"n": draw.size})
                return redirect(draw.get_absolute_url())
        return self.render(form)

    def render(self, form):
        return render(self.request, "evaluation/draw.html", {"form": form})
