"""The facilities registers, declared once (issue #11, `core.registers`; issue #16, FAC-2)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from shequ.core.registers import Register, register
from shequ.facilities.importers import FacilityImporter
from shequ.facilities.models import Facility, FunctionItem, FunctionStandard


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
