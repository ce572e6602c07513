"""The monthly disclosure (issue #14 item 6; INFO-1): figures compiled from the data with exact values, the street's
review and publication freezing the content (SM3 hash, a PDF whose text holds the figures), corrections as new
versions that leave the first one's hash and file unchanged, the public pages, the on-time policy check, and the
refusals (unreviewed, edited after review, ID or mobile number in the text, out of order, out of scope)."""

import shutil
import subprocess
import tempfile
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase, override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from shequ.affairs.choices import MeetingKind
from shequ.affairs.models import Meeting
from shequ.core.checks import Status, checks
from shequ.core.context import change_context
from shequ.core.crypto import sm3_hex
from shequ.core.testing.fixtures import build_tree
from shequ.disclosure import services
from shequ.disclosure.choices import DisclosureStatus as S
from shequ.disclosure.figures import compile_figures
from shequ.disclosure.models import Disclosure
from shequ.volunteers.models import ServiceRecord, Volunteer, VolunteerActivity
from shequ.workorders import services as orders
from shequ.workorders.choices import OrderStatus, PublicService, Source
from shequ.workorders.models import Category, WorkOrder
from shequ.workorders.testing import make_desk

TZ = ZoneInfo("Asia/Shanghai")
OCTOBER = date(2026, 10, 1)


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


