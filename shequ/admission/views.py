"""The admission pages (issue #15, ADM-1): the registers from their declarations, the steps of an item (publish,
withdraw, new version) and of a request (reply, decline), the send page and the burden report."""

import tempfile
from datetime import date

import xlsxwriter
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from shequ.admission import burden as measures
from shequ.admission import forms, models, services
from shequ.admission.choices import ItemKind, ItemStatus, RequestStatus
from shequ.core.audit import log_access
from shequ.core.choices import AccessEvent
from shequ.core.downloads import open_stored
from shequ.core.forms import add_service_errors
from shequ.core.pickers import PICKER_FIELD, picker_answer, use_pickers
from shequ.core.rights import may, user_may
from shequ.core.views import ModelViews, ObjectDeleteView, ObjectDetailView, StepsMixin
from shequ.regions.models import Division

__all__ = [
    "AdmittedItemViews",
    "BurdenView",
    "CommunityRequestViews",
    "DepartmentTargetViews",
    "RequestFileView",
    "SendView",
    "ServicePointViews",
]


class ItemDetailView(StepsMixin, ObjectDetailView):
    def extra_context(self, obj):
        context = super().extra_context(obj)
        user = self.request.user
        context["may_publish"] = obj.status == ItemStatus.DRAFT and user_may(user, services.PUBLISH, obj.division_code)
        context["may_withdraw"] = obj.status == ItemStatus.PUBLISHED and user_may(
            user, services.PUBLISH, obj.division_code
        )
        context["may_version"] = obj.status == ItemStatus.PUBLISHED and may(user, "change", obj)
        # 费随事转 (FIN-1): the money the item brought, in the street ledgers the user may see.
        context["allocations"] = obj.allocations.restrict(user, "view").select_related("division").order_by("-day")
        return context

    def context(self, **extra):
        context = super().context(**extra)
        obj = extra.get("object")
        if obj is not None and obj.status != ItemStatus.DRAFT:
            context["can_change"] = context["can_delete"] = False
        return context

    def may_run(self, action, record):
        if action in ("publish", "withdraw"):
            return user_may(self.request.user, services.PUBLISH, record.division_code)
        return may(self.request.user, "change", record)

    def run(self, action, item, request):
        if action == "publish":
            services.publish(acting_user=request.user, item=item)
        elif action == "withdraw":
            services.withdraw(acting_user=request.user, item=item)
        elif action == "new-version":
            draft = services.new_version(acting_user=request.user, item=item)
            self.kwargs["next"] = draft.get_absolute_url()
        else:
            raise ValidationError(_("Unknown action."))

    def post(self, request, pk):
        response = super().post(request, pk)
        return redirect(self.kwargs["next"]) if "next" in self.kwargs else response


class ItemDeleteView(ObjectDeleteView):
    def post(self, request, pk):
        obj = self.get_object()
        if obj.status != ItemStatus.DRAFT:
            messages.error(request, _("A published item is not deleted: the city withdraws it."))
            return redirect(obj.get_absolute_url())
        return super().post(request, pk)


class AdmittedItemViews(ModelViews):
    model = models.AdmittedItem
    detail_view = ItemDetailView
    delete_view = ItemDeleteView


class RequestDetailView(StepsMixin, ObjectDetailView):
    def extra_context(self, obj):
        context = super().extra_context(obj)
        if obj.item_id:
            item = obj.item
            self.add_fact(context, _("kind"), item.get_kind_display())
            self.add_fact(context, _("legal basis"), item.legal_basis)
            self.add_fact(context, _("funding per community per year (yuan)"), item.funding_per_community)
        answerable = obj.status == RequestStatus.SENT and user_may(self.request.user, services.REPLY, obj.division_code)
        context["may_answer"] = answerable
        if answerable:
            context["reply_form"], context["decline_form"] = forms.ReplyForm(), forms.DeclineForm()
        context["files"] = [
            (name, label, getattr(obj, name))
            for name, label in (("attachment", _("attachment")), ("reply_file", _("reply file")))
            if getattr(obj, name)
        ]
        return context

    def context(self, **extra):
        context = super().context(**extra)
        obj = extra.get("object")
        if obj is not None and obj.status != RequestStatus.SENT:
            context["can_change"] = context["can_delete"] = False
        return context

    def may_run(self, action, record):
        return user_may(self.request.user, services.REPLY, record.division_code)

    def run(self, action, request_record, request):
        if action == "reply":
            form = forms.ReplyForm(request.POST, request.FILES)
            if not form.is_valid():
                raise ValidationError([f"{form.fields[n].label}：{e}" for n, errs in form.errors.items() for e in errs])
            data = form.cleaned_data
            services.reply(
                acting_user=request.user,
                request=request_record,
                text=data["reply"],
                hours=data["hours"],
                file=data["reply_file"],
            )
        elif action == "decline":
            form = forms.DeclineForm(request.POST)
            if not form.is_valid():
                raise ValidationError([f"{form.fields[n].label}：{e}" for n, errs in form.errors.items() for e in errs])
            services.decline(acting_user=request.user, request=request_record, reason=form.cleaned_data["reason"])
        else:
            raise ValidationError(_("Unknown action."))


