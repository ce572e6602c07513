"""The monthly disclosures on the public portal (INFO-1), for anyone, without an account: a community is chosen by
name (at most 20 matches) or by its code; every version ever published is listed per month (a superseded one
marked, linking its correction), each with its report and its PDF. Drafts and reviewed versions do not exist here."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.views import View

from shequ.core.downloads import stored_file_response
from shequ.disclosure.models import Disclosure
from shequ.disclosure.report import sections
from shequ.regions.services import find_public_community

__all__ = ["URL_NAMES", "urlpatterns"]

REASON = "the public portal: monthly disclosures are public"
MAX_LISTED = 120  # ten years of months


def _published():
    return Disclosure.objects.unscoped(REASON).public().select_related("community")


class DisclosuresView(View):
    def get(self, request):
        context = find_public_community(request, REASON)
        context["disclosures"] = []
        community = context["community"]
        if community is not None:
            context["disclosures"] = list(
                _published().filter(community=community).order_by("-month", "-version")[:MAX_LISTED]
            )
        return render(request, "disclosure/portal_disclosures.html", context)


class DisclosureView(View):
    def get(self, request, pk):
        disclosure = get_object_or_404(_published(), pk=pk)
        correction = _published().filter(corrects=disclosure).first()
        context = {"disclosure": disclosure, "sections": sections(disclosure), "correction": correction}
        return render(request, "disclosure/portal_disclosure.html", context)


class PdfView(View):
    def get(self, request, pk):
        disclosure = get_object_or_404(_published(), pk=pk)
        if not disclosure.pdf:
            raise Http404
        name = f"{disclosure.community.name}-{disclosure.month:%Y-%m}-v{disclosure.version}.pdf"
        return stored_file_response(disclosure.pdf, filename=name, content_type="application/pdf")


app_name = "portal-disclosure"
urlpatterns = [
    path("", DisclosuresView.as_view(), name="list"),
    path("<int:pk>/", DisclosureView.as_view(), name="detail"),
    path("<int:pk>/pdf/", PdfView.as_view(), name="pdf"),
]
URL_NAMES = {"portal-disclosure:list", "portal-disclosure:detail", "portal-disclosure:pdf"}
