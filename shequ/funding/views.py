"""The funding pages (issue #15; FIN-1, FIN-2, FIN-3): registers from their declarations, the ledger's entry page
(its postings and the reversal), and posting an allocation or a disbursement."""

import tempfile
from datetime import date
from decimal import Decimal

import xlsxwriter
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from shequ.core.audit import log_access
from shequ.core.choices import AccessEvent
from shequ.core.forms import add_service_errors
from shequ.core.pickers import PICKER_FIELD, picker_answer, use_pickers
from shequ.core.rights import may
from shequ.core.scope import scope_q
from shequ.core.views import ModelViews, ObjectDetailView, ObjectEditView, ObjectView, StepsMixin
from shequ.funding import forms, models, services
from shequ.funding.capitals import capitals
from shequ.funding.choices import AuditStatus, DonationStatus, EntryKind, ProjectStatus
from shequ.funding.statements import statements
from shequ.regions.models import Division

__all__ = [
    "AccountViews",
    "AllocateItemView",
    "AssetViews",
    "AuditFindingViews",
    "AuditViews",
    "BudgetViews",
    "DonationReceiptView",
    "DonationViews",
    "EntryViews",
    "FundraisingProjectViews",
    "PostView",
    "SocialWageViews",
    "StatementView",
    "WorkerPayViews",
]


class BudgetViews(ModelViews):
    model = models.Budget


class AccountDetailView(ObjectDetailView):
    def extra_context(self, obj):
        context = super().extra_context(obj)
        # The latest 50 in the order they were posted: a backward walk of the (account, entry) index, however many
        # millions of postings the account has (ordering by the entry's date would sort them all; bench/README.md).
        context["postings"] = obj.postings.select_related("entry").order_by("-entry_id", "-pk")[:50]
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
            and not models.Donation.objects.unscoped("cancelled on its own page").filter(entry=obj).exists()
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


class _EntryFormView(LoginRequiredMixin, View):
    """A page that posts one ledger entry through a service: the form, its pickers, the service's refusals on the
    form's fields, then the entry's page. Subclasses name the form, the template and the service call (`write`)."""

    permission = "funding.add_entry"
    form_class: type
    template: str

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def page(self, form):
        use_pickers(form)
        return render(self.request, self.template, {"form": form})

    def get(self, request):
        return self.page(self.form_class(user=request.user, initial=request.GET.dict()))

    def post(self, request):
        if PICKER_FIELD in request.POST:
            return picker_answer(self.form_class(user=request.user), request)
        form = self.form_class(request.POST, user=request.user)
        if form.is_valid():
            try:
                entry = self.write(request.user, form.cleaned_data)
            except ValidationError as invalid:
                add_service_errors(form, self.renamed(invalid))
            except PermissionDenied:
                form.add_error(None, _("The record would lie outside your jurisdiction."))
            else:
                messages.success(request, _("Posted {entry}.").format(entry=entry))
                return redirect(entry.get_absolute_url())
        return self.page(form)

    def write(self, user, data):
        raise NotImplementedError

    def renamed(self, invalid: ValidationError) -> ValidationError:
        return invalid


class PostView(_EntryFormView):
    """Post an allocation into an earmark or a disbursement from it (FIN-3)."""

    form_class = forms.PostForm
    template = "funding/post.html"

    def write(self, user, data):
        if data["kind"] == EntryKind.ALLOCATION:
            return services.allocate(
                acting_user=user,
                earmark=data["earmark"],
                source=data["other"],
                amount=data["amount"],
                description=data["description"],
                day=data["day"],
            )
        return services.disburse(
            acting_user=user,
            earmark=data["earmark"],
            expense=data["other"],
            amount=data["amount"],
            description=data["description"],
            day=data["day"],
            community=data["community"],
        )

    def renamed(self, invalid):
        return _renamed(invalid)


