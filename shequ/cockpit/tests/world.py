"""A small world for the cockpit's tests: residents, households, care records, work orders and volunteers in the four
communities of the test tree, with figures that differ per community so that a leak shows (issue #13).

At NOW (2026-06-15 10:00, Shanghai):

    Grids: two in C1, one in C4.

        residents present  households  care (elderly alone / released* / disability / corrections*)  volunteers
    C1  3 (+1 moved out)   2           2 / 1 / 0 / 0                                                2 (+1 inactive)
    C2  2                  0           0
    C3  1                  0           0
    C4  7                  1           0 / 0 / 1 / 1                                                1
    (* sensitive)

Work orders taken in in June (letters are the `number`s' suffixes):

    C1  a closed, replied in time, satisfied     b closed, replied late, unsatisfied     c dispatched, red
        d dispatched, yellow                     e replied in time, not yet closed
    C3  i dispatched, red
    C4  f closed, replied in time                g accepted, red
    and one in May in C1 (h, closed in time).
"""

from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import count
from zoneinfo import ZoneInfo

from shequ.people.choices import ResidenceStatus
from shequ.people.models import CareRecord
from shequ.people.testing import make_household, make_resident
from shequ.regions.models import Grid
from shequ.volunteers.models import ServiceRecord, Volunteer
from shequ.workorders.models import WorkOrder
from shequ.workorders.testing import make_desk

__all__ = ["NOW", "build_world", "make_order"]

NOW = datetime(2026, 6, 15, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
_numbers = count(1)


def make_order(desk, community, suffix: str, *, status: str, created=NOW - timedelta(days=3), **fields) -> WorkOrder:
    order = WorkOrder(
        number=f"T{next(_numbers):05d}{suffix}",
        request_type="help",
        category=desk.category,
        source="phone",
        description="测试工单",
        community=community,
        status=status,
        **fields,
    )
    order.save()
    WorkOrder.objects.unscoped("test").filter(pk=order.pk).update(created=created)
    return order


def build_world(tree):
    desk = make_desk(tree)
    residents = {"C1": 3, "C2": 2, "C3": 1, "C4": 7}
    people = {}
    for key, n in residents.items():
        people[key] = [make_resident(tree[key], f"居民{key}{i}") for i in range(n)]
    make_resident(tree["C1"], "已迁出", residence_status=ResidenceStatus.MOVED_OUT)
    for key, sequence in (("C1", 1), ("C1", 2), ("C4", 1)):
        Grid.objects.create(community=tree[key], sequence=sequence, name=f"网格{sequence}")
    make_household(tree["C1"])
    make_household(tree["C1"])
    make_household(tree["C4"])
    for key, index, category in (
        ("C1", 0, "elderly_alone"),
        ("C1", 1, "elderly_alone"),
        ("C1", 2, "released"),
        ("C4", 0, "disability"),
        ("C4", 1, "corrections"),
    ):
        CareRecord.objects.create(resident=people[key][index], category=category)
    volunteers = [
        Volunteer.objects.create(community=tree["C1"], name="志愿者甲", registered_on=date(2026, 1, 5)),
        Volunteer.objects.create(community=tree["C1"], name="志愿者乙", registered_on=date(2026, 1, 5)),
        Volunteer.objects.create(community=tree["C1"], name="志愿者丙", registered_on=date(2026, 1, 5), active=False),
        Volunteer.objects.create(community=tree["C4"], name="志愿者丁", registered_on=date(2026, 1, 5)),
    ]
    for volunteer, served_on, hours, verified in (
        (volunteers[0], date(2026, 6, 2), "2.5", True),
        (volunteers[1], date(2026, 6, 3), "4", True),
        (volunteers[1], date(2026, 6, 4), "3", False),  # not verified: not counted
        (volunteers[0], date(2026, 5, 9), "1.5", True),
        (volunteers[3], date(2026, 6, 9), "8", True),
    ):
        ServiceRecord.objects.create(volunteer=volunteer, served_on=served_on, hours=Decimal(hours), verified=verified)

    due, warn = NOW - timedelta(hours=1), NOW - timedelta(hours=2)
    later = NOW + timedelta(days=1)
    c1, c3, c4 = tree["C1"], tree["C3"], tree["C4"]
    make_order(
        desk,
        c1,
        "a",
        status="closed",
        red_at=due,
        replied_at=due - timedelta(hours=5),
        closed_at=due,
        satisfaction="satisfied",
        callback_at=due,
    )
    make_order(
        desk,
        c1,
        "b",
        status="closed",
        red_at=due - timedelta(days=1),
        replied_at=due,
        closed_at=due,
        satisfaction="unsatisfied",
        callback_at=due,
    )
    make_order(desk, c1, "c", status="dispatched", yellow_at=warn - timedelta(hours=1), red_at=due)
    make_order(desk, c1, "d", status="dispatched", yellow_at=warn, red_at=later)
    make_order(desk, c1, "e", status="replied", red_at=due, replied_at=due - timedelta(hours=1))
    make_order(desk, c3, "i", status="dispatched", yellow_at=warn - timedelta(hours=1), red_at=due)
    make_order(desk, c4, "f", status="closed", red_at=due, replied_at=due - timedelta(hours=1), closed_at=due)
    make_order(desk, c4, "g", status="accepted", yellow_at=warn - timedelta(hours=1), red_at=due)
    make_order(
        desk,
        c1,
        "h",
        status="closed",
        created=datetime(2026, 5, 20, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")),
        red_at=datetime(2026, 5, 22, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")),
        replied_at=datetime(2026, 5, 21, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")),
        closed_at=datetime(2026, 5, 21, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")),
    )
    return desk
