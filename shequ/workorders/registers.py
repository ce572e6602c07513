"""The work-order registers, declared once (issue #11, `core.registers`)."""

from django.utils.translation import gettext_lazy as _

from shequ.core.registers import Register, register
from shequ.workorders import filtersets, forms, tables
from shequ.workorders.api import serializers
from shequ.workorders.importers import HandlingUnitImporter, RoutingRuleImporter
from shequ.workorders.models import Category, HandlingUnit, RoutingRule, WorkOrder


@register
class WorkOrderRegister(Register):
    model = WorkOrder
    list_fields = ("number", "request_type", "category", "community", "status", "unit", "alert", "red_at", "created")
    search_fields = ("number", "description", "address")
    natural_key = ("number",)
    table, filterset = tables.WorkOrderTable, filtersets.WorkOrderFilterSet
    detail_groups = (
        (_("Caller"), ("caller_name", "caller_phone_masked", "caller_email_masked", "privacy_notice_version")),
        (_("Handling"), (
            "status", "unit", "dispatched_at", "accepted_at", "yellow_at", "red_at", "extension_until",
            "extension_reason", "return_count", "escalations", "duplicate_of", "replied_at", "reply", "closed_at",
        )),
        (_("Return visit"), ("callback_at", "satisfaction", "solved")),
        (_("Publication"), ("publication", "publication_reviewed_at", "publication_reviewed_by", "client")),
    )  # fmt: skip
    printable = True
    not_importable = _(
        "Work orders enter through intake (call centre, portal, Open311), which numbers and routes them."
    )


@register
class CategoryRegister(Register):
    model = Category
    fields = (
        "code", "name", "parent", "description", "active", "public", "public_service", "accept_yellow", "accept_red",
        "handle_yellow", "handle_red", "emergency_accept_red", "emergency_handle_red",
    )  # fmt: skip
    list_fields = ("code", "name", "parent", "accept_red", "handle_red", "emergency_handle_red", "active")
    search_fields = ("code", "name")
    natural_key = ("code",)
    example = {
        "code": ("9901", "9902"),
        "name": ("示例分类一", "示例分类二"),
        **{"accept_yellow": "30", "accept_red": "60", "handle_yellow": "1440", "handle_red": "2880"},
        **{"emergency_accept_red": "15", "emergency_handle_red": "240"},
    }
    form, filterset, serializer = forms.CategoryForm, filtersets.CategoryFilterSet, serializers.CategorySerializer


@register
class HandlingUnitRegister(Register):
    model = HandlingUnit
    fields = ("division", "name", "kind", "parent", "contact", "staff", "active")
    list_fields = ("name", "kind", "division", "parent", "contact", "active")
    search_fields = ("name", "contact")
    natural_key = ("division", "name")
    filterset, serializer = filtersets.HandlingUnitFilterSet, serializers.HandlingUnitSerializer
    importer = HandlingUnitImporter
    examples = [
        {"区划代码": "350203001001", "单位名称": "鸿山社区居委会", "类型": "社区", "联系人": "王主任", "启用": "是"},
        {
            "区划代码": "350203001000",
            "单位名称": "厦港街道办事处",
            "类型": "街道办事处",
            "联系人": "李科长",
            "启用": "是",
        },
    ]


@register
class RoutingRuleRegister(Register):
    model = RoutingRule
    fields = ("category", "division", "unit")
    list_fields = ("category", "division", "unit")
    search_fields = ("category__name", "unit__name")
    natural_key = ("category", "division")
    filterset, serializer = filtersets.RoutingRuleFilterSet, serializers.RoutingRuleSerializer
    importer = RoutingRuleImporter
    examples = [
        {
            "分类代码": "9901",
            "区划代码": "350203001001",
            "承办单位区划代码": "350203001001",
            "承办单位名称": "鸿山社区居委会",
        },
        {
            "分类代码": "9902",
            "区划代码": "350203001001",
            "承办单位区划代码": "350203001000",
            "承办单位名称": "厦港街道办事处",
        },
    ]
