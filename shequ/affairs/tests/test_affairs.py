"""Community affairs' own rules (issue #17, SVC-6): a visit to a household outside the community is refused naming
the field, a visit in the future is refused, and nothing is written."""

from datetime import date

import time_machine
from django.test import TestCase

from shequ.affairs.models import Visit
from shequ.core.testing.bounds import NOW, BoundsMixin
from shequ.core.testing.fixtures import build_tree
from shequ.people.models import Household


@time_machine.travel(NOW, tick=False)
class VisitBadInputTests(BoundsMixin, TestCase):
    model = Visit
    level = "street"

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.mine = Household.objects.create(community=cls.tree["C1"], number="1-101")
        cls.other = Household.objects.create(community=cls.tree["C2"], number="2-101")

    def test_household_of_another_community_and_future_visit(self):
        url = "/api/affairs/visits/"
        body = {"community": self.tree["C1"].code, "household": self.mine.pk, "visitor_name": "陈小梅"}
        self.assert_api_refuses(
            url, {**body, "household": self.other.pk, "visited_on": "2026-11-01"}, "household", "该户属于其他社区。"
        )
        self.assert_api_refuses(
            url, {**body, "visited_on": "2099-01-01"}, "visited_on", "不得是将来的日期（晚于 2026-11-30）。"
        )
        self.assert_api_accepts(url, {**body, "visited_on": "2026-11-30"})
        self.assertEqual(Visit.objects.unscoped("test").get().visited_on, date(2026, 11, 30))
