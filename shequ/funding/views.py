"""The funding pages (issue #15; FIN-1, FIN-2, FIN-3): registers from their declarations, the ledger's entry page
(its postings and the reversal), and posting an allocation or a disbursement."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from shequ.core.forms import add_service_errors
from shequ.core.pickers import PICKER_FIELD, picker_answer, use_pickers
from shequ.core.rights import may
from shequ.core.views import ModelViews, ObjectDetailView, ObjectEditView, ObjectView, StepsMixin
from shequ.funding import forms, models, services
from shequ.funding.capitals import capitals
from shequ.funding.choices import AuditStatus, DonationStatus, EntryKind, ProjectStatus

__all__ = [
    "AccountViews", "AssetViews", "AuditFindingViews", "AuditViews", "BudgetViews", "DonationReceiptView",
    "DonationViews", "EntryViews", "FundraisingProjectViews", "PostView", "SocialWageViews", "WorkerPayViews",
]  # fmt: skip


class BudgetViews(ModelViews):
    model = models.Budget


class AccountDetailView(ObjectDetailView):
    def extra_context(self, obj):
        context = super().extra_context(obj)
        context["postings"] = obj.postings.select_related("entry").order_by("-entry__day", "-pk")[:50]
        if obj.kind == "bank":
            total = sum((a.balance for a in obj.sub_accounts.all()), Decimal("0.00"))
            self.add_fact(context, _("balance of its earmarked sub-accounts (yuan)"), total)
        return context


class AccountViews(ModelViews):
    model = models.Account
    detail_view = AccountDetailView


class EntryDetailView(StepsMixin, ObjectDetailView):
    def extra_context(self, obj):
        context = super().extra_context(obj)
        context["postings"] = obj.postings.select_related("account")
        context["may_reverse"] = (
            obj.kind != EntryKind.REVERSAL
            and not models.Entry.objects.unscoped("reversed once").filter(reverses=obj).exists()
            and may(self.request.user, "add", obj)
        )
        context["reverse_form"] = forms.ReverseForm()
        return context

    def may_run(self, action, record):
        return may(self.request.user, "add", record)

    def run(self, action, entry, request):
        form = forms.ReverseForm(request.POST)
        if action != "reverse" or not form.is_valid():
            raise ValidationError(_("Give the reason for the reversal."))
        services.reverse(acting_user=request.user, entry=entry, reason=form.cleaned_data["reason"])


class EntryViews(ModelViews):
    model = models.Entry
    detail_view = EntryDetailView
    kinds = ("list", "detail", "changes")  # posted through PostView and the API; never edited or deleted


class SocialWageViews(ModelViews):
    model = models.SocialWage


class WorkerPayViews(ModelViews):
    model = models.WorkerPay


class PostView(LoginRequiredMixin, View):
    """Post an allocation into an earmark or a disbursement from it (FIN-3)."""

    permission = "funding.add_entry"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def page(self, form):
        use_pickers(form)
        return render(self.request, "funding/post.html", {"form": form})

    def get(self, request):
        return self.page(forms.PostForm(user=request.user, initial=request.GET.dict()))

    def post(self, request):
        if PICKER_FIELD in request.POST:
            return picker_answer(forms.PostForm(user=request.user), request)
        form = forms.PostForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["kind"] == EntryKind.ALLOCATION:
                    entry = services.allocate(
                        acting_user=request.user,
                        earmark=data["earmark"],
                        source=data["other"],
                        amount=data["amount"],
                        description=data["description"],
                        day=data["day"],
                    )
                else:
                    entry = services.disburse(
                        acting_user=request.user,
                        earmark=data["earmark"],
                        expense=data["other"],
                        amount=data["amount"],
                        description=data["description"],
                        day=data["day"],
                        community=data["community"],
                    )
            except ValidationError as invalid:
                add_service_errors(form, _renamed(invalid))
            except PermissionDenied:
                form.add_error(None, _("The record would lie outside your jurisdiction."))
            else:
                messages.success(request, _("Posted {entry}.").format(entry=entry))
                return redirect(entry.get_absolute_url())
        return self.page(form)


def _renamed(invalid: ValidationError) -> ValidationError:
    """The services name the earmark's counterpart `source` or `expense`; the form calls it `other`."""
    if hasattr(invalid, "error_dict"):
        renamed = {("other" if k in ("source", "expense") else k): v for k, v in invalid.error_dict.items()}
        return ValidationError(renamed)
    return invalid


