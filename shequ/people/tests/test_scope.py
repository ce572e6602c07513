"""Scope matrix over the population registers (issue #3, AC-1, AC-3)."""

from datetime import date

from django.test import TestCase

from shequ.core.testing.scope import ScopeMatrix
from shequ.people.choices import CareCategory, MoveKind
from shequ.people.models import CareRecord, FloatingRecord, Household, Resident, ResidentMove
from shequ.people.testing import make_household, make_resident, next_id_number


class HouseholdScopeTests(ScopeMatrix, TestCase):
    model = Household
    export_key = "number"

    @classmethod
    def make_object(cls, community):
        return make_household(community, number=f"H-{community.code[-6:]}")

    def create_payload(self, key):
        return {"community": self.tree[key].code, "number": "H-NEW", "registered_address": "厦门市思明区鸿山路 1 号"}

    def form_data(self, key):
        return {"community": self.tree[key].pk, "number": "H-NEW", "registration": "local", "registered_address": ""}

    def update_payload(self):
        return {"registration": "collective"}


class ResidentScopeTests(ScopeMatrix, TestCase):
    model = Resident

    @classmethod
    def make_object(cls, community):
        return make_resident(community, name=f"居民{community.code[-3:]}{community.pk}")

    def create_payload(self, key):
        return {"community": self.tree[key].code, "name": "新居民", "id_number": next_id_number()}

    def form_data(self, key):
        return {
            "community": self.tree[key].pk,
            "name": "新居民",
            "id_number": next_id_number(),
            "phone": "",
            "address": "",
            "ethnicity": "01",
            "relation": "head",
            "registration_type": "registered",
            "residence_status": "present",
            "political_status": "masses",
            "education": "",
            "employment": "",
            "marital_status": "",
        }

    def update_payload(self):
        return {"education": "bachelor", "phone": "13900001111"}


class FloatingRecordScopeTests(ScopeMatrix, TestCase):
    model = FloatingRecord
    export_key = "resident"

    @classmethod
    def make_object(cls, community):
        resident = make_resident(community, name=f"流动{community.pk}", registration_type="floating")
        return FloatingRecord.objects.create(
            resident=resident, origin_code="510104", arrival_date=date(2024, 3, 1), permit_expiry=date(2026, 12, 1)
        )

    def create_payload(self, key):
        resident = make_resident(self.tree[key], name="新来者")
        return {"resident": resident.pk, "origin_code": "430102", "arrival_date": "2026-10-01"}

    def form_data(self, key):
        resident = make_resident(self.tree[key], name="新来者")
        return {
            "resident": resident.pk,
            "origin_code": "430102",
            "arrival_date": "2026-10-01",
            "permit_number": "",
            "permit_expiry": "",
        }

    def update_payload(self):
        return {"permit_number": "闽 0203 2026 000123"}

    def test_export_holds_exactly_the_scope(self):
        # The export's first column is the resident's name.
        self.export_key = "resident"
        super().test_export_holds_exactly_the_scope()


class CareRecordScopeTests(ScopeMatrix, TestCase):
    model = CareRecord
    export_key = "resident"

    @classmethod
    def make_object(cls, community):
        resident = make_resident(community, name=f"低保{community.pk}")
        return CareRecord.objects.create(resident=resident, category=CareCategory.DIBAO)

    def create_payload(self, key):
        return {"resident": self.objects[key].resident_id, "category": CareCategory.ELDERLY_ALONE}

    def form_data(self, key):
        return {
            "resident": self.objects[key].resident_id,
            "category": CareCategory.ELDERLY_ALONE,
            "disability_type": "",
            "detail": "",
        }

    def update_payload(self):
        return {"end_date": "2026-12-31"}


class ResidentMoveScopeTests(ScopeMatrix, TestCase):
    model = ResidentMove
    read_only = True
    export_key = "resident_name"

    @classmethod
    def make_object(cls, community):
        resident = make_resident(community, name=f"迁入{community.pk}")
        return ResidentMove.objects.create(
            resident=resident,
            kind=MoveKind.MOVE_IN,
            date=date(2025, 1, 1),
            division_code=community.code,
            resident_name=resident.name,
        )
