"""One-stop services (issue #5; SVC-1, SVC-2): cases with deadlines and materials, allowance reviews with the
overdue list, and their scope."""

from datetime import date

import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase

from shequ.accounts.models import User
from shequ.core.context import change_context
from shequ.core.errors import IllegalTransition
from shequ.core.models import ObjectChange
from shequ.core.testing.fixtures import build_tree
from shequ.core.testing.scope import ScopeMatrix
from shequ.onestop import services
from shequ.onestop.models import AllowanceReview, ServiceCase, ServiceItem
from shequ.people.testing import make_household


def item():
    return ServiceItem.objects.get_or_create(
        name="失业登记",
        defaults={
            "area": "employment",
            "department": "区人社局",
            "time_limit_days": 5,
            "place": "community",
            "materials": "身份证\n劳动合同解除证明",
        },
    )[0]


def case_in(community, acting_user=None):
    """A case opened in `community`, by default by the city's administrator (`build_tree`'s city user)."""
    return services.open_case(
        acting_user=acting_user or User.objects.get(username="city_user"),
        community=community,
        item=item(),
        applicant_name="陈明",
        phone="13812345678",
    )


@time_machine.travel(date(2026, 6, 1), tick=False)
class CaseTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()

    def test_case_deadline_materials_and_steps(self):
        clerk = self.tree.users["community"]
        case = case_in(self.tree["C1"], clerk)
        self.assertEqual(
            (case.status, case.accepted_on, case.due_on, case.applicant_phone_masked),
            ("accepted", date(2026, 6, 1), date(2026, 6, 6), "138****5678"),
        )
        with self.assertRaises(ValidationError) as missing:
            services.complete(acting_user=clerk, case=case)
        self.assertEqual(missing.exception.message_dict, {"materials_received": ["缺少材料：身份证、劳动合同解除证明"]})
        services.record_materials(acting_user=clerk, case=case, received=["身份证", "不相干的东西"])
        case.refresh_from_db()
        self.assertEqual(case.materials_received, ["身份证"])
        services.start(acting_user=clerk, case=case)
        with self.assertRaises(IllegalTransition):
            services.start(acting_user=clerk, case=case)
        services.record_materials(acting_user=clerk, case=case, received=["身份证", "劳动合同解除证明"])
        services.complete(acting_user=clerk, case=case)
        case.refresh_from_db()
        self.assertEqual((case.status, case.completed_on), ("completed", date(2026, 6, 1)))
        with self.assertRaises(IllegalTransition):
            services.reject(acting_user=clerk, case=case, reason="迟了")

    def test_rejection_needs_a_reason_and_overdue_cases_are_listed(self):
        clerk = self.tree.users["community"]
        first, second = case_in(self.tree["C1"], clerk), case_in(self.tree["C1"], clerk)
        with self.assertRaises(ValidationError):
            services.reject(acting_user=clerk, case=first, reason=" ")
        services.reject(acting_user=clerk, case=first, reason="不符合申请条件")
        with time_machine.travel(date(2026, 6, 7), tick=False):
            self.assertEqual(list(ServiceCase.objects.restrict(self.tree.users["community"]).overdue()), [second])
            self.client.force_login(self.tree.users["community"])
            page = self.client.get("/onestop/cases/", {"overdue": "true"})
            self.assertEqual([c.number for c in page.context["page"]], [second.number])

    def test_a_user_without_the_right_here_opens_and_moves_nothing(self):
        """Every step asks `core.rights` for its acting user (issue #11): out of scope, without the permission or
        without a user, the service refuses and nothing changes, nor is a change logged."""
        with self.assertRaises(PermissionDenied), change_context(self.tree.users["community"]):
            case_in(self.tree["C4"], self.tree.users["community"])
        with self.assertRaises(PermissionDenied), change_context(self.tree.users["auditor"]):
            case_in(self.tree["C1"], self.tree.users["auditor"])
        self.assertEqual(ServiceCase.objects.count(), 0)
        case = case_in(self.tree["C4"])
        steps = {
            "materials": lambda user: services.record_materials(acting_user=user, case=case, received=["身份证"]),
            "start": lambda user: services.start(acting_user=user, case=case),
            "complete": lambda user: services.complete(acting_user=user, case=case),
            "reject": lambda user: services.reject(acting_user=user, case=case, reason="不符合申请条件"),
        }
        for name, step in steps.items():
            for user in (self.tree.users["community"], self.tree.users["auditor"], None):
                with self.subTest(step=name, user=user), self.assertRaises(PermissionDenied):
                    with change_context(user):
                        step(user)
        case.refresh_from_db()
        self.assertEqual(
            (case.status, case.materials_received, case.completed_on, case.reject_reason), ("accepted", [], None, "")
        )
        self.assertFalse(ObjectChange.objects.filter(object_type__model="servicecase").exists())

    def test_the_page_runs_the_steps(self):
        case = case_in(self.tree["C1"])
        self.client.force_login(self.tree.users["community"])
        url = f"/onestop/cases/{case.pk}/"
        self.assertContains(self.client.post(url, {"action": "complete"}, follow=True), "缺少材料")
        self.client.post(url, {"action": "materials", "received": ["身份证", "劳动合同解除证明"]})
        self.assertContains(self.client.post(url, {"action": "complete"}, follow=True), f"{case}：已完成。")
        self.assertNotContains(self.client.get(url), "13812345678")
        self.client.force_login(self.tree.users["street"])
        other = case_in(self.tree["C4"])
        self.assertEqual(self.client.get(f"/onestop/cases/{other.pk}/").status_code, 404)


