"""Scope matrix over the places registers (issue #3, AC-1, AC-3)."""

from datetime import date

from django.test import TestCase

from shequ.core.testing.scope import ScopeMatrix
from shequ.places.models import Building, Dwelling, Rental, ResidentialArea


def area_in(community):
    return ResidentialArea.objects.get_or_create(community=community, name=f"{community.name[:-5]}小区")[0]


def building_in(community):
    return Building.objects.get_or_create(community=community, area=area_in(community), number="1号楼")[0]


class ResidentialAreaScopeTests(ScopeMatrix, TestCase):
    model = ResidentialArea

    @classmethod
    def make_object(cls, community):
        return area_in(community)

    def create_payload(self, key):
        return {"community": self.tree[key].code, "name": "新建小区", "enclosed": True}

    def form_data(self, key):
        return {"community": self.tree[key].pk, "name": "新建小区", "address": "", "enclosed": "on"}

    def update_payload(self):
        return {"address": "鸿山路 8 号"}


class BuildingScopeTests(ScopeMatrix, TestCase):
    model = Building
    export_key = "number"

    @classmethod
    def make_object(cls, community):
        return Building.objects.create(community=community, area=area_in(community), number=f"{community.pk}号楼")

    def create_payload(self, key):
        return {"community": self.tree[key].code, "number": "99号楼", "floors": 6, "units": 2}

    def form_data(self, key):
        return {"community": self.tree[key].pk, "number": "99号楼", "floors": 6, "units": 2, "address": ""}

    def update_payload(self):
        return {"floors": 18}


class DwellingScopeTests(ScopeMatrix, TestCase):
    model = Dwelling
    export_key = "room"

    @classmethod
    def make_object(cls, community):
        return Dwelling.objects.create(building=building_in(community), unit="1", floor=5, room=f"50{community.pk}")

    def create_payload(self, key):
        return {"building": self.objects[key].building_id, "unit": "2", "room": "1201", "floor": 12}

    def form_data(self, key):
        return {"building": self.objects[key].building_id, "unit": "2", "room": "1201", "floor": 12, "use": "rented"}

    def update_payload(self):
        return {"use": "vacant"}


class RentalScopeTests(ScopeMatrix, TestCase):
    model = Rental
    export_key = "landlord_name"

    @classmethod
    def make_object(cls, community):
        dwelling = Dwelling.objects.create(building=building_in(community), unit="1", room="101")
        return Rental.objects.create(
            dwelling=dwelling, landlord_name=f"房东{community.pk}", start_date=date(2025, 3, 1)
        )

    def create_payload(self, key):
        return {"dwelling": self.objects[key].dwelling_id, "landlord_name": "新房东", "start_date": "2026-01-01"}

    def form_data(self, key):
        return {
            "dwelling": self.objects[key].dwelling_id,
            "landlord_name": "新房东",
            "start_date": "2026-01-01",
            "registration": "registered",
        }

    def update_payload(self):
        return {"end_date": "2026-12-31"}


class FilterOptionScopeTests(TestCase):
    """Filter drop-downs are a read path: they offer only records inside the user's scope (AC-1)."""

    def test_building_choices_in_the_dwelling_filter_are_restricted(self):
        from shequ.core.testing.fixtures import build_tree

        tree = build_tree()
        mine, theirs = building_in(tree["C1"]), building_in(tree["C4"])
        self.client.force_login(tree.users["community"])
        response = self.client.get("/places/dwellings/")
        options = {choice.pk for choice in response.context["filterset"].form.fields["building"].queryset}
        self.assertEqual(options, {mine.pk})
        self.assertNotContains(response, f'value="{theirs.pk}"')
