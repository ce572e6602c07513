"""The admission registers, declared once (ADR 0008; issue #15, ADM-1, GUAR-2)."""

from django.utils.translation import gettext_lazy as _

from shequ.admission.api.serializers import (
    AdmittedItemSerializer,
    CommunityRequestSerializer,
    DepartmentTargetSerializer,
)
from shequ.admission.choices import ItemStatus
from shequ.admission.forms import AdmittedItemForm, CommunityRequestForm, DepartmentTargetForm
from shequ.admission.models import AdmittedItem, CommunityRequest, DepartmentTarget, ServicePoint
from shequ.core.registers import Register, register


@register
class AdmittedItemRegister(Register):
    model = AdmittedItem
    fields = (
        "department",
        "code",
        "name",
        "kind",
        "legal_basis",
        "funding_per_community",
        "valid_from",
        "valid_until",
    )
    list_fields = (
        "code",
        "name",
        "version",
        "kind",
        "department",
        "funding_per_community",
        "valid_from",
        "valid_until",
        "status",
    )
    search_fields = ("code", "name", "legal_basis")
    filter_fields = ("kind", "status")
    natural_key = ("department", "code", "version")
    lookup = ("code",)
    read_only = ("version", "status", "published_on", "published_by", "previous")
    not_importable = _(
        "Admitted items are drafted one by one by a department, published by the city and kept in versions."
    )
    form, serializer = AdmittedItemForm, AdmittedItemSerializer
    detail_groups = (
        (_("Approval and publication"), ("version", "status", "published_on", "published_by", "previous")),
    )

    @classmethod
    def find(cls, queryset, text: str):
        """An item named by its number is its published version, else every version (the gate says why not)."""
        published = queryset.filter(code=text, status=ItemStatus.PUBLISHED)
        return published if published.exists() else queryset.filter(code=text)

    @classmethod
    def name_of(cls, record) -> str:
        return record.code


@register
class CommunityRequestRegister(Register):
    model = CommunityRequest
    fields = ("community", "item", "title", "content", "sent_on", "deadline")
    list_fields = ("title", "community", "department", "item", "sent_on", "deadline", "status", "replied_on", "hours")
    search_fields = ("title", "item__code", "item__name")
    filter_fields = ("status", "sent_on")
    natural_key = ("community", "item", "title", "sent_on")
    read_only = ("department", "status", "reply", "hours", "replied_on", "decline_reason")
    not_importable = _(
        "Requests reach communities one by one through the admission gate (its pages and API), never in bulk."
    )
    form, serializer = CommunityRequestForm, CommunityRequestSerializer
    detail_groups = ((_("The community's answer"), ("status", "reply", "hours", "replied_on", "decline_reason")),)


@register
class DepartmentTargetRegister(Register):
    """目标管理 (GUAR-2): a department's targets toward a community, a street's or a district's communities."""

    model = DepartmentTarget
    fields = (
        "department",
        "division",
        "title",
        "description",
        "owner_name",
        "deadline",
        "status",
        "progress",
        "progress_note",
    )
    list_fields = ("title", "department", "division", "owner_name", "deadline", "status", "progress")
    search_fields = ("title", "owner_name", "progress_note")
    filter_fields = ("status", "deadline")
    natural_key = ("department", "division", "title")
    form, serializer = DepartmentTargetForm, DepartmentTargetSerializer
    detail_groups = ((_("Progress toward the target"), ("status", "progress", "progress_note")),)
    example = {
        "title": ("老旧小区加装电梯", "社区养老服务站建成"),
        "owner_name": ("陈建国", "李晓梅"),
        "deadline": ("2026-12-31", "2027-06-30"),
        "status": ("落实中", "计划中"),
        "progress": ("40", "0"),
        "progress_note": ("已完成 4 栋选址", ""),
    }

    # The department column names a department by its name among those in the importing user's jurisdiction
    # (`DeclaredImporter._find`: departments are no register, so by name); an unknown, out-of-scope or ambiguous
    # name is refused on its row and column, and the target's division must lie within the department's.

    @classmethod
    def example_reference(cls, field_name: str, community, index: int):
        from shequ.accounts.models import Department

        district = community.parent.parent if community.parent and community.parent.parent else community
        return Department.objects.get_or_create(division=district, name=("民政局", "住房和城乡建设局")[index])[0]


@register
class ServicePointRegister(Register):
    """水电气暖进社区 (GUAR-2): the utilities' service points in each community, with contacts and hours."""

    model = ServicePoint
    fields = ("community", "utility", "company", "place", "contact_name", "contact_phone", "hours")
    list_fields = ("community", "utility", "company", "place", "contact_name", "contact_phone", "hours")
    search_fields = ("company", "place", "contact_name")
    filter_fields = ("utility",)
    natural_key = ("community", "utility", "company")
    example = {
        "utility": ("供电", "供水"),
        "company": ("国网厦门供电公司", "厦门水务集团"),
        "place": ("社区党群服务中心一楼", "鸿山路 12 号"),
        "contact_name": ("王志强", "林秀英"),
        "contact_phone": ("0592-2345678", "0592-5550123"),
        "hours": ("周一至周五 8:30–17:30", "每周三 9:00–11:30"),
    }
