"""The grid-work pages: each register's form, filters and table come from its declaration (registers.py); the grid
worker's own incident form reports into the call centre's intake (SVC-8 → SVC-5)."""

import uuid

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from shequ.core.forms import add_service_errors
from shequ.core.pickers import PICKER_FIELD, picker_answer, use_pickers
from shequ.core.rights import user_may
from shequ.core.views import ModelViews
from shequ.gridwork import models
from shequ.gridwork.forms import PatrolStartForm
from shequ.regions.models import Grid
from shequ.workorders import photos, services
from shequ.workorders.choices import RequestType, Source
from shequ.workorders.forms import GridIncidentForm

__all__ = ["GridWorkerViews", "IncidentReportView", "PatrolLogViews", "PatrolNowView", "own_grids"]


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
        use_pickers(form)  # staff with no grid of their own choose among all of their jurisdiction's (issue #13)
        return render(self.request, self.template, {"form": form}, status=status)

    def get(self, request):
        return self.page(self.form(initial={"idempotency_key": uuid.uuid4().hex}))

    def post(self, request):
        if PICKER_FIELD in request.POST:  # the grid picker asking for matches
            return picker_answer(self.form(), request)
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


class PatrolNowView(LoginRequiredMixin, View):
    """Start a patrol now, end it now (issue #13; SVC-8): two buttons for the grid worker on the street instead of
    two time fields. Only the worker's own open patrols can be ended here; the times are the server's clock, shown
    in the city's time zone."""

    template = "gridwork/patrol_now.html"
    permission = "gridwork.add_patrollog"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def open_patrols(self):
        """The worker's patrols without an end that may still end (a patrol lasts at most a day)."""
        return (
            models.PatrolLog.objects.restrict(self.request.user, "change")
            .filter(worker=self.request.user, ended_at__isnull=True)
            .filter(started_at__gte=timezone.now() - models.MAX_PATROL)
            .select_related("grid")
            .order_by("-started_at")
        )

    def page(self, form, status=200):
        return render(
            self.request, self.template, {"form": form, "open_patrols": self.open_patrols()[:5]}, status=status
        )

    def get(self, request):
        return self.page(PatrolStartForm(grids=own_grids(request.user)))

    def post(self, request):
        if request.POST.get("action") == "end":
            patrol = self.open_patrols().filter(pk=request.POST.get("patrol") or None).first()
            if patrol is None:
                raise Http404
            patrol.ended_at = timezone.now()
            patrol.save()
            messages.success(
                request,
                _("Patrol of {grid} ended at {time}.").format(
                    grid=patrol.grid, time=f"{timezone.localtime(patrol.ended_at):%H:%M}"
                ),
            )
            return redirect(patrol.get_absolute_url())
        form = PatrolStartForm(request.POST, grids=own_grids(request.user))
        if not form.is_valid():
            return self.page(form, status=400)
        grid = form.cleaned_data["grid"]
        if not user_may(request.user, self.permission, grid.division_code):
            form.add_error("grid", _("You may not log patrols in this grid."))
            return self.page(form, status=400)
        patrol = models.PatrolLog.objects.create(
            grid=grid, worker=request.user, started_at=timezone.now(), created_by=request.user
        )
        messages.success(
            request,
            _("Patrol of {grid} started at {time}.").format(
                grid=grid, time=f"{timezone.localtime(patrol.started_at):%H:%M}"
            ),
        )
        return redirect("gridwork:patrol_now")
