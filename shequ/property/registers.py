"""The property registers, declared once (issue #11, `core.registers`; issue #16, PROP-1, PROP-2, PROP-3)."""

from django.utils.translation import gettext_lazy as _

from shequ.core.registers import Register, register
from shequ.core.tables import Table
from shequ.property.models import (
    Collection,
    CostItem,
    OwnersCommittee,
    PropertyLiaison,
    SelfManagedArea,
    ServiceContract,
)


@register
class OwnersCommitteeRegister(Register):
    model = OwnersCommittee
    fields = (
        "area",
        "elected_on",
        "term_start",
        "term_end",
        "electorate_households",
        "electorate_area",
        "voted_households",
        "members",
        "director_name",
        "guided_by",
    )
    list_fields = ("area", "term_start", "term_end", "electorate_households", "voted_households", "members")
    search_fields = ("area__name", "director_name", "guided_by")
    filter_fields = ("term_start",)
    natural_key = ("area", "term_start")
    example = {
        "elected_on": ("2024-05-10", "2025-06-01"),
        "term_start": ("2024-06-01", "2025-07-01"),
        "term_end": ("2029-05-31", "2030-06-30"),
        "electorate_households": ("1200", "800"),
        "electorate_area": ("108000", "64000.5"),
        "voted_households": ("860", "610"),
        "members": ("7", "5"),
        "director_name": ("王建国", "林秀英"),
        "guided_by": ("思明区住房和建设局", "厦港街道办事处"),
    }


@register
class ServiceContractRegister(Register):
    model = ServiceContract
    fields = (
        "area",
        "version",
        "company_name",
        "credit_code",
        "selection",
        "selected_on",
        "starts_on",
        "ends_on",
        "service_content",
        "service_standard",
        "fees",
        "use_of_fees",
        "published_on",
    )
    list_fields = ("area", "version", "company_name", "credit_code", "starts_on", "ends_on", "published_on")
    search_fields = ("area__name", "company_name", "credit_code")
    filter_fields = ("selection", "published_on")
    natural_key = ("area", "version")
    example = {
        "version": ("1", "1"),
        "company_name": ("厦门鸿山物业服务有限公司", "厦门蜂巢物业管理有限公司"),
        "credit_code": ("91350203MA2YB12346", "91350206MA31XK7Q00"),
        "selection": ("公开招标", "邀请招标"),
        "selected_on": ("2024-03-01", "2024-04-01"),
        "starts_on": ("2024-04-01", "2024-05-01"),
        "ends_on": ("2027-03-31", "2027-04-30"),
        "service_content": ("公共区域保洁、秩序维护、共用设施设备维修养护、绿化养护", "保洁、安保、电梯维保"),
        "service_standard": ("《厦门市住宅物业服务等级标准》二级", "《厦门市住宅物业服务等级标准》三级"),
        "fees": ("住宅 1.8 元/平方米·月", "住宅 1.2 元/平方米·月"),
        "use_of_fees": ("人员 60%，保洁绿化 15%，维修养护 15%，管理 10%", "人员 65%，维修养护 20%，其他 15%"),
        "published_on": ("2024-04-05", ""),
    }


class SelfManagedAreaTable(Table):
    """The areas with their latest month's collection rate (PROP-2: collections recorded)."""

    model = SelfManagedArea
    fields = ("area", "organiser", "households", "monthly_charge", "published_on", "collection_rate")
    extra_labels = {"collection_rate": _("latest collection rate")}
    prefetch_related = ("collections",)

    def render_collection_rate(self, obj):
        latest = obj.latest_collection()
        if latest is None or latest.rate is None:
            return ""
        return f"{latest.rate}%（{latest.month:%Y-%m}）"


@register
class SelfManagedAreaRegister(Register):
    model = SelfManagedArea
    fields = ("area", "started_on", "organiser", "households", "published_on")
    table = SelfManagedAreaTable
    search_fields = ("area__name", "organiser")
    natural_key = ("area",)
    read_only = ("monthly_charge",)  # computed at cost from the cost items and households
    example = {
        "started_on": ("2023-01-01", "2024-03-01"),
        "organiser": ("鸿山花园居民自管小组", "蜂巢新村居民自管小组"),
        "households": ("120", "80"),
        "published_on": ("2024-01-05", ""),
    }


@register
class CostItemRegister(Register):
    model = CostItem
    fields = ("self_managed", "service", "name", "annual_cost")
    list_fields = ("name", "self_managed", "service", "annual_cost")
    search_fields = ("name", "self_managed__area__name")
    filter_fields = ("service",)
    natural_key = ("self_managed", "name")
    example = {
        "service": ("卫生保洁", "安全防范"),
        "name": ("保洁员工资", "门卫值班"),
        "annual_cost": ("28800", "36000"),
    }


class CollectionTable(Table):
    model = Collection
    fields = ("self_managed", "month", "households_paid", "households_charged", "rate", "amount", "collected_on")
    extra_labels = {"rate": _("collection rate")}

    def render_month(self, obj):
        return f"{obj.month:%Y-%m}"

    def render_rate(self, obj):
        return "" if obj.rate is None else f"{obj.rate}%"


@register
class CollectionRegister(Register):
    model = Collection
    fields = ("self_managed", "month", "households_paid", "amount", "collected_on", "note")
    search_fields = ("self_managed__area__name", "note")
    filter_fields = ("month", "collected_on")
    natural_key = ("self_managed", "month")
    read_only = ("households_charged",)  # the area's households when the collection was first recorded
    table = CollectionTable
    example = {
        "month": ("2026-09-01", "2026-10-01"),
        "households_paid": ("100", "76"),
        "amount": ("4500", "3420"),
        "collected_on": ("2026-09-30", "2026-10-31"),
        "note": ("", "4 户未缴，已上门告知"),
    }


@register
class PropertyLiaisonRegister(Register):
    model = PropertyLiaison
    fields = ("community", "unit", "name", "duty", "since")
    list_fields = ("name", "community", "unit", "duty", "since")
    search_fields = ("name", "duty", "unit__name")
    natural_key = ("community", "unit", "name")
    # One or two persons per community, named when the street sets up its centre: no ledger to import, and an
    # import cell could not tell the street's centre from its stations by name alone across a city.
    not_importable = _("Named one by one with the street's property centre; there is no ledger to import.")
