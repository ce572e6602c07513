"""The facilities pages: each register's form, filters and table come from its declaration (registers.py); beyond
them the upkeep rates per residential area and their trend (FAC-3)."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views import View

from shequ.core.downloads import stored_file_response
from shequ.core.rights import user_may
from shequ.core.views import ModelViews, ObjectDetailView, StepsMixin
from shequ.facilities import models, photos, services, upkeep
from shequ.facilities.choices import UpkeepStandard

MAX_AREAS = 200

__all__ = [
    "FacilityDetailView",
    "FacilityPhotoView",
    "FacilityViews",
    "FunctionItemViews",
    "FunctionStandardViews",
    "PlanningProjectDetailView",
    "PlanningProjectViews",
    "UpkeepIssueViews",
    "UpkeepRatesView",
]


class FunctionStandardViews(ModelViews):
    model = models.FunctionStandard


class FunctionItemViews(ModelViews):
    model = models.FunctionItem


class FacilityDetailView(StepsMixin, ObjectDetailView):
    """A facility's page with its photos (FAC-2): whoever may change the facility adds JPEG or PNG photos or
    removes one; whoever may see it sees them."""

    def extra_context(self, obj):
        context = super().extra_context(obj)
        context["photos"] = obj.photos.all()
        context["may_change"] = user_may(self.request.user, "facilities.change_facility", obj.division_code)
        context["max_photos"] = models.MAX_PHOTOS
        return context

    def run(self, action, record, request):
        if action == "add_photos":
            photos.add_photos(record, request.FILES.getlist("photos"))
        elif action == "remove_photo":
            photos.remove_photo(record, request.POST.get("photo"))
        else:
            raise PermissionDenied

    def done_message(self, action, record):
        if action == "add_photos":
            return _("Photos added to {object}.").format(object=record)
        return _("Photo removed from {object}.").format(object=record)


class FacilityPhotoView(ObjectDetailView):
    """A photo of a facility, for whoever may see the facility (not a public media URL)."""

    def get(self, request, pk):
        photo = get_object_or_404(models.FacilityPhoto, pk=pk)
        if not self.get_queryset().filter(pk=photo.facility_id).exists():
            raise Http404
        return stored_file_response(photo.file, content_type="image/jpeg")


class FacilityViews(ModelViews):
    model = models.Facility
    detail_view = FacilityDetailView


class PlanningProjectDetailView(StepsMixin, ObjectDetailView):
    """A planning project, with "post the fee to the ledger" once its supporting fee is collected (FAC-1)."""

    def extra_context(self, obj):
        context = super().extra_context(obj)
        context["may_post_fee"] = bool(obj.fee_collected) and not obj.fee_entry_id and self.may_run("post_fee", obj)
        return context

    def may_run(self, action, record):
        street = record.community.parent
        return action == "post_fee" and user_may(self.request.user, "funding.add_entry", street.code)

    def run(self, action, record, request):
        self.entry = services.post_supporting_fee(acting_user=request.user, project=record)

    def done_message(self, action, record):
        return _("The fee of {amount} yuan is posted to the ledger of {street}.").format(
            amount=record.fee_collected, street=record.community.parent.name
        )


class PlanningProjectViews(ModelViews):
    model = models.PlanningProject
    detail_view = PlanningProjectDetailView


class UpkeepIssueViews(ModelViews):
    model = models.UpkeepIssue


class UpkeepRatesView(LoginRequiredMixin, View):
    """Upkeep per residential area of the user's jurisdiction (FAC-3): found, fixed, open, the share fixed and the
    mean days to fix over 12 months, most open first (the first 200 areas), and the monthly trend by standard."""

    def get(self, request):
        if not request.user.scope_prefixes("facilities.view_upkeepissue"):
            raise PermissionDenied
        issues = models.UpkeepIssue.objects.restrict(request.user)
        context = {
            "rates": upkeep.area_rates(issues)[:MAX_AREAS],
            "trend": upkeep.trend(issues),
            "standards": UpkeepStandard.labels,
        }
        return render(request, "facilities/upkeep_rates.html", context)
