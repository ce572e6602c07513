"""Test helpers for the population register: a resident in a community with a fresh valid ID number."""

from datetime import date
from itertools import count

from shequ.people import services
from shequ.people.models import Household, Resident
from shequ.people.synthetic import id_number_for

__all__ = ["make_household", "make_households", "make_resident", "next_id_number"]

_sequence = count(1)


def next_id_number(area: str = "350203", birth: date = date(1980, 5, 17)) -> str:
    return id_number_for(area, birth, next(_sequence))


def make_household(community, number: str | None = None) -> Household:
    return Household.objects.create(community=community, number=number or f"H{next(_sequence):05d}")


def make_households(community, count: int, prefix: str = "A") -> list[Household]:
    """Many households at once (enough to turn a choice into a search picker), numbered prefix + 000…."""
    return Household.objects.bulk_create(
        [Household(community=community, division_code=community.code, number=f"{prefix}{n:03d}") for n in range(count)]
    )


def make_resident(community, name: str = "张三", *, household=None, id_number=None, phone="", **fields) -> Resident:
    resident = Resident(community=community, household=household, name=name, **fields)
    services.apply_identity(resident, id_number or next_id_number())
    if phone:
        services.set_phone(resident, phone)
    resident.save()
    return resident
