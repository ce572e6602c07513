"""The places registers, declared once (issue #11, `core.registers`)."""

from shequ.core.registers import Register, register
from shequ.places import filtersets as filters
from shequ.places.importers import BuildingImporter, DwellingImporter, ResidentialAreaImporter
from shequ.places.models import Building, Dwelling, Rental, ResidentialArea


@register
class ResidentialAreaRegister(Register):
    model = ResidentialArea
    fields = ("community", "grid", "name", "address", "enclosed")
    list_fields = ("name", "community", "address", "enclosed")
    search_fields = ("name", "address")
    natural_key = ("community", "name")
    filterset = filters.ResidentialAreaFilterSet
    importer = ResidentialAreaImporter
    examples = [
        {"社区代码": "350203001001", "小区名称": "鸿山花园", "地址": "思明区鸿山路 1 号", "封闭管理": "是"},
        {"社区代码": "350203001001", "小区名称": "蜂巢新村", "地址": "思明区蜂巢路 2 号", "封闭管理": "否"},
    ]


@register
class BuildingRegister(Register):
    model = Building
    fields = ("community", "grid", "area", "number", "floors", "units", "address")
    list_fields = ("number", "area", "community", "floors", "units", "address")
    search_fields = ("number", "address", "area__name")
    natural_key = ("community", "number")
    filterset = filters.BuildingFilterSet
    importer = BuildingImporter
    examples = [
        {"社区代码": "350203001001", "楼号": "1", "层数": "6", "单元数": "2", "地址": "鸿山路 1 号 1 栋"},
        {"社区代码": "350203001001", "楼号": "2", "层数": "18", "单元数": "1", "地址": "鸿山路 1 号 2 栋"},
    ]


@register
class DwellingRegister(Register):
    model = Dwelling
    fields = ("building", "unit", "floor", "room", "floor_area", "use")
    list_fields = ("room", "building", "unit", "floor", "floor_area", "use")
    search_fields = ("room", "building__number", "building__area__name")
    natural_key = ("building", "unit", "room")
    filterset = filters.DwellingFilterSet
    importer = DwellingImporter
    examples = [
        {
            "社区代码": "350203001001",
            "楼号": "1",
            "单元": "1",
            "房号": "101",
            "楼层": "1",
            "面积": "89",
            "用途": "自住",
        },
        {
            "社区代码": "350203001001",
            "楼号": "1",
            "单元": "1",
            "房号": "102",
            "楼层": "1",
            "面积": "72",
            "用途": "出租",
        },
    ]


@register
class RentalRegister(Register):
    model = Rental
    fields = ("dwelling", "landlord_name", "tenant_household", "start_date", "end_date", "registration")
    list_fields = ("landlord_name", "dwelling", "tenant_household", "start_date", "end_date", "registration")
    search_fields = ("landlord_name", "dwelling__room", "dwelling__building__number")
    natural_key = ("dwelling", "landlord_name", "start_date")
    filterset = filters.RentalFilterSet
