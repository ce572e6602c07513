"""Test helpers for the call centre: a category with short limits and the units and routing of the test tree."""

from dataclasses import dataclass

from shequ.workorders.choices import UnitKind
from shequ.workorders.models import Category, HandlingUnit, RoutingRule

__all__ = ["Desk", "make_desk"]


@dataclass
class Desk:
    category: Category
    child: Category
    hotline: HandlingUnit
    streets: dict
    communities: dict


def make_desk(tree) -> Desk:
    """Categories 01 (environment) and 0101 (rubbish), a hotline at the city, a unit per street above a unit per
    community, and routing: category 01 in each community → that community's unit, in the city → the hotline."""
    category = Category.objects.create(
        code="01",
        name="环境卫生",
        accept_yellow=30,
        accept_red=60,
        handle_yellow=60 * 24,
        handle_red=60 * 48,
        emergency_accept_red=10,
        emergency_handle_red=120,
    )
    child = Category.objects.create(
        code="0101",
        name="垃圾清运",
        parent=category,
        accept_yellow=30,
        accept_red=60,
        handle_yellow=60 * 24,
        handle_red=60 * 48,
        emergency_accept_red=10,
        emergency_handle_red=120,
    )
    hotline = HandlingUnit.objects.create(division=tree["city"], name="12345热线中心", kind=UnitKind.HOTLINE)
    streets = {
        key: HandlingUnit.objects.create(division=tree[key], name=f"{tree[key].name}办事处", kind=UnitKind.STREET)
        for key in ("S1", "S2", "S3")
    }
    parents = {"C1": "S1", "C2": "S1", "C3": "S2", "C4": "S3"}
    communities = {
        key: HandlingUnit.objects.create(
            division=tree[key], name=tree[key].name, kind=UnitKind.COMMUNITY, parent=streets[parents[key]]
        )
        for key in parents
    }
    RoutingRule.objects.create(category=category, division=tree["city"], unit=hotline)
    for key, unit in communities.items():
        RoutingRule.objects.create(category=category, division=tree[key], unit=unit)
    return Desk(category, child, hotline, streets, communities)