@time_machine.travel(at(date(2026, 11, 3)), tick=False)
class DisclosureTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.desk = make_desk(cls.tree)
        cls.c1, cls.c2 = cls.tree["C1"], cls.tree["C2"]
        cls.water = Category.objects.create(
            code="0601",
            name="供水",
            public_service=PublicService.WATER,
            **{"accept_yellow": 30, "accept_red": 60, "handle_yellow": 1440, "handle_red": 2880},
            **{"emergency_accept_red": 10, "emergency_handle_red": 120},
        )
        with change_context(None, source="test"):
            cls.seed_month()

    @classmethod
    def seed_month(cls):
        """C1 in October: 3 requests received (2 rubbish, 1 water), 1 closed; a September request still open and
        overdue (and October's open rubbish request, past its acceptance limit; the water request has no route and
        so no clock); 1 volunteer activity with 2.5 verified and 1 unverified hours; 1 residents' meeting, 1 party
        meeting."""

        def submit(category, day):
            with time_machine.travel(at(day), tick=False):
                return orders.submit(
                    acting_user=cls.tree.users["city"],
                    source=Source.PHONE,
                    request_type="help",
                    category=category,
                    description="楼道灯坏了",
                    community=cls.c1,
                    phone="13812345678",
                )[0]

        old = submit(cls.desk.child, date(2026, 9, 20))  # dispatched in September, red long before November
        assert old.status == OrderStatus.DISPATCHED and old.red_at < at(date(2026, 11, 1))
        submit(cls.desk.child, date(2026, 10, 5))
        closed = submit(cls.desk.child, date(2026, 10, 6))
        WorkOrder.objects.unscoped("test").filter(pk=closed.pk).update(
            status=OrderStatus.CLOSED, closed_at=at(date(2026, 10, 9))
        )
        submit(cls.water, date(2026, 10, 7))
        volunteer = Volunteer.objects.create(community=cls.c1, name="陈小梅", registered_on=date(2026, 1, 1))
        activity = VolunteerActivity.objects.create(community=cls.c1, title="敬老助餐", held_on=date(2026, 10, 12))
        ServiceRecord.objects.create(
            volunteer=volunteer, activity=activity, served_on=date(2026, 10, 12), hours=Decimal("2.5"), verified=True
        )
        ServiceRecord.objects.create(volunteer=volunteer, served_on=date(2026, 10, 13), hours=Decimal("1"))
        for kind in (MeetingKind.RESIDENTS, MeetingKind.PARTY_JOINT):
            Meeting.objects.create(
                community=cls.c1, kind=kind, title=kind, held_on=date(2026, 10, 20), entitled=20, attendance=15
            )

    def setUp(self):
        # A folder of its own per test: a PDF's name is its community, month and version, the same in every test.
        self.enterContext(override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="shequ-disclosure-")))

    def compile(self):
        services.compile_month(acting_user=self.tree.users["street"], month=OCTOBER, within=self.tree["S1"])
        return Disclosure.objects.get(community=self.c1, month=OCTOBER)

    def publish(self, disclosure):
        disclosure = services.review(acting_user=self.tree.users["street"], disclosure=disclosure)
        with self.captureOnCommitCallbacks(execute=True):
            return services.publish(acting_user=self.tree.users["street"], disclosure=disclosure)

    # ---- the figures -------------------------------------------------------------------------------------------

    def test_the_figures_of_a_month_exactly(self):
        figures = compile_figures([self.c1, self.c2], OCTOBER, at(date(2026, 11, 1), 0))
        self.assertEqual(
            figures[self.c1.pk]["work"],
            {
                "orders_received": 3,
                "orders_closed": 1,
                "onestop_completed": 0,
                "activities": 1,
                "meetings": 1,  # the party's joint meeting is not the residents' affairs
                "volunteer_hours": "2.5",  # verified hours only
            },
        )
        self.assertEqual(
            figures[self.c1.pk]["open"],
            {"orders": 3, "overdue": 2, "by_category": [["环境卫生", 2, 2], ["供水", 1, 0]]},
        )
        self.assertEqual(
            figures[self.c1.pk]["services"],
            [
                ["property", 0, 0, 0],
                ["water", 1, 0, 1],
                ["electricity", 0, 0, 0],
                ["gas", 0, 0, 0],
                ["heating", 0, 0, 0],
            ],
        )
        self.assertEqual(figures[self.c1.pk]["surveys"], [])
        self.assertEqual(figures[self.c2.pk]["work"]["orders_received"], 0)
        self.assertEqual(figures[self.c2.pk]["open"], {"orders": 0, "overdue": 0, "by_category": []})

    def test_a_month_is_compiled_once_per_community_and_drafts_get_fresh_figures(self):
        made = services.compile_month(acting_user=self.tree.users["street"], month=OCTOBER, within=self.tree["S1"])
        self.assertEqual(made, 2)  # C1 and C2, the street's communities
        self.assertEqual(
            services.compile_month(acting_user=self.tree.users["street"], month=OCTOBER, within=self.tree["S1"]), 0
        )
        self.assertEqual(Disclosure.objects.filter(month=OCTOBER).count(), 2)
        with self.assertRaises(PermissionDenied):  # another street's communities
            services.compile_month(acting_user=self.tree.users["street"], month=OCTOBER, within=self.tree["S2"])
        with self.assertRaises(ValidationError) as caught:
            services.compile_month(
                acting_user=self.tree.users["street"], month=date(2026, 11, 1), within=self.tree["S1"]
            )
        self.assertEqual(caught.exception.message_dict, {"month": ["月份结束后才能公开。"]})

    def test_the_clock_compiles_last_month_on_the_first_and_then_nothing(self):
        with time_machine.travel(at(date(2026, 12, 1), 1), tick=False):
            self.assertEqual(services.compile_due(), 4)  # every community of the tree, November
            self.assertEqual(services.compile_due(), 0)
        self.assertEqual(set(Disclosure.objects.values_list("month", flat=True)), {date(2026, 11, 1)})

    # ---- review, publication, correction -----------------------------------------------------------------------

    def test_publication_freezes_the_content_and_renders_the_pdf(self):
        draft = self.compile()
        draft.work_notes = "组织居民议事协商会"
        draft.full_clean()
        draft.save()
        with self.assertRaises(ValidationError) as caught:
            services.publish(acting_user=self.tree.users["street"], disclosure=draft)
        self.assertEqual(caught.exception.messages, ["须经街道审核后才能发布。"])
        with self.assertRaises(PermissionDenied):  # a community does not review its own disclosure
            services.review(acting_user=self.tree.users["community"], disclosure=draft)
        published = self.publish(draft)
        published.refresh_from_db()
        self.assertEqual(published.status, S.PUBLISHED)
        self.assertEqual(published.published_by, self.tree.users["street"])
        self.assertEqual(published.content_hash, sm3_hex(services.content(published)))
        self.assertEqual(len(published.content_hash), 64)
        self.assertTrue(published.pdf.name.endswith(f"{self.c1.code}-2026-10-v1.pdf"), published.pdf.name)
        if shutil.which("pdftotext"):
            text = subprocess.run(
                ["pdftotext", "-layout", published.pdf.path, "-"], capture_output=True, text=True, check=True
            ).stdout
            for expected in ("鸿山社区居委会", "2026年10月", "组织居民议事协商会", "供水", published.content_hash):
                self.assertIn(expected, text)
        # Nothing published is edited: not by the form's model validation, not by the API.
        published.other_notes = "改"
        with self.assertRaises(ValidationError) as caught:
            published.full_clean()
        self.assertEqual(caught.exception.messages, ["只有草稿可以修改：已发布的公开报告只能以新版本更正。"])
        api = APIClient()
        api.force_login(self.tree.users["community"])
        response = api.patch(f"/api/disclosure/disclosures/{published.pk}/", {"other_notes": "改"}, format="json")
        self.assertEqual(response.status_code, 400)
        published.refresh_from_db()
        self.assertEqual(published.other_notes, "")

    def test_a_correction_is_a_new_version_and_the_first_stays_as_it_was(self):
        first = self.publish(self.compile())
        first.refresh_from_db()
        first_hash, first_pdf = first.content_hash, first.pdf.name
        with open(first.pdf.path, "rb") as pdf:
            first_bytes = pdf.read()
        with self.assertRaises(ValidationError) as caught:
            services.correct(acting_user=self.tree.users["community"], disclosure=first, reason=" ")
        self.assertEqual(caught.exception.message_dict, {"reason": ["请说明更正的理由。"]})
        second = services.correct(acting_user=self.tree.users["community"], disclosure=first, reason="工单数有误")
        self.assertEqual((second.version, second.status, second.corrects_id), (2, S.DRAFT, first.pk))
        with self.assertRaises(ValidationError):  # one correction at a time
            services.correct(acting_user=self.tree.users["community"], disclosure=first, reason="再改")
        second.problems_notes = "已更正"
        second.save()
        second = self.publish(second)
        first.refresh_from_db()
        self.assertEqual((first.status, first.content_hash, first.pdf.name), (S.SUPERSEDED, first_hash, first_pdf))
        with open(first.pdf.path, "rb") as pdf:
            self.assertEqual(pdf.read(), first_bytes)
        second.refresh_from_db()
        self.assertNotEqual(second.content_hash, first_hash)
        self.assertTrue(second.pdf.name.endswith("-v2.pdf"))

    def test_sent_back_by_the_street_and_no_id_or_mobile_number_published(self):
        draft = self.compile()
        reviewed = services.review(acting_user=self.tree.users["street"], disclosure=draft)
        draft = services.send_back(acting_user=self.tree.users["street"], disclosure=reviewed)
        self.assertEqual((draft.status, draft.reviewed_by), (S.DRAFT, None))
        draft.problems_notes = "联系 13912345678"
        with self.assertRaises(ValidationError) as caught:
            draft.full_clean()
        self.assertEqual(
            caught.exception.message_dict, {"problems_notes": ["请删除身份证号码或手机号码：公开报告是公开的。"]}
        )
        draft.save()  # as if written behind the form: the review refuses it still
        with self.assertRaises(ValidationError):
            services.review(acting_user=self.tree.users["street"], disclosure=draft)
        self.assertEqual(Disclosure.objects.get(pk=draft.pk).status, S.DRAFT)

    # ---- the public pages and the policy check -----------------------------------------------------------------

    def test_the_portal_shows_only_what_was_published(self):
        draft = self.compile()
        listing = self.client.get("/portal/disclosure/", {"community": self.c1.code})
        self.assertContains(listing, 'id="no-disclosures"')
        self.assertEqual(self.client.get(f"/portal/disclosure/{draft.pk}/").status_code, 404)
        first = self.publish(draft)
        second = services.correct(acting_user=self.tree.users["street"], disclosure=first, reason="工单数有误")
        self.assertEqual(self.client.get(f"/portal/disclosure/{second.pk}/").status_code, 404)
        self.publish(second)
        listing = self.client.get("/portal/disclosure/", {"community": self.c1.code}).content.decode()
        self.assertIn(f'data-disclosure="{first.pk}"', listing)
        self.assertIn(f'data-disclosure="{second.pk}"', listing)
        page = self.client.get(f"/portal/disclosure/{first.pk}/").content.decode()
        self.assertIn('id="superseded"', page)
        self.assertIn("工单数有误", page)
        self.assertNotIn("13812345678", page)
        pdf = self.client.get(reverse("portal-disclosure:pdf", args=[second.pk]))
        self.assertEqual((pdf.status_code, pdf["Content-Type"]), (200, "application/pdf"))

    def test_published_on_time_is_a_policy_check(self):
        check = checks["info-1-disclosure-on-time"]
        on_time = self.publish(self.compile())
        late = Disclosure.objects.get(community=self.c2, month=OCTOBER)
        with time_machine.travel(at(date(2026, 11, 14)), tick=False):
            self.publish(late)
        outcomes = check.evaluate([self.c1, self.c2, self.tree["C3"]], date(2026, 11, 20))
        self.assertEqual(
            {code: (o.status, o.value) for code, o in outcomes.items()},
            {
                self.c1.code: (Status.OK, "2026-11-03 发布"),
                self.c2.code: (Status.VIOLATION, "逾期发布（2026-11-14）"),
                self.tree["C3"].code: (Status.VIOLATION, "未发布"),
            },
        )
        self.assertEqual(outcomes[self.c1.code].target, "2026-10：2026-11-10 前发布")
        # Before October's due day, September is the month judged.
        self.assertEqual(check.evaluate([self.c1], date(2026, 11, 10))[self.c1.code].value, "未发布")
        self.assertEqual(list(check.records(self.c1, self.tree.users["street"], date(2026, 11, 20))), [on_time])

    def test_the_steps_through_the_api(self):
        draft = self.compile()
        street, community = APIClient(), APIClient()
        street.force_login(self.tree.users["street"])
        community.force_login(self.tree.users["community"])
        url = f"/api/disclosure/disclosures/{draft.pk}/"
        self.assertEqual(community.post(url + "review/").status_code, 403)
        response = street.post(url + "publish/")
        self.assertEqual((response.status_code, response.data), (400, {"detail": ["须经街道审核后才能发布。"]}))
        self.assertEqual(street.post(url + "review/").data["status"], S.REVIEWED)
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(street.post(url + "publish/").data["status"], S.PUBLISHED)
        response = community.post(url + "correct/", {"reason": "工单数有误"}, format="json")
        self.assertEqual((response.status_code, response.data["version"]), (201, 2))
        self.assertEqual(street.post("/api/disclosure/disclosures/", {}, format="json").status_code, 405)
        self.assertEqual(street.delete(url).status_code, 405)
