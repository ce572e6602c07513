"""Publication is a decision (issue #12 leak 4; SVC-5; DESIGN.md §11): Open311 publishes only reports and
suggestions of public categories, sent through a public channel, not opted out by the resident and approved by
staff in the review queue of their jurisdiction — with the address cut to the street or residential area and ID
and phone patterns masked. Before the fix every request of the portal and Open311 was public as typed."""

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.test import SimpleTestCase, TestCase, override_settings

from shequ.accounts.roles import Role
from shequ.core.models import ObjectChange
from shequ.core.testing.fixtures import build_tree, make_user
from shequ.workorders import services
from shequ.workorders.choices import PUBLIC_REQUEST_TYPES, OrderAction, Publication, RequestType
from shequ.workorders.models import Category, OrderEvent, WorkOrder
from shequ.workorders.public import open311
from shequ.workorders.publication import mask_personal_numbers, public_address
from shequ.workorders.testing import make_desk
from shequ.workorders.tests import test_portal

T0 = datetime(2026, 6, 1, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
BASE = "/open311/v2"
ID_NUMBER = "350203199001011234"
TEXT = f"楼下井盖丢失，我是李明，电话13812345678，身份证{ID_NUMBER}，座机0592-5551234。"
MASKED = "楼下井盖丢失，我是李明，电话***********，身份证******************，座机****-*******。"


class MaskingTests(SimpleTestCase):
    """The maskers of the public feed (issue #12): every ID and phone pattern, never a house number."""

    def test_id_and_phone_patterns_are_masked(self):
        cases = [
            (TEXT, MASKED),
            ("身份证35020319900101123X号", "身份证******************号"),
            ("ID 350203 19900101 123x", "ID ****** ******** ****"),
            ("旧证350203900101123", "旧证***************"),
            ("手机 138-1234-5678 或 +86 139 0000 1111", "手机 ***-****-**** 或 +** *** **** ****"),
            ("座机(0592)5551234，或 25551234", "座机(****)*******，或 ********"),
            ("全角１３８１２３４５６７８", "全角***********"),
        ]
        for text, masked in cases:
            with self.subTest(text=text):
                self.assertEqual(mask_personal_numbers(text), masked)

    def test_ordinary_numbers_stay(self):
        for text in ("3号楼12单元501室", "2026年6月1日下午3点", "共有120户，约300人", "路灯编号A1234567"):
            with self.subTest(text=text):
                self.assertEqual(mask_personal_numbers(text), text)

    def test_addresses_are_cut_to_the_street_or_residential_area(self):
        cases = [
            ("鸿山路12号3单元501室", "鸿山路"),
            ("思明区鸿山路１２号", "思明区鸿山路"),
            ("阳光花园3栋2单元", "阳光花园"),
            ("阳光花园三栋二单元", "阳光花园"),
            ("阳光花园，12#楼", "阳光花园"),
            ("湖滨南路与鸿山路交叉口", "湖滨南路与鸿山路交叉口"),
            ("12号楼", ""),
            ("", ""),
        ]
        for address, public in cases:
            with self.subTest(address=address):
                self.assertEqual(public_address(address), public)

    def test_the_public_request_types_are_reports_and_suggestions(self):
        self.assertEqual(PUBLIC_REQUEST_TYPES, (RequestType.REPORT, RequestType.SUGGESTION))


@time_machine.travel(T0, tick=False)
class PublicationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.desk = make_desk(cls.tree)
        Category.objects.filter(code="0101").update(public=True)  # "01" stays not public
        out = StringIO()
        call_command("open311_key", "Test client", stdout=out)
        cls.key = out.getvalue().strip().splitlines()[-1]

    def setUp(self):
        self.staff = self.tree.users["community"]

    def post(self, fmt="json", **fields):
        data = {"api_key": self.key, "service_code": "0101", "address_id": "350203001001", "description": "灯坏了"}
        return self.client.post(f"{BASE}/requests.{fmt}", {**data, **fields})

    def orders(self):
        return WorkOrder.objects.unscoped("test")

    def feed(self, **params):
        response = self.client.get(f"{BASE}/requests.json", params)
        self.assertEqual(response.status_code, 200)
        return [row["service_request_id"] for row in response.json()]

    def submit(self, **fields):
        values = {
            "source": "portal",
            "request_type": "report",
            "category": Category.objects.get(code="0101"),
            "description": "路灯不亮",
            "community": self.tree["C1"],
            **fields,
        }
        order, _created = services.submit(acting_user=services.PUBLIC, **values)
        return order

    def test_nothing_is_public_until_staff_approve_it_and_then_only_cut_and_masked(self):
        posted = self.post(
            description=TEXT,
            address_string="鸿山路12号3单元501室",
            lat="24.45123",
            long="118.08987",
            last_name="李",
            first_name="明",
            phone="13812345678",
        )
        number = posted.json()[0]["service_request_id"]
        order = self.orders().get(number=number)
        self.assertEqual(order.publication, Publication.PENDING)
        self.assertEqual(self.feed(), [])
        hidden = self.client.get(f"{BASE}/requests/{number}.json")
        self.assertEqual(
            (hidden.status_code, hidden.json()),
            (404, [{"code": 404, "description": f"Service request {number} does not exist."}]),
        )
        self.client.force_login(self.staff)
        queue = self.client.get("/workorders/publication/")
        self.assertEqual([row["order"].number for row in queue.context["rows"]], [number])
        self.assertContains(
            queue, f'<td class="public-address">鸿山路</td><td class="public-description">{MASKED}</td>'
        )
        for secret in ("13812345678", ID_NUMBER, "501室</td>"):
            self.assertNotContains(queue, secret)
        published = self.client.post("/workorders/publication/", {"order": order.pk, "decision": "publish"})
        self.assertRedirects(published, "/workorders/publication/")
        order.refresh_from_db()
        self.assertEqual(
            (order.publication, order.publication_reviewed_by, order.publication_reviewed_at),
            (Publication.PUBLISHED, self.staff, T0),
        )
        event = OrderEvent.objects.filter(order=order).last()
        self.assertEqual((event.action, event.actor), (OrderAction.PUBLISH, self.staff))
        change = ObjectChange.objects.unscoped("test").filter(object_id=str(order.pk)).order_by("id").last()
        self.assertEqual(change.postchange_data["publication"], "published")
        self.client.logout()
        [row] = self.client.get(f"{BASE}/requests/{number}.json").json()
        self.assertEqual(
            {key: row[key] for key in ("description", "address", "address_id", "lat", "long")},
            {
                "description": MASKED,
                "address": "鸿山路",
                "address_id": "350203001001",
                "lat": 24.451,
                "long": 118.09,
            },
        )
        self.assertEqual(self.feed(), [number])
        for fmt in ("json", "xml"):
            body = self.client.get(f"{BASE}/requests.{fmt}").content.decode()
            for secret in ("13812345678", ID_NUMBER, "5551234", "李 明", "鸿山路12号"):
                self.assertNotIn(secret, body)
        services.accept(order, actor=self.staff)
        services.reply(order, actor=self.staff, text="已联系13812345678的居民，井盖已补。")
        [row] = self.client.get(f"{BASE}/requests/{number}.json").json()
        self.assertEqual(row["status_notes"], "已联系***********的居民，井盖已补。")

    def test_only_public_types_categories_and_channels_and_never_what_the_resident_opted_out_of(self):
        private_category = Category.objects.get(code="01")
        help_request = self.submit(request_type="help")
        complaint = self.submit(request_type="complaint", description="投诉")
        by_phone = self.submit(source="phone")
        opted_out = self.submit(publish=False, description="别公开")
        not_public_category = self.submit(category=private_category, description="类别不公开")
        suggestion = self.submit(request_type="suggestion", description="建议")
        self.assertEqual(
            [o.publication for o in (help_request, complaint, by_phone, opted_out, not_public_category, suggestion)],
            ["", "", "", "opted_out", "pending", "pending"],
        )
        for order in (help_request, complaint, by_phone, opted_out, not_public_category):
            with self.subTest(order=order.description), self.assertRaises(services.IllegalTransition):
                services.review_publication(order, actor=self.staff, publish=True)
        self.client.force_login(self.staff)
        queue = self.client.get("/workorders/publication/")
        self.assertEqual([row["order"] for row in queue.context["rows"]], [suggestion])
        services.review_publication(suggestion, actor=self.staff, publish=True)
        self.client.logout()
        self.assertEqual(self.feed(), [suggestion.number])
        self.assertEqual([s["service_code"] for s in self.client.get(f"{BASE}/services.json").json()], ["0101"])
        self.assertEqual(self.client.get(f"{BASE}/services/01.json").status_code, 404)
        Category.objects.filter(code="0101").update(public=False)  # unmarking hides at once
        self.assertEqual(self.feed(), [])

    def test_the_queue_is_the_jurisdiction_and_keeping_private_is_recorded(self):
        here = self.submit(description="厦港")
        elsewhere = self.submit(community=self.tree["C4"], description="湖里")
        other_street = make_user("other_street", Role.STREET_STAFF, self.tree["S3"])
        self.client.force_login(other_street)
        self.assertEqual([r["order"] for r in self.client.get("/workorders/publication/").context["rows"]], [elsewhere])
        refused = self.client.post("/workorders/publication/", {"order": here.pk, "decision": "publish"})
        self.assertEqual(refused.status_code, 404)
        here.refresh_from_db()
        self.assertEqual(here.publication, Publication.PENDING)
        self.client.force_login(self.tree.users["auditor"])
        self.assertEqual(self.client.get("/workorders/publication/").status_code, 403)
        self.client.force_login(self.staff)
        kept = self.client.post("/workorders/publication/", {"order": here.pk, "decision": "keep_private"})
        self.assertRedirects(kept, "/workorders/publication/")
        here.refresh_from_db()
        self.assertEqual((here.publication, here.publication_reviewed_by), (Publication.PRIVATE, self.staff))
        self.assertEqual(OrderEvent.objects.filter(order=here).last().action, OrderAction.KEEP_PRIVATE)
        again = self.client.post("/workorders/publication/", {"order": here.pk, "decision": "publish"})
        self.assertEqual(again.status_code, 404)  # no longer in the queue
        self.assertEqual(self.feed(), [])

    def test_the_feed_answers_at_most_200_per_call(self):
        category = Category.objects.get(code="0101")
        WorkOrder.objects.bulk_create(
            WorkOrder(
                number=f"260601{index:08d}",
                request_type="report",
                category=category,
                source="api",
                description="灯",
                division_code="350203001001",
                token=f"{index:032d}",
                publication=Publication.PUBLISHED,
            )
            for index in range(205)
        )
        self.assertEqual(open311.MAX_RESULTS, 200)
        self.assertEqual(len(self.feed()), 200)


@override_settings(SHEQU_PORTAL_POW_BITS=4)
class PortalPublicationTests(TestCase):
    """The portal says plainly what may become public and lets the resident opt out (issue #12)."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.desk = make_desk(cls.tree)

    def setUp(self):
        cache.clear()

    form = test_portal.PortalTests.form

    def test_the_form_says_what_is_public_and_the_box_opts_out(self):
        page = self.client.get("/portal/")
        self.assertContains(page, "哪些内容可能公开")
        self.assertContains(page, "以下内容绝不公开：您的姓名、手机号码、门牌号、楼栋号、房号以及您上传的照片。")
        self.assertContains(page, "不要公开我的诉求。")
        self.assertEqual(self.client.post("/portal/", self.form(request_type="report")).status_code, 200)
        other_phone = self.form(request_type="report", private="on", phone="13900002222")  # not a duplicate
        self.assertEqual(self.client.post("/portal/", other_phone).status_code, 200)
        self.assertEqual(
            sorted(WorkOrder.objects.unscoped("test").values_list("publication", flat=True)), ["opted_out", "pending"]
        )
