"""The four openings (四公开) of property services on the public portal (issue #16 item 4, PROP-1, PROP-2), for anyone,
without an account: for each residential area of a community, the published property-service contract in force —
company, how it was selected, term, service content, standard, fees and the use of fees — and, for a self-managed
area, its basic services' costs and the published per-household charge. Only what was published; nothing naming a
person."""

from django.db.models import Q
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views import View

from shequ.places.models import ResidentialArea
from shequ.property.models import CostItem, SelfManagedArea, ServiceContract
from shequ.regions.services import find_public_community

__all__ = ["URL_NAMES", "OpeningsView", "urlpatterns"]

REASON = "the public portal: property services' four openings are public"
MAX_AREAS = 200


class OpeningsView(View):
    def get(self, request):
        context = find_public_community(request, REASON)
        context["areas"] = []
        community = context["community"]
        if community is not None:
            today = timezone.localdate()
            areas = list(
                ResidentialArea.objects.unscoped(REASON).filter(community=community).order_by("name")[:MAX_AREAS]
            )
            in_force = (
                ServiceContract.objects.unscoped(REASON)
                .filter(area__in=areas, published_on__isnull=False, starts_on__lte=today)
                .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
                .order_by("area_id", "-version")
            )
            contracts: dict[int, ServiceContract] = {}
            for contract in in_force:
                contracts.setdefault(contract.area_id, contract)  # the latest published version in force
            managed = {
                m.area_id: m
                for m in SelfManagedArea.objects.unscoped(REASON).filter(area__in=areas, published_on__isnull=False)
            }
            costs: dict[int, list] = {}
            for item in CostItem.objects.unscoped(REASON).filter(self_managed__in=managed.values()).order_by("id"):
                costs.setdefault(item.self_managed_id, []).append(item)
            context["areas"] = [
                (
                    area,
                    contracts.get(area.pk),
                    managed.get(area.pk),
                    costs.get(getattr(managed.get(area.pk), "pk", 0), []),
                )
                for area in areas
            ]
        return render(request, "property/portal_openings.html", context)


urlpatterns = [path("", OpeningsView.as_view(), name="openings")]
URL_NAMES = {"portal-property:openings"}
