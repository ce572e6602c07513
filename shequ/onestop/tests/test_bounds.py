"""Implausible dates of the one-stop services are refused (issue #12 "wrong answers", second bullet; SVC-1, SVC-2,
DESIGN.md §11): an allowance review in the future or last century, a case due or completed before acceptance."""

from datetime import date

import time_machine
from django.core.exceptions import ValidationError
from django.test import TestCase

from shequ.core.testing.bounds import NOW, BoundsMixin
from shequ.core.testing.fixtures import build_tree
from shequ.onestop.models import AllowanceReview, ServiceCase, ServiceItem
from shequ.people.testing import make_household

FUTURE = "不得是将来的日期（晚于 2026-11-30）。"


@time_machine.travel(NOW, tick=False)
class AllowanceReviewBoundTests(BoundsMixin, TestCase):
    """SVC-2: the last review happened, in this century."""

    model = AllowanceReview
    URL = "/api/onestop/allowance-reviews/"

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.household = make_household(cls.tree["C1"], "A001")

    def body(self, **fields):
        return {"community": self.tree["C1"].code, "household": self.household.pk, **fields}

    def test_api(self):
        self.assert_api_refuses(self.URL, self.body(last_review_on="2099-01-01"), "last_review_on", FUTURE)
        self.assert_api_refuses(
            self.URL, self.body(last_review_on="1999-12-31"), "last_review_on", "不得早于 2000-01-01。"
        )
        self.assert_api_refuses(
            self.URL,
            self.body(last_review_on="2026-03-01", review_months=600),
            "review_months",
            "请确保该值小于或者等于 24。",
        )
        created = self.assert_api_accepts(self.URL, self.body(last_review_on="2026-03-01")).data
        self.assertEqual(created["next_review_on"], "2027-03-01")

    def test_page(self):
        data = {
            "community": self.tree["C1"].pk,
            "household": self.household.pk,
            "status": "active",
            "status_reason": "",
            "review_months": 12,
            "last_review_on": "9999-12-31",
        }
        self.assert_page_refuses("/onestop/allowance-reviews/add/", data, "last_review_on", FUTURE)
        self.assert_page_accepts("/onestop/allowance-reviews/add/", {**data, "last_review_on": "2026-11-30"})


@time_machine.travel(NOW, tick=False)
class ServiceCaseBoundTests(TestCase):
    """SVC-1: cases are dated by the service (read-only in the API); the model still refuses impossible dates."""

    def test_case_dates(self):
        tree = build_tree()
        item = ServiceItem.objects.create(
            name="居住证明", area="civil", department="社区", time_limit_days=3, place="community"
        )
        case = ServiceCase(
            community=tree["C1"],
            number="C-1",
            item=item,
            applicant_name="张三",
            accepted_on=date(2026, 11, 30),
            due_on=date(2026, 11, 1),
            division_code=tree["C1"].code,
        )
        with self.assertRaises(ValidationError) as caught:
            case.full_clean()
        self.assertEqual(caught.exception.message_dict, {"due_on": ["办件的办理期限不能早于受理日期。"]})
        case.due_on, case.completed_on = date(9999, 12, 31), date(2026, 11, 29)
        with self.assertRaises(ValidationError) as caught:
            case.full_clean()
        self.assertEqual(
            caught.exception.message_dict,
            {"due_on": ["不得晚于 2028-11-30。"], "completed_on": ["办件的办结日期不能早于受理日期。"]},
        )
        case.due_on, case.completed_on = date(2026, 12, 3), date(2026, 11, 30)
        case.full_clean()
