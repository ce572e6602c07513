"""The safe-community registers' own rules (issue #17; GOV-1, GOV-3): bad input refused in Chinese naming the field
and nothing written; parties' phones and ID numbers stored only encrypted and masked (DESIGN.md §5); a dispute work
order made into a case in one step, and the case's closing replying on the order."""

from datetime import date

import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase
from stdnum.cn import ric

from shequ.core.errors import IllegalTransition
from shequ.core.models import ObjectChange
from shequ.core.testing.bounds import NOW, BoundsMixin
from shequ.core.testing.fixtures import build_tree
from shequ.organizations.models import CommitteeMember, ResidentsCommittee, Subcommittee
from shequ.safety import services
from shequ.safety.models import DisputeCase, DisputeParty, PatrolArea, PatrolRecord, PoliceOfficer, PoliceRoom
from shequ.workorders import services as orders
from shequ.workorders.choices import OrderStatus, Source
from shequ.workorders.models import OrderEvent
from shequ.workorders.testing import make_desk

FUTURE = "不得是将来的日期（晚于 2026-11-30）。"


def valid_id(body="35020319850101002"):
    return body + ric.calc_check_digit(body + "0")


@time_machine.travel(NOW, tick=False)
class BadInputTests(BoundsMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.room = PoliceRoom.objects.create(community=cls.tree["C1"], name="鸿山警务室")
        cls.area = PatrolArea.objects.create(community=cls.tree["C1"], name="一片区", person_in_charge="陈大海")
        cls.committee = ResidentsCommittee.objects.create(
            community=cls.tree["C1"], term_number=1, term_start=date(2024, 1, 1)
        )
        cls.deputy = CommitteeMember.objects.create(committee=cls.committee, name="郑警官", position="deputy_director")
        cls.member = CommitteeMember.objects.create(committee=cls.committee, name="林调解", position="member")

    def test_patrol_ending_before_it_starts(self):
        self.model = PatrolRecord
        url = "/api/safety/patrols/"
        body = {"area": self.area.pk, "patrollers": "陈大海", "started_at": "2026-11-01T20:00:00+08:00"}
        self.assert_api_refuses(
            url, {**body, "ended_at": "2026-11-01T19:00:00+08:00"}, "ended_at", "巡查结束时间不能早于开始时间。"
        )
        self.assert_api_refuses(
            url, {**body, "ended_at": "2026-11-03T19:00:00+08:00"}, "ended_at", "一次巡查最长 24 小时。"
        )
        self.assert_api_refuses(url, {**body, "started_at": "2099-01-01T20:00:00+08:00"}, "started_at", FUTURE)
        self.assert_api_accepts(url, {**body, "ended_at": "2026-11-01T21:30:00+08:00"})

    def test_case_deadline_before_opening(self):
        self.model = DisputeCase
        url = "/api/safety/disputes/"
        body = {
            "community": self.tree["C1"].code,
            "number": "（2026）鸿调字第 1 号",
            "title": "漏水纠纷",
            "kind": "neighbours",
            "opened_on": "2026-11-01",
        }
        self.assert_api_refuses(url, {**body, "deadline": "2026-10-31"}, "deadline", "调解期限不能早于受理日期。")
        self.assert_api_refuses(url, {**body, "deadline": "2028-01-01"}, "deadline", "不得晚于 2027-11-30。")
        closed = {**body, "deadline": "2026-11-30", "stage": "closed", "closed_on": "2026-11-20"}
        self.assert_api_refuses(url, closed, "outcome", "已结案的案件须填写调解结果。")
        agreed = {**closed, "outcome": "agreement"}
        self.assert_api_refuses(url, agreed, "agreement", "请写明当事人达成的协议内容。")
        self.assert_api_refuses(url, {**body, "deadline": "2026-11-30", "mediator": self.member.pk}, "mediator",
                                "该调解员不是本届居委会人民调解委员会的成员。")  # fmt: skip
        page = {**body, "community": self.tree["C1"].pk, "deadline": "2026-10-01", "stage": "accepted"}
        self.assert_page_refuses("/safety/disputes/add/", page, "deadline", "调解期限不能早于受理日期。")
        mediation = Subcommittee.objects.create(committee=self.committee, kind="mediation")
        mediation.members.add(self.member)
        self.assert_api_accepts(url, {**agreed, "agreement": "楼上业主承担维修费用", "mediator": self.member.pk})

    def test_officer_holds_only_a_deputy_post_of_the_community(self):
        self.model = PoliceOfficer
        url = "/api/safety/police-officers/"
        body = {"room": self.room.pk, "name": "郑警官", "kind": "officer"}
        self.assert_api_refuses(
            url, {**body, "committee_member": self.member.pk}, "committee_member", "民警在居委会只能兼任副主任职务。"
        )
        other = CommitteeMember.objects.create(
            committee=ResidentsCommittee.objects.create(
                community=self.tree["C2"], term_number=1, term_start=date(2024, 1, 1)
            ),
            name="王副主任",
            position="deputy_director",
        )
        self.assert_api_refuses(
            url,
            {**body, "committee_member": other.pk},
            "committee_member",
            "该居委会成员属于其他社区。",
            level="street",
        )
        self.assert_api_accepts(url, {**body, "committee_member": self.deputy.pk})

    def test_party_phone_and_id_number_are_checked(self):
        self.model = DisputeParty
        case = DisputeCase.objects.create(
            community=self.tree["C1"], number="1", title="纠纷", kind="neighbours",
            opened_on=date(2026, 11, 1), deadline=date(2026, 11, 30),
        )  # fmt: skip
        url = "/api/safety/dispute-parties/"
        body = {"case": case.pk, "name": "张某", "role": "applicant"}
        self.assert_api_refuses(
            url, {**body, "phone": "12345"}, "phone", "电话号码既不是大陆手机号码，也不是带区号的固定电话。"
        )
        self.assert_api_refuses(url, {**body, "id_number": "350203198501010021"}, "id_number", "身份证号码校验位错误。")
        page = {**body, "phone": "12345", "id_number": ""}
        self.assert_page_refuses(
            "/safety/dispute-parties/add/", page, "phone", "电话号码既不是大陆手机号码，也不是带区号的固定电话。"
        )


class ProtectedValueTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.case = DisputeCase.objects.create(
            community=cls.tree["C1"], number="1", title="纠纷", kind="neighbours",
            opened_on=date(2026, 11, 1), deadline=date(2026, 11, 30),
        )  # fmt: skip

    def test_stored_encrypted_shown_masked_never_logged(self):
        from rest_framework.test import APIClient

        api = APIClient()
        api.force_login(self.tree.users["community"])
        number = valid_id()
        body = {"case": self.case.pk, "name": "张某", "role": "applicant", "phone": "13812345678", "id_number": number}
        response = api.post("/api/safety/dispute-parties/", body, format="json")
        self.assertEqual(response.status_code, 201, response.data)
        self.assertEqual((response.data["phone_masked"], response.data["id_number_masked"]),
                         ("138****5678", f"350***********{number[-4:]}"))  # fmt: skip
        self.assertNotIn("phone", response.data)
        self.assertNotIn("id_number", response.data)
        party = DisputeParty.objects.unscoped("test").get()
        self.assertNotIn("13812345678", party.phone_encrypted)
        self.assertEqual((party.reveal("phone"), party.reveal("id_number")), ("13812345678", number))
        entry = ObjectChange.objects.get(object_id=str(party.pk))
        self.assertNotIn("13812345678", str(entry.postchange_data))
        self.assertNotIn(number, str(entry.postchange_data))
        self.assertNotIn("phone_encrypted", entry.postchange_data)
        # An edit without the values keeps them.
        response = api.patch(f"/api/safety/dispute-parties/{party.pk}/", {"role": "respondent"}, format="json")
        party.refresh_from_db()
        self.assertEqual((party.role, party.reveal("phone")), ("respondent", "13812345678"))
        # The page and the export show the masked form only.
        self.client.force_login(self.tree.users["community"])
        listing = self.client.get("/safety/dispute-parties/")
        self.assertContains(listing, "138****5678")
        self.assertNotContains(listing, "13812345678")
        page = self.client.get(f"/safety/dispute-parties/{party.pk}/")
        self.assertNotContains(page, "13812345678")
        self.assertNotContains(page, number)


class CaseFromOrderTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.desk = make_desk(cls.tree)
        cls.staff = cls.tree.users["community"]

    def order(self, community="C1", phone="13812345678"):
        order, _created = orders.submit(
            acting_user=self.tree.users["city"],
            source=Source.PHONE,
            request_type="help",
            category=self.desk.child,
            description="楼上漏水到我家，协商不成",
            community=self.tree[community],
            caller_name="张某",
            phone=phone,
        )
        return order

    def test_from_order_to_agreement_replying_on_the_order(self):
        order = self.order()
        case = services.case_from_order(acting_user=self.staff, order=order, title="楼上漏水纠纷")
        self.assertEqual(
            (case.community, case.number, case.title, case.stage, case.work_order),
            (self.tree["C1"], f"TJ{order.number}", "楼上漏水纠纷", "accepted", order),
        )
        self.assertEqual((case.deadline - case.opened_on).days, services.MEDIATION_DAYS)
        party = case.parties.restrict(self.staff, "view").get()
        self.assertEqual((party.name, party.role, party.phone_masked), ("张某", "applicant", "138****5678"))
        self.assertEqual(party.reveal("phone"), "13812345678")
        with self.assertRaises(ValidationError) as refused:
            services.case_from_order(acting_user=self.staff, order=order)
        self.assertEqual(refused.exception.message_dict["work_order"], ["该工单已经转为调解案件。"])

        orders.perform(order, "accept", actor=self.staff)
        services.close_case(acting_user=self.staff, case=case, outcome="agreement", agreement="楼上业主承担维修费用")
        case.refresh_from_db()
        order.refresh_from_db()
        self.assertEqual((case.stage, case.outcome, case.closed_on is not None), ("closed", "agreement", True))
        self.assertEqual((order.status, order.reply), (OrderStatus.REPLIED, "调解结案：调解成功。楼上业主承担维修费用"))
        self.assertTrue(OrderEvent.objects.filter(order=order, action="reply").exists())
        with self.assertRaises(IllegalTransition):
            services.close_case(acting_user=self.staff, case=case, outcome="failed")

    def test_out_of_scope_order_and_order_not_yet_accepted(self):
        with self.assertRaises(PermissionDenied):
            services.case_from_order(acting_user=self.staff, order=self.order("C4"))
        with self.assertRaises(PermissionDenied):
            services.case_from_order(acting_user=self.tree.users["auditor"], order=self.order(phone="13712345678"))
        self.assertFalse(DisputeCase.objects.unscoped("test").exists())
        order = self.order(phone="13912345678")
        self.assertEqual(order.status, OrderStatus.DISPATCHED)
        case = services.case_from_order(acting_user=self.staff, order=order)
        services.close_case(acting_user=self.staff, case=case, outcome="withdrawn")
        order.refresh_from_db()
        self.assertEqual(order.status, OrderStatus.DISPATCHED)  # not accepted: left to its handling unit

    def test_from_order_through_the_api(self):
        from rest_framework.test import APIClient

        api = APIClient()
        api.force_authenticate(self.staff)
        order = self.order(phone="13612345678")
        response = api.post(f"/api/safety/disputes/from-order/{order.pk}/", {"kind": "family"}, format="json")
        self.assertEqual(response.status_code, 201, response.data)
        self.assertEqual((response.data["kind"], response.data["work_order"]), ("family", order.pk))
        again = api.post(f"/api/safety/disputes/from-order/{order.pk}/", {"kind": "family"}, format="json")
        self.assertEqual((again.status_code, again.data["work_order"]), (400, ["该工单已经转为调解案件。"]))
        elsewhere = self.order("C4", phone="13512345678")
        hidden = api.post(f"/api/safety/disputes/from-order/{elsewhere.pk}/", {"kind": "family"}, format="json")
        self.assertEqual(hidden.status_code, 404)