class RequestDeleteView(ObjectDeleteView):
    def post(self, request, pk):
        obj = self.get_object()
        if obj.status != RequestStatus.SENT:
            messages.error(request, _("A request the community has answered is not deleted: it counts in its burden."))
            return redirect(obj.get_absolute_url())
        return super().post(request, pk)


class CommunityRequestViews(ModelViews):
    model = models.CommunityRequest
    detail_view = RequestDetailView
    delete_view = RequestDeleteView


class RequestFileView(ObjectDetailView):
    """A request's attachment or the community's reply file, for whoever may see the request (no public URL)."""

    def get(self, request, pk, which):
        if which not in ("attachment", "reply_file"):
            raise Http404
        record = self.get_object()
        file = getattr(record, which)
        if not file:
            raise Http404
        opened = open_stored(file)  # a file gone from the storage: 404, and no access logged
        log_access(AccessEvent.EXPORT, user=request.user, obj=record, division_code=record.division_code, file=which)
        return FileResponse(opened, as_attachment=True, filename=file.name.rsplit("/", 1)[-1])


class SendView(LoginRequiredMixin, View):
    """A department sends one request to every community of a division through the gate (ADM-1)."""

    permission = "admission.add_communityrequest"
    template = "admission/send.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def page(self, form, status=200):
        use_pickers(form)
        return render(self.request, self.template, {"form": form}, status=status)

    def get(self, request):
        return self.page(forms.SendForm(user=request.user, initial=request.GET.dict()))

    def post(self, request):
        if PICKER_FIELD in request.POST:
            return picker_answer(forms.SendForm(user=request.user), request)
        form = forms.SendForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                sent = services.send(
                    acting_user=request.user,
                    item=data["item"],
                    division=data["division"],
                    title=data["title"],
                    content=data["content"],
                    deadline=data["deadline"],
                    attachment=data["attachment"],
                )
            except ValidationError as invalid:
                add_service_errors(form, invalid)
            else:
                messages.success(request, _("Sent to {count} communities.").format(count=len(sent)))
                return redirect("admission:communityrequest_list")
        return self.page(form, status=200)


def _month(text: str | None) -> date:
    try:
        year, month = (int(part) for part in (text or "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return timezone.localdate().replace(day=1)


class BurdenView(LoginRequiredMixin, View):
    """The burden on communities for one month (ADM-1): per community and department the requests of each kind and
    the hours spent, the heaviest departments, the trend of twelve months; as a page or an Excel file."""

    permission = "admission.view_communityrequest"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        month = _month(request.GET.get("month"))
        requests = models.CommunityRequest.objects.restrict(request.user, "view")
        division = None
        code = request.GET.get("division", "")
        if code:
            division = get_object_or_404(Division.objects.restrict(request.user, "view"), code=code)
            requests = requests.within(division.prefix)
        rows = measures.burden(requests, month)
        if request.GET.get("export") == "xlsx":
            return self.export(request, rows, month, division)
        return render(
            request,
            "admission/burden.html",
            {
                "month": month,
                "division": division,
                "kinds": ItemKind.labels,
                "rows": rows,
                "heaviest": measures.heaviest(requests, month),
                "trend": measures.trend(requests, month),
            },
        )

    def export(self, request, rows, month, division):
        log_access(
            AccessEvent.EXPORT,
            user=request.user,
            model="admission.communityrequest",
            format="xlsx",
            query=request.GET.urlencode()[:500],
        )
        spool = tempfile.TemporaryFile()
        workbook = xlsxwriter.Workbook(spool, {"in_memory": False})
        sheet = workbook.add_worksheet(f"{month:%Y-%m}")
        bold = workbook.add_format({"bold": True})
        headers = [_("community code"), _("community"), _("department"), *ItemKind.labels, _("total"), _("hours spent")]
        sheet.write_row(0, 0, [str(h) for h in headers], bold)
        for index, row in enumerate(rows, start=1):
            sheet.write_row(
                index,
                0,
                [row.community_code, row.community, row.department, *row.count_list(), row.total, row.hours],
            )
        workbook.close()
        spool.seek(0)
        response = HttpResponse(
            spool.read(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        where = f"-{division.code}" if division is not None else ""
        response["Content-Disposition"] = f"attachment; filename=burden-{month:%Y-%m}{where}.xlsx"
        return response


class DepartmentTargetViews(ModelViews):
    """Departments' targets toward communities (GUAR-2)."""

    model = models.DepartmentTarget


class ServicePointViews(ModelViews):
    """Utilities' service points in communities (GUAR-2)."""

    model = models.ServicePoint
