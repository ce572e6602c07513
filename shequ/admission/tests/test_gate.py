"""The admission gate (issue #15, ADM-1): a request citing no item, an unpublished, expired, superseded or
withdrawn item, or another department's item is refused through the page and the API with the reason in Chinese,
and nothing is written; the city publishes; the community replies or declines with a reason."""

from datetime import date
from decimal import Decimal

import time_machine
from django.contrib.contenttypes.models import ContentType
from django.test import TestCase
from rest_framework.test import APIClient

from shequ.accounts.models import Assignment, Department
from shequ.accounts.roles import Role
from shequ.admission import services
from shequ.admission.choices import ItemKind, ItemStatus, RequestStatus
from shequ.admission.models import AdmittedItem, CommunityRequest
from shequ.core.models import ObjectChange
from shequ.core.testing.fixtures import build_tree, make_user

TODAY = date(2026, 11, 16)


@time_machine.travel(TODAY, tick=False)
class GateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.civil = Department.objects.create(division=cls.tree["D1"], name="思明区民政局")
        cls.health = Department.objects.create(division=cls.tree["D1"], name="思明区卫健局")
        cls.clerk = make_user("civil_clerk")
        Assignment.objects.create(
            user=cls.clerk, role=Role.DEPARTMENT_STAFF, division=cls.tree["D1"], department=cls.civil
        )
        cls.item = cls.make_item(cls.civil, "MZ-001", ItemStatus.PUBLISHED)

    @staticmethod
    def make_item(department, code, status, **fields):
        values = {
            "name": "低保对象动态台账",
            "kind": ItemKind.LEDGER,
            "legal_basis": "《社会救助暂行办法》",
            "funding_per_community": Decimal("3000.00"),
            "valid_from": date(2025, 1, 1),
            **fields,
        }
        return AdmittedItem.objects.create(department=department, code=code, status=status, **values)

    def api(self, user):
        client = APIClient()
        client.force_login(user)
        return client

    def request_changes(self):
        return ObjectChange.objects.filter(object_type=ContentType.objects.get_for_model(CommunityRequest))

    def body(self, **extra):
        return {"community": self.tree["C1"].code, "title": "报送十一月低保台账", **extra}

    def assert_refused(self, body, message):
        response = self.api(self.clerk).post("/api/admission/requests/", body, format="json")
        self.assertEqual((response.status_code, response.data), (400, {"item": [message]}))
        self.assertFalse(CommunityRequest.objects.exists())
        self.assertFalse(self.request_changes().exists())

    def test_api_refuses_requests_outside_the_gate_naming_why(self):
        self.assert_refused(self.body(), "拒绝：向社区派发事项必须引用准入清单中已发布的事项。")
        draft = self.make_item(self.civil, "MZ-002", ItemStatus.DRAFT)
        self.assert_refused(self.body(item=draft.pk), f"拒绝：准入事项“{draft}”尚未经市级审核发布。")
        expired = self.make_item(self.civil, "MZ-003", ItemStatus.PUBLISHED, valid_until=date(2026, 6, 30))
        self.assert_refused(self.body(item=expired.pk), f"拒绝：准入事项“{expired}”已于 2026-06-30 失效。")
        future = self.make_item(self.civil, "MZ-004", ItemStatus.PUBLISHED, valid_from=date(2027, 1, 1))
        self.assert_refused(self.body(item=future.pk), f"拒绝：准入事项“{future}”自 2027-01-01 起才生效。")
        withdrawn = self.make_item(self.civil, "MZ-005", ItemStatus.WITHDRAWN)
        self.assert_refused(self.body(item=withdrawn.pk), f"拒绝：准入事项“{withdrawn}”已撤销。")
        others = self.make_item(self.health, "WJ-001", ItemStatus.PUBLISHED)
        self.assert_refused(self.body(item=others.pk), f"拒绝：准入事项“{others}”属于思明区卫健局，不是本部门的事项。")

    def test_page_refuses_a_request_without_item_on_the_field(self):
        self.client.force_login(self.clerk)
        data = {"community": self.tree["C1"].pk, "title": "临时报表", "sent_on": "2026-11-16"}
        response = self.client.post("/admission/requests/add/", data)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.context["form"].errors["item"], ["拒绝：向社区派发事项必须引用准入清单中已发布的事项。"]
        )
        self.assertFalse(CommunityRequest.objects.exists())
        response = self.client.post("/admission/requests/add/", {**data, "item": self.item.pk})
        self.assertEqual(response.status_code, 302)
        request = CommunityRequest.objects.get()
        self.assertEqual((request.department, request.kind, request.status), (self.civil, "ledger", "sent"))

    def test_send_to_a_street_reaches_each_of_its_communities(self):
        response = self.api(self.clerk).post(
            f"/api/admission/requests/send/{self.tree['S1'].code}/",
            {"item": self.item.pk, "title": "年度台账", "deadline": "2026-12-15"},
            format="json",
        )
        self.assertEqual(response.status_code, 201, response.data)
        sent = CommunityRequest.objects.order_by("division_code")
        self.assertEqual(
            [(r.community.code, r.department_id, r.deadline, r.created_by) for r in sent],
            [
                ("350203001001", self.civil.pk, date(2026, 12, 15), self.clerk),
                ("350203001004", self.civil.pk, date(2026, 12, 15), self.clerk),
            ],
        )
        self.assertEqual(self.request_changes().count(), 2)
        others = self.make_item(self.health, "WJ-002", ItemStatus.PUBLISHED)
        response = self.api(self.clerk).post(
            f"/api/admission/requests/send/{self.tree['D1'].code}/",
            {"item": others.pk, "title": "健康档案"},
            format="json",
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(CommunityRequest.objects.count(), 2)

    def test_the_community_replies_or_declines_and_then_nothing_changes(self):
        first, second = (
            CommunityRequest.objects.create(community=self.tree["C1"], item=self.item, title=title)
            for title in ("十一月台账", "创卫迎检材料")
        )
        community = self.api(self.tree.users["community"])
        response = community.post(
            f"/api/admission/requests/{first.pk}/reply/", {"reply": "已报送", "hours": "3.5"}, format="json"
        )
        self.assertEqual(response.status_code, 200, response.data)
        first.refresh_from_db()
        self.assertEqual(
            (first.status, first.reply, first.hours, first.replied_on),
            (RequestStatus.REPLIED, "已报送", Decimal("3.5"), TODAY),
        )
        response = community.post(f"/api/admission/requests/{second.pk}/decline/", {"reason": "短"}, format="json")
        self.assertEqual(response.status_code, 400)
        response = community.post(
            f"/api/admission/requests/{second.pk}/decline/", {"reason": "不属于社区准入事项范围"}, format="json"
        )
        self.assertEqual(response.status_code, 200)
        second.refresh_from_db()
        self.assertEqual((second.status, second.decline_reason), (RequestStatus.DECLINED, "不属于社区准入事项范围"))
        self.assertEqual(
            community.post(f"/api/admission/requests/{second.pk}/reply/", {"reply": "补"}, format="json").status_code,
            409,
        )
        response = self.api(self.clerk).patch(f"/api/admission/requests/{first.pk}/", {"title": "改"}, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.data["non_field_errors"], ["社区已答复的事项不能再修改。"])
        response = self.api(self.clerk).delete(f"/api/admission/requests/{first.pk}/")
        self.assertEqual(response.data, {"non_field_errors": ["社区已答复的事项不能删除：它计入社区负担。"]})
        self.client.force_login(self.clerk)
        self.client.post(f"/admission/requests/{second.pk}/delete/")
        self.assertEqual(CommunityRequest.objects.count(), 2)
        # The sender may not answer for the community.
        response = self.api(self.clerk).post(
            f"/api/admission/requests/{first.pk}/reply/", {"reply": "代答"}, format="json"
        )
        self.assertEqual(response.status_code, 403)

    def test_the_city_publishes_and_a_new_version_supersedes(self):
        draft = services.new_version(acting_user=self.clerk, item=self.item)
        self.assertEqual((draft.version, draft.status, draft.previous), (2, ItemStatus.DRAFT, self.item))
        district = self.api(self.tree.users["district"])
        self.assertEqual(district.post(f"/api/admission/items/{draft.pk}/publish/").status_code, 403)
        self.assertEqual(self.api(self.clerk).post(f"/api/admission/items/{draft.pk}/publish/").status_code, 403)
        response = self.api(self.tree.users["city"]).post(f"/api/admission/items/{draft.pk}/publish/")
        self.assertEqual((response.status_code, response.data["status"]), (200, "published"))
        self.item.refresh_from_db()
        self.assertEqual(self.item.status, ItemStatus.SUPERSEDED)
        self.assert_refused(self.body(item=self.item.pk), f"拒绝：准入事项“{self.item}”已被新版本取代。")
        response = self.api(self.clerk).patch(f"/api/admission/items/{draft.pk}/", {"name": "改"}, format="json")
        self.assertEqual(response.data, {"non_field_errors": ["已发布的准入事项不能修改，请起草新版本。"]})
        self.assertEqual(self.api(self.clerk).delete(f"/api/admission/items/{draft.pk}/").status_code, 400)

    def test_funding_is_bounded_and_exact(self):
        api = self.api(self.clerk)
        body = {
            "department": self.civil.pk,
            "code": "MZ-100",
            "name": "养老服务检查",
            "kind": "inspection",
            "legal_basis": "《老年人权益保障法》",
            "valid_from": "2026-01-01",
        }
        for amount, message in (
            ("-1", "请确保该值大于或者等于 0.00。"),
            ("10000000.01", "请确保该值小于或者等于 10000000.00。"),
            ("12.345", "请确保总计不超过 2 个小数位。"),
            ("abc", "请填写合法的数字。"),
        ):
            with self.subTest(amount=amount):
                response = api.post("/api/admission/items/", {**body, "funding_per_community": amount}, format="json")
                self.assertEqual((response.status_code, response.data), (400, {"funding_per_community": [message]}))
        response = api.post("/api/admission/items/", {**body, "funding_per_community": "2500.05"}, format="json")
        self.assertEqual(response.status_code, 201, response.data)
        item = AdmittedItem.objects.get(code="MZ-100")
        self.assertEqual(
            (item.funding_per_community, item.status, item.division_code), (Decimal("2500.05"), "draft", "350203000000")
        )
