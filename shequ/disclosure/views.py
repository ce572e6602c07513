"""The disclosure pages (issue #14 item 6; INFO-1): the register's list, filters and the draft's text form come from
its declaration; beyond them the report with its steps (compile again, review, send back, publish, correct), the
kept PDF, and the page that compiles a month's drafts for the user's jurisdiction."""

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from shequ.core.downloads import stored_file_response
from shequ.core.rights import user_may
from shequ.core.views import ModelViews, ObjectDetailView, StepsMixin
from shequ.disclosure import models, services
from shequ.disclosure.choices import DisclosureStatus
from shequ.disclosure.report import sections
from shequ.regions.models import Division

__all__ = ["CompileView", "DisclosureViews", "PdfView"]

S = DisclosureStatus


class DisclosureDetailView(StepsMixin, ObjectDetailView):
    hidden_fields = (*ObjectDetailView.hidden_fields, "figures", "pdf", *models.TEXT_FIELDS, "content_hash")

    def extra_context(self, obj):
        context = super().extra_context(obj)
        user, code = self.request.user, obj.division_code
        steps = []
        if obj.status == S.DRAFT and user_may(user, "disclosure.change_disclosure", code):
            steps.append(("recompile", _("Compile the figures again"), "btn-outline-secondary"))
        if obj.status == S.DRAFT and user_may(user, "disclosure.review_disclosure", code):
            steps.append(("review", _("Review (street)"), "btn-success"))
        if obj.status == S.REVIEWED and user_may(user, "disclosure.review_disclosure", code):
            steps.append(("send_back", _("Send back to the community"), "btn-outline-danger"))
        if obj.status == S.REVIEWED and user_may(user, "disclosure.publish_disclosure", code):
            steps.append(("publish", _("Publish"), "btn-primary"))
        context["steps"] = steps
        context["may_correct"] = (
            obj.status == S.PUBLISHED
            and not obj.corrections.exists()
            and user_may(user, "disclosure.add_disclosure", code)
        )
        context["sections"] = sections(obj)
        # Only a draft is edited: the page offers no "edit" on a reviewed or published disclosure.
        context["can_change"] = obj.editable and user_may(user, "disclosure.change_disclosure", code)
        self.add_fact(context, _("due by"), f"{services.due_date(obj.month):%Y-%m-%d}")
        return context

    def may_run(self, action, record):
        return user_may(self.request.user, "disclosure.view_disclosure", record.division_code)

    def run(self, action, disclosure, request):
        user = request.user
        if action == "recompile":
            services.recompile(acting_user=user, disclosure=disclosure)
        elif action == "review":
            services.review(acting_user=user, disclosure=disclosure)
        elif action == "send_back":
            services.send_back(acting_user=user, disclosure=disclosure)
        elif action == "publish":
            services.publish(acting_user=user, disclosure=disclosure)
        elif action == "correct":
            self.made = services.correct(acting_user=user, disclosure=disclosure, reason=request.POST.get("reason", ""))
        else:
            raise ValidationError(_("Unknown action."))

    def post(self, request, pk):
        self.made = None
        response = super().post(request, pk)
        return redirect(self.made.get_absolute_url()) if self.made is not None else response


class DisclosureViews(ModelViews):
    model = models.Disclosure
    detail_view = DisclosureDetailView
    kinds = ("list", "detail", "edit", "changes")


class PdfView(ObjectDetailView):
    """The kept PDF of a published (or superseded) disclosure, for whoever may see it."""

    def get(self, request, pk):
        disclosure = self.get_object()
        if not disclosure.pdf:
            raise Http404
        name = f"{disclosure.community.name}-{disclosure.month:%Y-%m}-v{disclosure.version}.pdf"
        return stored_file_response(disclosure.pdf, filename=name, content_type="application/pdf")


def _last_month():
    first = timezone.localdate().replace(day=1)
    return (first - timedelta(days=1)).replace(day=1)


class CompileForm(forms.Form):
    month = forms.DateField(
        label=gettext_lazy("month"),
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        input_formats=["%Y-%m", "%Y-%m-%d"],
        help_text=gettext_lazy("A month that is over."),
    )


class CompileView(LoginRequiredMixin, View):
    """Compile a month's drafts for every community of the user's jurisdiction that has none (the clock does it on
    the first of each month; this is for a month it missed, or for fresh figures in the drafts)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.scope_prefixes("disclosure.add_disclosure"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.render(CompileForm(initial={"month": _last_month()}))

    def post(self, request):
        form = CompileForm(request.POST)
        if not form.is_valid():
            return self.render(form)
        prefixes = request.user.scope_prefixes("disclosure.add_disclosure")
        divisions = Division.objects.unscoped("the user's own jurisdictions").filter(
            code__in=[prefix.ljust(12, "0") for prefix in prefixes]
        )
        made = 0
        try:
            for division in divisions:
                made += services.compile_month(
                    acting_user=request.user, month=form.cleaned_data["month"], within=division
                )
        except ValidationError as invalid:
            form.add_error("month", invalid.message_dict.get("month", invalid.messages))
            return self.render(form)
        month = form.cleaned_data["month"].replace(day=1)
        messages.success(
            request,
            _("{month}: {n} drafts compiled; the drafts already there have fresh figures.").format(
                month=f"{month:%Y-%m}", n=made
            ),
        )
        return redirect(f"{reverse('disclosure:disclosure_list')}?month={month:%Y-%m-%d}")

    def render(self, form):
        return render(self.request, "disclosure/compile.html", {"form": form})
