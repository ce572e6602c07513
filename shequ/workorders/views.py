"""Pages of the call centre (issue #5): catalogues, routing, work orders with their actions, supervision and
statistics. Every write goes through `workorders.services`."""

import uuid

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views import View

from shequ.core.downloads import stored_file_response
from shequ.core.forms import add_service_errors
from shequ.core.views import ModelViews, ObjectDetailView, ObjectEditView, StepsMixin
from shequ.workorders import access, filtersets, forms, models, services, tables
from shequ.workorders.choices import OrderStatus, Publication, Source
from shequ.workorders.publication import mask_personal_numbers, public_address
from shequ.workorders.steps import STEPS

__all__ = ["CategoryViews", "HandlingUnitViews", "PublicationReviewView", "RoutingRuleViews", "WorkOrderViews"]


class CategoryViews(ModelViews):
    model = models.Category


class HandlingUnitViews(ModelViews):
    model = models.HandlingUnit


class RoutingRuleViews(ModelViews):
    model = models.RoutingRule


class IntakeView(ObjectEditView):
    """A new order taken by telephone: the shared intake (routing, duplicates, idempotency)."""

    def get_form(self, data=None, instance=None, initial=None):
        return forms.IntakeForm(data, initial=initial, user=self.request.user)

    def get(self, request, pk=None):
        return self.render_form(self.get_form(initial={"idempotency_key": uuid.uuid4().hex}), None)

    def post(self, request, pk=None):
        form = self.get_form(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:  # out of the user's jurisdiction: PermissionDenied (403) from the intake
                order, _created = services.submit(
                    acting_user=request.user,
                    source=Source.GRID if request.user.has_role("grid_worker") else Source.PHONE,
                    request_type=data["request_type"],
                    category=data["category"],
                    description=data["description"],
                    community=data["community"],
                    address=data["address"],
                    caller_name=data["caller_name"],
                    phone=data["phone"],
                    emergency=data["emergency"],
                    idempotency_key=f"staff:{request.user.pk}:{data['idempotency_key']}",
                )
            except ValidationError as invalid:
                add_service_errors(form, invalid)
            except services.IdempotencyConflict as conflict:
                form.add_error(None, str(conflict))
            else:
                messages.success(request, _("Order {number} taken.").format(number=order.number))
                return redirect(order.get_absolute_url())
        return self.render_form(form, None)


class WorkOrderDetailView(StepsMixin, ObjectDetailView):
    hidden_fields = (*ObjectDetailView.hidden_fields, "idempotency_key", "request_digest", "token")

    # The steps with a form of their own (`Step.form`; the others are buttons of the action form): the form, and
    # its fields named otherwise than the step's inputs.
    step_forms = {
        "extension": (forms.ExtensionForm, {"reason": "text"}),
        "callback": (forms.CallbackForm, {"note": "text"}),
    }
    # The decision's two buttons post these actions.
    decisions = {"approve_extension": True, "reject_extension": False}
    # Steps the page asks to confirm: they hand the order away or end it (issue #13).
    confirm_steps = frozenset({"return", "transfer", "close", "handle_on_spot", "reopen"})

    def extra_context(self, obj):
        context = super().extra_context(obj)
        user = self.request.user
        may = access.StepRights(user, obj)
        offered = {name: step for name, step in STEPS.items() if step.open_to(obj) and may(name)}
        actions = [(name, step) for name, step in offered.items() if not step.form]
        shown = {step.form for step in offered.values()}
        context.update(
            events=obj.events.select_related("actor", "unit"),
            actions=actions,
            action_form=forms.ActionForm(user=user),
            confirm_steps=self.confirm_steps,
            action_unit=any(step.takes("unit") for _name, step in actions),
            extension_form=self.step_forms["extension"][0]() if "extension" in shown else None,
            may_decide="decision" in shown,
            callback_form=self.step_forms["callback"][0]() if "callback" in shown else None,
        )
        return context

    def done_message(self, action: str, order) -> str:
        """Says what happened and where the order stands now (issue #13: "已完成。" said neither)."""
        order.refresh_from_db()
        step = STEPS.get("decide_extension" if action in self.decisions else action)
        text = _("Work order {number}: {step} done, now “{status}”.").format(
            number=order.number, step=step.label if step else action, status=order.get_status_display()
        )
        if order.red_at and order.status != OrderStatus.CLOSED:
            limit = date_format(timezone.localtime(order.red_at), "Y-m-d H:i")
            text += _(" Time limit {limit}.").format(limit=limit)
        return text

    def may_run(self, action: str, record) -> bool:
        step = "decide_extension" if action in self.decisions else action
        return access.may_act(self.request.user, record, step)

    def run(self, action: str, order, request) -> None:
        """The posted form's values as the step's inputs (`Step.inputs`); `services.perform` checks them."""
        data = request.POST
        fields = {"text": data.get("text", "")}
        if action in self.decisions:
            action, fields["approve"] = "decide_extension", self.decisions[action]
        step = STEPS.get(action)
        if step is not None and step.form in self.step_forms:
            form_class, renamed = self.step_forms[step.form]
            form = form_class(data)
            if not form.is_valid():
                raise ValidationError(list(form.errors.values())[0])
            fields.update({renamed.get(key, key): value for key, value in form.cleaned_data.items()})
        elif step is not None and step.takes("unit"):
            form = forms.ActionForm(data, user=request.user)
            fields["unit"] = form.cleaned_data["unit"] if form.is_valid() else None
        services.perform(order, action, actor=request.user, **fields)


class PhotoView(ObjectDetailView):
    """A photo of an order, for whoever may see the order (not a public media URL)."""

    def get(self, request, pk):
        photo = get_object_or_404(models.OrderPhoto.objects.select_related("order"), pk=pk)
        if not self.get_queryset().filter(pk=photo.order_id).exists():
            raise Http404
        return stored_file_response(photo.file, content_type="image/jpeg")


class WorkOrderViews(ModelViews):
    model = models.WorkOrder
    filterset = filtersets.WorkOrderFilterSet
    table = tables.WorkOrderTable
    edit_view = IntakeView
    detail_view = WorkOrderDetailView
    # No edit or delete: an order changes only through its transitions, each an event.
    kinds = ("list", "add", "detail", "changes")


class PublicationReviewView(LoginRequiredMixin, View):
    """The publication review queue (issue #12, SVC-5): the orders of the user's jurisdiction that may become public
    and wait for a decision, oldest first, each shown exactly as it would be published; publish or keep private.
    Only whoever may change orders where the order is decides (not a handling unit's staff elsewhere); each
    decision is an event of the order and a change-log row."""

    template = "workorders/publication_review.html"
    LIMIT = 100

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(access.CHANGE):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def queue(self):
        return (
            models.WorkOrder.objects.restrict(self.request.user, "change")
            .filter(publication=Publication.PENDING, category__public=True)
            .select_related("category", "community")
            .order_by("created", "id")
        )

    def get(self, request):
        user = request.user
        orders = [order for order in self.queue()[: self.LIMIT] if access.may_act(user, order, "publish")]
        rows = [
            {
                "order": order,
                "address": public_address(order.address),
                "description": mask_personal_numbers(order.description),
            }
            for order in orders
        ]
        return render(request, self.template, {"rows": rows, "limit": self.LIMIT})

    def post(self, request):
        decision = request.POST.get("decision")
        order = self.queue().filter(pk=request.POST.get("order") or None).first()
        if decision not in ("publish", "keep_private") or order is None:
            raise Http404
        if not access.may_act(request.user, order, "publish"):
            raise Http404
        try:
            services.review_publication(order, actor=request.user, publish=decision == "publish")
        except services.IllegalTransition as refused:
            messages.error(request, str(refused))
        else:
            if decision == "publish":
                messages.success(request, _("Order {number} is published.").format(number=order.number))
            else:
                messages.success(request, _("Order {number} is kept private.").format(number=order.number))
        return redirect("workorders:publication")
