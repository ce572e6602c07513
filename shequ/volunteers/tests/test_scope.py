"""Scope matrix over the volunteer registers (issue #4, AC-1, AC-3)."""

from datetime import date
from decimal import Decimal

from django.test import TestCase

from shequ.core.testing.scope import ScopeMatrix
from shequ.volunteers import models


def volunteer_in(community):
    return models.Volunteer.objects.get_or_create(
        community=community, name=f"志愿者{community.pk}", defaults={"registered_on": date(2025, 1, 1)}
    )[0]


class VolunteerScopeTests(ScopeMatrix, TestCase):
    model = models.Volunteer

    @classmethod
    def make_object(cls, community):
        return volunteer_in(community)

    def create_payload(self, key):
        return {"community": self.tree[key].code, "name": "新志愿者", "registered_on": "2026-05-01", "skills": "急救"}

    def form_data(self, key):
        return {**self.create_payload(key), "community": self.tree[key].pk, "active": "on"}

    def update_payload(self):
        return {"skills": "理发"}


class VolunteerTeamScopeTests(ScopeMatrix, TestCase):
    model = models.VolunteerTeam

    @classmethod
    def make_object(cls, community):
        return models.VolunteerTeam.objects.create(community=community, name=f"服务队{community.pk}")

    def create_payload(self, key):
        return {"community": self.tree[key].code, "name": "新服务队", "members": []}

    def form_data(self, key):
        return {"community": self.tree[key].pk, "name": "新服务队"}

    def update_payload(self):
        return {"leader_name": "队长"}


class VolunteerActivityScopeTests(ScopeMatrix, TestCase):
    model = models.VolunteerActivity
    export_key = "title"

    @classmethod
    def make_object(cls, community):
        return models.VolunteerActivity.objects.create(
            community=community, title=f"清洁家园{community.pk}", held_on=date(2026, 3, 5)
        )

    def create_payload(self, key):
        return {"community": self.tree[key].code, "title": "新活动", "held_on": "2026-06-01"}

    def form_data(self, key):
        return {**self.create_payload(key), "community": self.tree[key].pk}

    def update_payload(self):
        return {"place": "社区广场"}


class ServiceRecordScopeTests(ScopeMatrix, TestCase):
    model = models.ServiceRecord
    export_key = "volunteer"

    @classmethod
    def make_object(cls, community):
        return models.ServiceRecord.objects.create(
            volunteer=volunteer_in(community), served_on=date(2026, 3, 5), hours=Decimal("2.5")
        )

    def create_payload(self, key):
        return {"volunteer": self.objects[key].volunteer_id, "served_on": "2026-06-01", "hours": "3.0"}

    form_data = create_payload

    def update_payload(self):
        return {"hours": "4.0"}


class VerificationTests(TestCase):
    def test_the_user_who_verifies_hours_is_recorded(self):
        from rest_framework.test import APIClient

        from shequ.core.testing.fixtures import build_tree

        tree = build_tree()
        record = models.ServiceRecord.objects.create(
            volunteer=volunteer_in(tree["C1"]), served_on=date(2026, 3, 5), hours=Decimal("2.0")
        )
        api = APIClient()
        api.force_login(tree.users["community"])
        response = api.patch(f"/api/volunteers/service-records/{record.pk}/", {"verified": True}, format="json")
        self.assertEqual((response.status_code, response.data["verified_by"]), (200, tree.users["community"].pk))
        api.force_login(tree.users["street"])
        api.patch(f"/api/volunteers/service-records/{record.pk}/", {"hours": "3.0"}, format="json")
        record.refresh_from_db()
        self.assertEqual(record.verified_by, tree.users["community"])
        api.patch(f"/api/volunteers/service-records/{record.pk}/", {"verified": False}, format="json")
        record.refresh_from_db()
        self.assertIsNone(record.verified_by)
