"""The facilities registers, declared once (issue #11, `core.registers`; issue #16, FAC-1, FAC-2, FAC-3)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from shequ.core.registers import Register, register
from shequ.facilities.importers import FacilityImporter
from shequ.facilities.models import Facility, FunctionItem, FunctionStandard, PlanningProject, UpkeepIssue


@register
class FunctionStandardRegister(Register):
    model = FunctionStandard
    fields = ("name", "issued_by", "in_force", "note")
    list_fields = ("name", "issued_by", "in_force")
    search_fields = ("name", "issued_by")
    filter_fields = ("in_force",)
    natural_key = ("name",)
    example = {
        "name": ("18室1厅1站6栏", "18室1厅1站6栏（2015年版）"),
        "issued_by": ("《关于加强社区建设和管理的若干意见》", "《关于加强社区建设和管理的若干意见》"),
        "in_force": ("是", "否"),
        "note": ("", ""),
    }


@register
class FunctionItemRegister(Register):
    model = FunctionItem
    fields = ("standard", "sequence", "kind", "name", "note")
    list_fields = ("name", "standard", "sequence", "kind", "note")
    search_fields = ("name", "note", "standard__name")
    filter_fields = ("kind",)
    natural_key = ("standard", "name")
    lookup = ("name",)  # a facility's uses name items by name: those of the standard in force first (`find`)
    example = {"sequence": ("1", "2"), "kind": ("室", "厅"), "name": ("党员活动室", "便民服务大厅"), "note": ("", "")}

    @classmethod
    def find(cls, queryset, text):
        named = queryset.filter(name=text)
        in_force = named.filter(standard__in_force=True)
        return in_force if in_force.exists() else named


def _validate_uses(serializer, value):
    """A use named twice is refused, not silently merged (issue #16 "Bad input")."""
    names = [str(item) for item in value]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise serializers.ValidationError(_("Listed twice: {names}.").format(names="、".join(twice)))
    return value


@register
class FacilityRegister(Register):
    model = Facility
    fields = (
        "community",
        "name",
        "building",
        "address",
        "ownership",
        "floor_area",
        "floor",
        "rooms",
        "opening_hours",
        "uses",
        "registered_on",
        "civil_affairs_filed_on",
        "state_assets_filed_on",
    )
    list_fields = ("name", "community", "ownership", "floor_area", "rooms", "uses", "filing_state")
    search_fields = ("name", "address", "opening_hours", "uses__name")
    filter_fields = ("ownership", "filing_state", "registered_on")
    natural_key = ("community", "name")
    read_only = ("filing_state",)  # read off the filing dates on save
    importer = FacilityImporter
    example = {
        "name": ("社区党群服务中心一楼", "社区居家养老服务站"),
        "address": ("鸿山路 1 号一楼", "鸿山路 3 号"),
        "ownership": ("自有", "租赁"),
        "floor_area": ("320", "150.5"),
        "floor": ("1", "2"),
        "rooms": ("6", "3"),
        "opening_hours": ("周一至周日 8:30–21:00", "工作日 8:30–17:30"),
        "registered_on": ("2024-03-01", "2024-05-10"),
        "civil_affairs_filed_on": ("2024-04-01", ""),
        "state_assets_filed_on": ("2024-04-15", ""),
    }
    detail_groups = (
        (_("Space"), ("building", "address", "floor", "floor_area", "rooms", "opening_hours")),
        (_("Uses"), ("uses",)),
        (
            _("Registration and filing"),
            ("registered_on", "civil_affairs_filed_on", "state_assets_filed_on", "filing_state"),
        ),
    )

    @classmethod
    def serializer_class(cls):
        """The derived serializer, refusing a use named twice (the form's multiple choice cannot name one twice)."""
        return cls._cached(
            "serializer",
            lambda: type("FacilitySerializer", (cls._build_serializer(),), {"validate_uses": _validate_uses}),
        )


@register
class PlanningProjectRegister(Register):
    model = PlanningProject
    fields = (
        "community",
        "name",
        "kind",
        "area",
        "developer",
        "households",
        "required_area",
        "planned_area",
        "designed_on",
        "approved_on",
        "built_on",
        "accepted_on",
        "handed_over_on",
        "documents",
        "fee_assessed",
        "fee_collected",
        "fee_collected_on",
        "fee_account",
    )
    list_fields = (
        "name",
        "community",
        "kind",
        "required_area",
        "planned_area",
        "accepted_on",
        "handed_over_on",
        "fee_assessed",
        "fee_collected",
    )
    search_fields = ("name", "developer", "documents")
    filter_fields = ("kind", "accepted_on")
    natural_key = ("community", "name")
    example = {
        "name": ("鸿山新苑", "蜂巢山片区改造"),
        "kind": ("新建住宅小区", "旧城区连片改造"),
        "developer": ("厦门某置业有限公司", "思明区旧改指挥部"),
        "households": ("1200", "800"),
        "required_area": ("300", "200"),
        "planned_area": ("320", "0"),
        "designed_on": ("2023-02-01", "2023-05-01"),
        "approved_on": ("2023-04-10", "2023-07-01"),
        "built_on": ("2025-06-30", ""),
        "accepted_on": ("2025-09-15", ""),
        "handed_over_on": ("2025-10-08", ""),
        "documents": ("厦规设〔2023〕12号", "厦规改〔2023〕5号"),
        "fee_assessed": ("", "600000"),
        "fee_collected": ("0", "300000"),
        "fee_collected_on": ("", "2024-01-15"),
        "fee_account": ("", "市财政局基础设施配套费专户"),
    }
    detail_groups = (
        (_("Plan"), ("kind", "area", "developer", "households", "required_area", "planned_area")),
        (_("The four same-time steps"), ("designed_on", "approved_on", "built_on", "accepted_on", "handed_over_on")),
        (_("Supporting fee"), ("fee_assessed", "fee_collected", "fee_collected_on", "fee_account")),
    )


@register
class UpkeepIssueRegister(Register):
    model = UpkeepIssue
    fields = ("area", "standard", "source", "reference", "description", "found_on", "fixed_on", "fix_note")
    list_fields = ("area", "standard", "source", "description", "found_on", "fixed_on")
    search_fields = ("description", "reference", "area__name")
    filter_fields = ("standard", "source", "found_on", "fixed_on")
    natural_key = ("area", "standard", "found_on", "description")
    example = {
        "standard": ("路平", "灯明"),
        "source": ("巡查", "巡查"),
        "reference": ("", "XC-2026-0305"),
        "description": ("3 号楼前路面塌陷", "东门路灯不亮"),
        "found_on": ("2026-03-01", "2026-03-05"),
        "fixed_on": ("2026-03-10", ""),
        "fix_note": ("路面已修补", ""),
    }
