"""A working call centre for the loaded city (issue #5): request categories with time limits, handling units for
the city's hotline, each district's departments, each street office and each community, and routing between them.
Idempotent: running it again changes nothing.

Categories follow the top classes of the national hotline classification (GB/T 39666-2020 is cited in
`../shared/reference/mission-anchors.md`; its exact codes are not reproduced here, and a city edits the catalogue).
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from shequ.core.context import change_context
from shequ.regions.models import Division
from shequ.workorders.choices import PublicService, UnitKind
from shequ.workorders.models import Category, HandlingUnit, RoutingRule

H = 60  # minutes
D = 24 * H
# code, name, parent, acceptance yellow/red, handling yellow/red, emergency acceptance/handling red, routed to
CATEGORIES = [
    ("01", "城市管理", None, 30, H, 3 * D, 5 * D, 15, 4 * H, "district"),
    ("0101", "环境卫生", "01", 30, H, D, 2 * D, 15, 4 * H, "community"),
    ("0102", "市政设施", "01", 30, H, 3 * D, 5 * D, 15, 4 * H, "district"),
    ("0103", "违章搭建", "01", 2 * H, 4 * H, 5 * D, 10 * D, 30, 8 * H, "street"),
    ("02", "社区服务", None, 30, H, 2 * D, 3 * D, 15, 4 * H, "community"),
    ("0201", "邻里纠纷", "02", 30, H, 2 * D, 3 * D, 15, 4 * H, "community"),
    ("0202", "为老服务", "02", 30, H, D, 2 * D, 10, 2 * H, "community"),
    ("03", "物业管理", None, 30, H, 2 * D, 5 * D, 15, 4 * H, "property_centre"),
    ("0301", "电梯故障", "03", 10, 20, 4 * H, D, 5, H, "emergency_repairs"),
    ("0302", "物业纠纷", "03", 30, H, 3 * D, 7 * D, 15, 4 * H, "property_disputes"),
    ("0303", "应急维修", "03", 10, 20, 4 * H, D, 5, H, "emergency_repairs"),
    ("04", "社会治安", None, 10, 30, D, 2 * D, 5, H, "street"),
    ("05", "政策咨询", None, 30, H, D, 3 * D, 15, 4 * H, "hotline"),
    ("06", "水电气暖", None, 30, H, D, 3 * D, 10, 2 * H, "district"),
    ("0601", "供水", "06", 30, H, D, 2 * D, 10, 2 * H, "district"),
    ("0602", "供电", "06", 30, H, D, 2 * D, 10, 2 * H, "district"),
    ("0603", "燃气", "06", 15, 30, D, 2 * D, 5, H, "district"),
    ("0604", "供暖", "06", 30, H, D, 2 * D, 10, 2 * H, "district"),
]
# Problems in public space, which reviewed reports may be published about (issue #12). Not: illegal building,
# neighbours, the elderly, property, policing and enquiries, which point at households or persons.
PUBLIC_CATEGORIES = {"01", "0101", "0102"}
# The public services of the monthly disclosure (INFO-1: 物业、水、电、气、暖), by category.
PUBLIC_SERVICES = {
    **dict.fromkeys(("03", "0301", "0302", "0303"), PublicService.PROPERTY),
    **{"0601": PublicService.WATER, "0602": PublicService.ELECTRICITY, "0603": PublicService.GAS},
    "0604": PublicService.HEATING,
}


class Command(BaseCommand):
    help = "Create the demo call centre: categories, units and routing for the city."

    def add_arguments(self, parser):
        parser.add_argument("--city", default=settings.SHEQU_CITY_CODE)

    @transaction.atomic
    def handle(self, *args, city, **options):
        with change_context(None, source="setup"):
            created = self.build(Division.objects.unscoped("setup").get(code=city))
        self.stdout.write(f"Call centre: {created} records created.")

    def build(self, city) -> int:
        made = 0
        categories = {}
        for code, name, parent, ay, ar, hy, hr, ear, ehr, _level in CATEGORIES:
            category, new = Category.objects.get_or_create(
                code=code,
                defaults={
                    "name": name,
                    "parent": categories.get(parent),
                    "public": code in PUBLIC_CATEGORIES,
                    "public_service": PUBLIC_SERVICES.get(code, ""),
                    "accept_yellow": ay,
                    "accept_red": ar,
                    "handle_yellow": hy,
                    "handle_red": hr,
                    "emergency_accept_red": ear,
                    "emergency_handle_red": ehr,
                },
            )
            if not new and not category.public_service and code in PUBLIC_SERVICES:  # a catalogue from before #14
                category.public_service = PUBLIC_SERVICES[code]
                category.save(update_fields=["public_service", "last_updated"])
            categories[code] = category
            made += new

        def unit(division, name, kind, parent=None):
            nonlocal made
            found, new = HandlingUnit.objects.get_or_create(
                division=division, name=name, defaults={"kind": kind, "parent": parent}
            )
            made += new
            return found

        def rule(category, division, target):
            nonlocal made
            made += RoutingRule.objects.get_or_create(category=category, division=division, defaults={"unit": target})[
                1
            ]

        divisions = Division.objects.unscoped("setup").within(city.prefix)
        hotline = unit(city, "12345市民热线中心", UnitKind.HOTLINE)
        for category in categories.values():
            rule(category, city, hotline)
        for district in divisions.filter(level="district").order_by("code"):
            department = unit(district, f"{district.name}城市管理局", UnitKind.DEPARTMENT, hotline)
            for code, *_rest, level in CATEGORIES:
                if level == "district":
                    rule(categories[code], district, department)
            for street in divisions.filter(parent=district).order_by("code"):
                office = unit(street, f"{street.name}办事处", UnitKind.STREET, department)
                # The street's property centre and its two stations (PROP-3).
                centre = unit(street, f"{street.name}物业管理中心", UnitKind.PROPERTY_CENTRE, office)
                street_units = {
                    "street": office,
                    "property_centre": centre,
                    "property_disputes": unit(
                        street, f"{street.name}物业纠纷受理站", UnitKind.PROPERTY_DISPUTES, centre
                    ),
                    "emergency_repairs": unit(street, f"{street.name}应急维修站", UnitKind.EMERGENCY_REPAIRS, centre),
                }
                for code, *_rest, level in CATEGORIES:
                    if level in street_units:
                        rule(categories[code], street, street_units[level])
                for community in divisions.filter(parent=street).order_by("code"):
                    station = unit(community, community.name, UnitKind.COMMUNITY, office)
                    for code, *_rest, level in CATEGORIES:
                        if level == "community":
                            rule(categories[code], community, station)
        return made
