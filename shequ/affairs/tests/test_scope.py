"""Scope matrix over the community-affairs registers (issue #17, SVC-6; AC-1, AC-3)."""

from datetime import date

from django.test import TestCase

from shequ.affairs import models
from shequ.core.testing.scope import ScopeMatrix
from shequ.people.models import Household


def household_in(community):
    return Household.objects.get_or_create(community=community, number=f"H{community.pk}")[0]


class VisitScopeTests(ScopeMatrix, TestCase):
    model = models.Visit
    export_key = "household"

    @classmethod
    def make_object(cls, community):
        return models.Visit.objects.create(
            community=community, household=household_in(community), visited_on=date(2026, 3, 1), visitor_name="陈小梅"
        )

    def create_payload(self, key):
        return {
            "community": self.tree[key].code,
            "household": self.objects[key].household_id,
            "visited_on": "2026-03-02",
            "visitor_name": "林大勇",
        }

    def form_data(self, key):
        return {**self.create_payload(key), "community": self.tree[key].pk}

    def update_payload(self):
        return {"summary": "需助餐服务"}


class SentimentEntryScopeTests(ScopeMatrix, TestCase):
    model = models.SentimentEntry
    export_key = "title"

    @classmethod
    def make_object(cls, community):
        return models.SentimentEntry.objects.create(
            community=community, written_on=date(2026, 3, 1), author_name="陈小梅", title=f"路灯{community.pk}",
            content="路灯不亮",
        )  # fmt: skip

    def create_payload(self, key):
        return {
            "community": self.tree[key].code,
            "written_on": "2026-03-02",
            "author_name": "林大勇",
            "title": "停车难",
            "content": "晚间占用消防通道",
        }

    def form_data(self, key):
        return {**self.create_payload(key), "community": self.tree[key].pk}

    def update_payload(self):
        return {"tags": "停车"}


class AffairsDisclosureScopeTests(ScopeMatrix, TestCase):
    model = models.AffairsDisclosure
    export_key = "title"

    @classmethod
    def make_object(cls, community):
        return models.AffairsDisclosure.objects.create(
            community=community, kind="residents", title=f"惠民资金{community.pk}", content="共支出 3.2 万元",
            published_on=date(2026, 3, 1),
        )  # fmt: skip

    def create_payload(self, key):
        return {
            "community": self.tree[key].code,
            "kind": "party",
            "title": "党费收缴情况",
            "content": "应缴 86 人，实缴 86 人。",
            "published_on": "2026-03-02",
        }

    def form_data(self, key):
        return {**self.create_payload(key), "community": self.tree[key].pk}

    def update_payload(self):
        return {"shown_until": "2026-12-31"}


class WorkAssessmentScopeTests(ScopeMatrix, TestCase):
    model = models.WorkAssessment
    writer_level = "street"
    export_key = "community"

    @classmethod
    def make_object(cls, community):
        return models.WorkAssessment.objects.create(
            community=community, year=2025, assessed_on=date(2026, 1, 15), assessed_by="街道考核组",
            method="combined", score="90.0",
        )  # fmt: skip

    def create_payload(self, key):
        return {
            "community": self.tree[key].code,
            "year": 2026,
            "period": "h1",
            "assessed_on": "2026-07-10",
            "assessed_by": "街道办事处",
            "method": "inspection",
            "result": "passed",
        }

    def form_data(self, key):
        return {**self.create_payload(key), "community": self.tree[key].pk}

    def update_payload(self):
        return {"problems": "民情日记记录不及时"}
