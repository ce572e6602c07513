"""The grid-work pages: each register's form, filters and table come from its declaration (registers.py); the grid
worker's own incident form reports into the call centre's intake (SVC-8 → SVC-5)."""

import uuid

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from shequ.core.forms import add_service_errors
from shequ.core.views import ModelViews
from shequ.gridwork import models
from shequ.regions.models import Grid
from shequ.workorders import photos, services
from shequ.workorders.choices import RequestType, Source
from shequ.workorders.forms import GridIncidentForm

__all__ = ["GridWorkerViews", "IncidentReportView", "PatrolLogViews", "own_grids"]


class GridWorkerViews(ModelViews):
    model = models.GridWorker


class PatrolLogViews(ModelViews):
    model = models.PatrolLog


def own_grids(user):
    """The grids `user` works in (active assignments) within their jurisdiction; a user assigned to none — community
    staff reporting for a grid worker — gets the grids of their jurisdiction (SVC-8)."""
    visible = Grid.objects.restrict(user, "view")
    assigned = visible.filter(pk__in=models.GridWorker.objects.filter(user=user, active=True).values("grid"))
    return assigned if assigned.exists() else visible


class IncidentReportView(LoginRequiredMixin, View):
    """The grid worker's incident form (issue #13; SVC-8, SVC-5): built for a phone — photos from the camera, the
    position on request — and taken in by the same `services.submit` as every channel (source GRID), so the order
    is checked, de-duplicated, routed and put on the clock like any other. Its photos are bounded and re-encoded
    (`workorders.photos`) and stored with the order; the idempotency key is a hidden field made with the page."""

    template = "workorders/grid_incident.html"
    permission = "workorders.add_workorder"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form(self, *args, **kwargs):
        return GridIncidentForm(*args, grids=own_grids(self.request.user), **kwargs)

    def page(self, form, status=200):
        return render(self.request, self.template, {"form": form}, status=status)

    def get(self, request):
        return self.page(self.form(initial={"idempotency_key": uuid.uuid4().hex}))

    def post(self, request):
        form = self.form(request.POST, request.FILES)
        if not form.is_valid():
            return self.page(form, status=400)
        data = form.cleaned_data
        try:
            images = photos.clean_photos(data["photos"])
        except ValidationError as invalid:
            form.add_error("photos", invalid.message_dict["photos"])
            return self.page(form, status=400)
        try:
            with transaction.atomic():
                order, created = services.submit(
                    acting_user=request.user,
                    source=Source.GRID,
                    request_type=RequestType.REPORT,
                    category=data["category"],
                    description=data["description"],
                    community=data["grid"].community,
                    address=data["address"],
                    emergency=data["emergency"],
                    idempotency_key=f"grid:{request.user.pk}:{data['idempotency_key']}",
                    latitude=data["latitude"],
                    longitude=data["longitude"],
                )
                if created:  # a resent form answers with the first order and its photos
                    photos.save_photos(order, images)
        except PermissionDenied:  # a grid the worker sees but may not report in
            form.add_error("grid", _("You may not report incidents in this grid."))
        except ValidationError as invalid:
            add_service_errors(form, invalid)
        except services.IdempotencyConflict:
            form.add_error(None, _("This form was already sent with other content. Please fill it in again."))
        else:
            if order.unit_id:
                text = _("Incident {number} reported and sent to {unit}.").format(
                    number=order.number, unit=order.unit.name
                )
            else:
                text = _("Incident {number} reported; the hotline will route it.").format(number=order.number)
            messages.success(request, text)
            return redirect(order.get_absolute_url())
        return self.page(form, status=400)