class AllocateItemView(_EntryFormView):
    """费随事转 (FIN-1): the street records an admitted item's funding for a year arriving in its earmark."""

    form_class = forms.AllocateItemForm
    template = "funding/allocate_item.html"

    def write(self, user, data):
        bank = data["bank"]
        return services.allocate_item(
            acting_user=user, item=data["item"], street=bank.division, year=data["year"], bank=bank
        )


def _renamed(invalid: ValidationError) -> ValidationError:
    """The services name the earmark's counterpart `source` or `expense`; the form calls it `other`."""
    if hasattr(invalid, "error_dict"):
        renamed = {("other" if k in ("source", "expense") else k): v for k, v in invalid.error_dict.items()}
        return ValidationError(renamed)
    return invalid


def _month(text: str | None) -> date:
    """The month asked for ("2026-10"), within the ledger's years; anything else is the current month."""
    try:
        year, month = (int(part) for part in (text or "").split("-"))
        if models.MIN_YEAR <= year <= models.MAX_YEAR:
            return date(year, month, 1)
    except ValueError:
        pass
    return timezone.localdate().replace(day=1)


class StatementView(LoginRequiredMixin, View):
    """The monthly statement per community (FIN-3): what the street's earmarks paid for each community in a month,
    by fund and by line of expenditure, from the entries the user may see; as a page or an Excel file."""

    permission = "funding.view_entry"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        month = _month(request.GET.get("month"))
        # A community's statement is its own (and public through its disclosure), though the entries are its
        # street's: the statement reads the entries for the communities in the user's jurisdiction.
        # Only where the user may read the ledger's entries: a division seen under another role (the system
        # administrator's tree) is no licence to read its money.
        communities = Division.objects.restrict(request.user, "view").communities()
        if not request.user.is_superuser:
            communities = communities.filter(scope_q(request.user.scope_prefixes(self.permission)))
        division = None
        code = request.GET.get("division", "")
        if code:
            division = get_object_or_404(Division.objects.restrict(request.user, "view"), code=code[:12])
            communities = communities.filter(code__startswith=division.prefix)
        entries = models.Entry.objects.unscoped("statements of the user's communities").filter(
            community__in=communities
        )
        found = statements(entries, month)
        names = dict(Division.objects.filter(pk__in=list(found)).values_list("pk", "name"))
        codes = dict(Division.objects.filter(pk__in=list(found)).values_list("pk", "code"))
        rows = sorted(((codes[pk], names[pk], statement) for pk, statement in found.items()), key=lambda row: row[0])
        if request.GET.get("export") == "xlsx":
            return self.export(request, rows, month, division)
        return render(
            request,
            "funding/statements.html",
            {"month": month, "division": division, "rows": rows, "total": sum((r[2].spent for r in rows), Decimal(0))},
        )

    def export(self, request, rows, month, division):
        log_access(
            AccessEvent.EXPORT,
            user=request.user,
            model="funding.entry",
            format="xlsx",
            query=request.GET.urlencode()[:500],
        )
        spool = tempfile.TemporaryFile()
        workbook = xlsxwriter.Workbook(spool, {"in_memory": False})
        sheet = workbook.add_worksheet(f"{month:%Y-%m}")
        bold = workbook.add_format({"bold": True})
        money = workbook.add_format({"num_format": "0.00"})
        headers = [_("community code"), _("community"), _("breakdown"), _("fund or expenditure"), _("amount (yuan)")]
        sheet.write_row(0, 0, [str(h) for h in headers], bold)
        line = 1
        for code, name, statement in rows:
            for by, pairs in (
                (_("by fund"), statement.fund_rows()),
                (_("by line of expenditure"), statement.line_rows()),
            ):
                for label, amount in pairs:
                    sheet.write_row(line, 0, [code, name, str(by), label])
                    # xlsx keeps numbers as doubles: exact for any amount of fen below 2^53.
                    sheet.write_number(line, 4, float(amount), money)
                    line += 1
        workbook.close()
        spool.seek(0)
        response = HttpResponse(
            spool.read(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        where = f"-{division.code}" if division is not None else ""
        response["Content-Disposition"] = f"attachment; filename=statements-{month:%Y-%m}{where}.xlsx"
        return response


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
