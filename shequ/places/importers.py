"""Importers for residential areas, buildings and dwellings (issue #3). Keys: community code plus the names and
numbers a clerk uses, so re-importing the same sheet changes nothing."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shequ.core.importing import Column, KeyedImporter, register_importer
from shequ.places.choices import DwellingUse
from shequ.places.models import (
    LOWEST_FLOOR,
    MAX_FLOOR_AREA,
    MAX_FLOORS,
    MAX_UNITS,
    Building,
    Dwelling,
    ResidentialArea,
)

__all__ = ["BuildingImporter", "DwellingImporter", "ResidentialAreaImporter"]


@register_importer
class ResidentialAreaImporter(KeyedImporter):
    kind = "areas"
    label = gettext_lazy("Residential areas")
    permission = "places.add_residentialarea"
    COMMUNITY, NAME, ADDRESS, ENCLOSED = "社区代码", "小区名称", "地址", "封闭管理"
    columns = (
        Column(COMMUNITY, "community", required=True),
        Column(NAME, "name", required=True),
        Column(ADDRESS, "address"),
        Column(ENCLOSED, "enclosed", help=gettext_lazy("是 or 否.")),
    )
    compared = ("address", "enclosed")

    def parse(self, row):
        area = ResidentialArea(
            community=self.community(row, self.COMMUNITY),
            name=self.text(row, self.NAME, required=True, max_length=100),
            address=self.text(row, self.ADDRESS),
            enclosed=self.boolean(row, self.ENCLOSED),
            created_by=self.user,
        )
        self.raise_errors()
        area.division_code = area.scope_code()
        return area

    def natural_key(self, record):
        return (record.division_code, record.name)

    def records_in(self, codes):
        return ResidentialArea.objects.filter(division_code__in=codes)


class BuildingLookup:
    """Areas (and buildings) of the communities in a file, fetched once per code."""

    def __init__(self):
        self.areas: dict[tuple[str, str], ResidentialArea] = {}
        self.buildings: dict[tuple[str, str, str], Building] = {}
        self.loaded: set[str] = set()

    def load(self, code: str):
        if code in self.loaded:
            return
        self.loaded.add(code)
        for area in ResidentialArea.objects.filter(division_code=code):
            self.areas[(code, area.name)] = area
        for building in Building.objects.filter(division_code=code).select_related("area"):
            self.buildings[(code, building.area.name if building.area_id else "", building.number)] = building


@register_importer
class BuildingImporter(KeyedImporter):
    kind = "buildings"
    label = gettext_lazy("Buildings")
    permission = "places.add_building"
    COMMUNITY, AREA, NUMBER, FLOORS, UNITS, ADDRESS = "社区代码", "小区名称", "楼号", "层数", "单元数", "地址"
    columns = (
        Column(COMMUNITY, "community", required=True),
        Column(AREA, "area"),
        Column(NUMBER, "number", required=True),
        Column(FLOORS, "floors"),
        Column(UNITS, "units"),
        Column(ADDRESS, "address"),
    )
    compared = ("floors", "units", "address")

    def __init__(self, user):
        super().__init__(user)
        self.lookup = BuildingLookup()

    def parse(self, row):
        community = self.community(row, self.COMMUNITY)
        area_name = self.text(row, self.AREA, max_length=100)
        area = None
        if community is not None and area_name:
            self.lookup.load(community.code)
            area = self.lookup.areas.get((community.code, area_name))
            if area is None:
                self.fail(
                    self.AREA, _("Residential area {name} does not exist in this community.").format(name=area_name)
                )
        building = Building(
            community=community,
            area=area,
            number=self.text(row, self.NUMBER, required=True, max_length=30),
            floors=self.number(row, self.FLOORS, minimum=1, maximum=MAX_FLOORS),
            units=self.number(row, self.UNITS, minimum=1, maximum=MAX_UNITS),
            address=self.text(row, self.ADDRESS),
            created_by=self.user,
        )
        self.raise_errors()
        building.division_code = building.scope_code()
        return building

    def natural_key(self, record):
        return (record.division_code, record.area.name if record.area else "", record.number)

    def records_in(self, codes):
        return Building.objects.filter(division_code__in=codes).select_related("area")


@register_importer
class DwellingImporter(KeyedImporter):
    kind = "dwellings"
    label = gettext_lazy("Dwellings")
    permission = "places.add_dwelling"
    COMMUNITY, AREA, BUILDING, UNIT, ROOM, FLOOR, AREA_M2, USE = (
        "社区代码",
        "小区名称",
        "楼号",
        "单元",
        "房号",
        "楼层",
        "面积",
        "用途",
    )
    columns = (
        Column(COMMUNITY, "community", required=True),
        Column(AREA, "area"),
        Column(BUILDING, "building", required=True),
        Column(UNIT, "unit"),
        Column(ROOM, "room", required=True),
        Column(FLOOR, "floor"),
        Column(AREA_M2, "floor_area"),
        Column(USE, "use"),
    )
    compared = ("floor", "floor_area", "use")

    def __init__(self, user):
        super().__init__(user)
        self.lookup = BuildingLookup()

    def parse(self, row):
        community = self.community(row, self.COMMUNITY)
        building = None
        key = (self.text(row, self.AREA, max_length=100), self.text(row, self.BUILDING, required=True, max_length=30))
        if community is not None and key[1]:
            self.lookup.load(community.code)
            building = self.lookup.buildings.get((community.code, *key))
            if building is None:
                self.fail(self.BUILDING, _("Building {number} does not exist in this community.").format(number=key[1]))
        area = self.number(row, self.AREA_M2, minimum=0, maximum=MAX_FLOOR_AREA, integer=False)
        dwelling = Dwelling(
            building=building,
            unit=self.text(row, self.UNIT, max_length=10),
            room=self.text(row, self.ROOM, required=True, max_length=20),
            floor=self.number(row, self.FLOOR, minimum=LOWEST_FLOOR, maximum=MAX_FLOORS),
            floor_area=round(area, 2) if area is not None else None,
            use=self.choice(row, self.USE, DwellingUse, default=DwellingUse.OWNER_OCCUPIED),
            created_by=self.user,
        )
        self.raise_errors()
        dwelling.division_code = dwelling.scope_code()
        return dwelling

    def natural_key(self, record):
        return (record.division_code, record.building_id, record.unit, record.room)

    def records_in(self, codes):
        return Dwelling.objects.filter(division_code__in=codes)

    def compare(self, record, existing):
        from decimal import Decimal

        if record.floor_area is not None:
            record.floor_area = Decimal(str(record.floor_area)).quantize(Decimal("0.01"))
        return super().compare(record, existing)
