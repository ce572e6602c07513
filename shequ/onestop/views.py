"""Pages of the one-stop services (issue #5; SVC-1, SVC-2). Case steps and reviews go through `onestop.services`."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from shequ.core.forms import add_service_errors
from shequ.core.rights import user_may
from shequ.core.views import ModelViews, ObjectDetailView, ObjectEditView, StepsMixin
from shequ.onestop import forms, models, services
from shequ.onestop.choices import CaseStatus

__all__ = ["AllowanceReviewViews", "ServiceCaseViews", "ServiceItemViews"]


class ServiceItemViews(ModelViews):
    model = models.ServiceItem


class CaseIntakeView(ObjectEditView):
    def post(self, request, pk=None):
        form = forms.CaseForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                case = services.open_case(
                    acting_user=request.user,
                    community=data["community"],
                    item=data["item"],
                    applicant_name=data["applicant_name"],
                    phone=data["phone"],
                    note=data["note"],
                )
            except ValidationError as invalid:
                add_service_errors(form, invalid)
            else:
                messages.success(request, _("Case {number} accepted.").format(number=case.number))
                return redirect(case.get_absolute_url())
        return self.render_form(form, None)


class CaseDetailView(StepsMixin, ObjectDetailView):
    def extra_context(self, obj):
        context = super().extra_context(obj)
        context["may_act"] = obj.status in CaseStatus.open() and user_may(
            self.request.user, "onestop.change_servicecase", obj.division_code
        )
        return context

    def run(self, action, case, request):
        user = request.user
        if action == "materials":
            services.record_materials(acting_user=user, case=case, received=request.POST.getlist("received"))
        elif action == "start":
            services.start(acting_user=user, case=case)
        elif action == "complete":
            services.complete(acting_user=user, case=case)
        elif action == "reject":
            services.reject(acting_user=user, case=case, reason=request.POST.get("reason", ""))
        else:
            raise ValidationError(_("Unknown action."))


class ServiceCaseViews(ModelViews):
    model = models.ServiceCase
    edit_view = CaseIntakeView
    detail_view = CaseDetailView
    kinds = ("list", "add", "detail", "changes")


class ReviewDetailView(StepsMixin, ObjectDetailView):
    def extra_context(self, obj):
        context = super().extra_context(obj)
        context["review_form"] = forms.ReviewForm(initial={"status": obj.status})
        return context

    def run(self, action, review, request):
        form = forms.ReviewForm(request.POST)
        if action != "review" or not form.is_valid():
            raise ValidationError(_("Give the date and the status of the review."))
        services.record_review(
            acting_user=request.user,
            review=review,
            day=form.cleaned_data["day"],
            status=form.cleaned_data["status"],
            reason=form.cleaned_data["reason"],
        )


class AllowanceReviewViews(ModelViews):
    model = models.AllowanceReview
    detail_view = ReviewDetailView