# ---- voluntary fundraising (FIN-1), assets and special audits (FIN-3) --------------------------------------------


class ProjectDetailView(ObjectDetailView):
    def extra_context(self, obj):
        context = super().extra_context(obj)
        self.add_fact(context, _("raised (yuan)"), obj.raised())
        context["donations"] = obj.donations.order_by("-received_on", "-receipt_number")[:100]
        context["may_receive"] = obj.status == ProjectStatus.OPEN and may(self.request.user, "add", obj)
        return context


class FundraisingProjectViews(ModelViews):
    model = models.FundraisingProject
    detail_view = ProjectDetailView


class DonationReceiveView(ObjectEditView):
    """The page that records a donation through `services.receive_donation` (never a plain model save)."""

    def post(self, request, pk=None):
        form = forms.DonationForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                donation = services.receive_donation(acting_user=request.user, **data)
            except ValidationError as invalid:
                add_service_errors(form, invalid)
            except PermissionDenied:
                form.add_error(None, _("The record would lie outside your jurisdiction."))
            else:
                messages.success(
                    request, _("Donation recorded: receipt {number}.").format(number=donation.receipt_number)
                )
                return redirect(donation.get_absolute_url())
        return self.render_form(form, None)


class DonationDetailView(StepsMixin, ObjectDetailView):
    def extra_context(self, obj):
        context = super().extra_context(obj)
        self.add_fact(context, _("amount in capitals"), capitals(obj.amount))
        context["may_cancel"] = obj.status == DonationStatus.RECORDED and may(self.request.user, "change", obj)
        context["cancel_form"] = forms.CancelDonationForm()
        return context

    def run(self, action, donation, request):
        form = forms.CancelDonationForm(request.POST)
        if action != "cancel" or not form.is_valid():
            raise ValidationError(_("Give the reason for the cancellation."))
        services.cancel_donation(acting_user=request.user, donation=donation, reason=form.cleaned_data["reason"])


class DonationViews(ModelViews):
    model = models.Donation
    form = forms.DonationForm
    edit_view = DonationReceiveView
    detail_view = DonationDetailView
    kinds = ("list", "add", "detail", "changes")  # recorded through the service; cancelled, never edited or deleted


class DonationReceiptView(ObjectView):
    """The printable receipt of a donation (FIN-1): an anonymous donor is not named on it."""

    model = models.Donation

    def get(self, request, pk):
        donation = get_object_or_404(self.get_queryset().select_related("project", "issuer"), pk=pk)
        context = {
            "donation": donation,
            "capitals": capitals(donation.amount),
            "printed_at": timezone.now(),
        }
        return render(request, "funding/donation_receipt.html", context)


class AssetViews(ModelViews):
    model = models.Asset


class AuditDetailView(StepsMixin, ObjectDetailView):
    def extra_context(self, obj):
        context = super().extra_context(obj)
        today = timezone.localdate()
        findings = list(obj.findings.order_by("deadline", "pk"))
        context["findings"] = [(finding, finding.is_overdue(today)) for finding in findings]
        context["may_close"] = obj.status == AuditStatus.OPEN and may(self.request.user, "change", obj)
        context["open_findings"] = sum(1 for finding in findings if finding.rectified_on is None)
        return context

    def run(self, action, audit, request):
        if action != "close":
            raise ValidationError(_("Unknown action."))
        services.close_audit(acting_user=request.user, audit=audit)


class AuditViews(ModelViews):
    model = models.Audit
    detail_view = AuditDetailView


class AuditFindingViews(ModelViews):
    model = models.AuditFinding