@time_machine.travel(date(2026, 6, 1), tick=False)
class AllowanceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()

    def test_next_review_and_overdue_list(self):
        review = AllowanceReview.objects.create(
            community=self.tree["C1"],
            household=make_household(self.tree["C1"]),
            last_review_on=date(2025, 5, 31),
            review_months=12,
        )
        self.assertEqual(review.next_review_on, date(2026, 5, 31))
        self.assertEqual(list(AllowanceReview.objects.overdue()), [review])
        clerk = self.tree.users["community"]
        with self.assertRaises(ValidationError) as no_reason:
            services.record_review(acting_user=clerk, review=review, day=date(2026, 6, 1), status="suspended")
        self.assertEqual(no_reason.exception.message_dict, {"status_reason": ["请填写状态变化的原因。"]})
        services.record_review(acting_user=clerk, review=review, day=date(2026, 6, 1), status="active")
        review.refresh_from_db()
        self.assertEqual((review.next_review_on, list(AllowanceReview.objects.overdue())), (date(2027, 6, 1), []))

    def test_a_review_needs_the_right_to_change_it_here(self):
        review = AllowanceReview.objects.create(
            community=self.tree["C4"], household=make_household(self.tree["C4"]), last_review_on=date(2026, 1, 1)
        )
        for user in (self.tree.users["community"], self.tree.users["auditor"], None):
            with self.subTest(user=user), self.assertRaises(PermissionDenied), change_context(user):
                services.record_review(acting_user=user, review=review, day=date(2026, 6, 1), status="active")
        review.refresh_from_db()
        self.assertEqual((review.last_review_on, review.next_review_on), (date(2026, 1, 1), date(2027, 1, 1)))
        self.assertFalse(ObjectChange.objects.filter(object_type__app_label="onestop").exists())
        services.record_review(
            acting_user=self.tree.users["city"], review=review, day=date(2026, 6, 1), status="active"
        )
        review.refresh_from_db()
        self.assertEqual(review.next_review_on, date(2027, 6, 1))

    def test_only_the_care_duty_sees_allowance_records(self):
        AllowanceReview.objects.create(
            community=self.tree["C1"], household=make_household(self.tree["C1"]), last_review_on=date(2026, 1, 1)
        )
        self.client.force_login(self.tree.users["auditor"])
        self.assertEqual(self.client.get("/onestop/allowance-reviews/").status_code, 403)
        self.client.force_login(self.tree.users["community"])
        self.assertEqual(self.client.get("/onestop/allowance-reviews/").context["page"].paginator.count, 1)


class ServiceCaseScopeTests(ScopeMatrix, TestCase):
    model = ServiceCase
    export_key = "number"
    read_only = True

    @classmethod
    def make_object(cls, community):
        return case_in(community)

    def test_read_only_register_refuses_writes(self):
        self.assertEqual(self.api("city").post(self.api_url("list"), {}, format="json").status_code, 405)


class AllowanceReviewScopeTests(ScopeMatrix, TestCase):
    model = AllowanceReview
    export_key = "household"

    @classmethod
    def make_object(cls, community):
        return AllowanceReview.objects.create(
            community=community, household=make_household(community), last_review_on=date(2026, 1, 1)
        )

    def create_payload(self, key):
        return {
            "community": self.tree[key].code,
            "household": make_household(self.tree[key]).pk,
            "last_review_on": "2026-03-01",
        }

    def form_data(self, key):
        return {**self.create_payload(key), "community": self.tree[key].pk, "status": "active", "review_months": 12}

    def update_payload(self):
        return {"review_months": 6}
