"""The one-stop service registers, declared once (issue #11, `core.registers`)."""

from django.utils.translation import gettext_lazy as _

from shequ.core.registers import Register, register
from shequ.onestop.api.serializers import ServiceCaseSerializer, ServiceItemSerializer
from shequ.onestop.filtersets import AllowanceReviewFilterSet, ServiceCaseFilterSet, ServiceItemFilterSet
from shequ.onestop.forms import AllowanceReviewForm, CaseForm, ServiceItemForm
from shequ.onestop.models import AllowanceReview, ServiceCase, ServiceItem


@register
class ServiceItemRegister(Register):
    model = ServiceItem
    fields = ("name", "area", "department", "conditions", "materials", "time_limit_days", "place", "active")
    list_fields = ("name", "area", "department", "time_limit_days", "place", "active")
    search_fields = ("name", "department", "conditions")
    natural_key = ("name",)
    form, filterset, serializer = ServiceItemForm, ServiceItemFilterSet, ServiceItemSerializer


@register
class ServiceCaseRegister(Register):
    model = ServiceCase
    fields = ("community", "item", "applicant_name", "note")
    list_fields = ("number", "item", "applicant_name", "community", "status", "accepted_on", "due_on")
    search_fields = ("number", "applicant_name", "item__name")
    natural_key = ("number",)
    form, filterset, serializer = CaseForm, ServiceCaseFilterSet, ServiceCaseSerializer
    not_importable = _("A case gets its number and deadline when it is accepted, through the one-stop service.")


@register
class AllowanceReviewRegister(Register):
    model = AllowanceReview
    fields = ("community", "household", "status", "status_reason", "review_months", "last_review_on")
    list_fields = ("household", "community", "status", "last_review_on", "next_review_on")
    search_fields = ("household__number",)
    natural_key = ("household",)
    read_only = ("next_review_on",)  # the last review plus the review interval, computed on save
    form, filterset = AllowanceReviewForm, AllowanceReviewFilterSet
