"""Residents raise deliberation topics on the portal, and a diary entry becomes a work order in one step (issue #17
item 6, SVC-6): exact records, the refusals in Chinese, the portal's limits."""

import hashlib

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase, override_settings
from django.utils import timezone

from shequ.accounts.roles import Role
from shequ.affairs import services
from shequ.affairs.choices import TopicSource
from shequ.affairs.models import DeliberationTopic, SentimentEntry
from shequ.core.testing.fixtures import build_tree, make_user
from shequ.workorders.choices import OrderStatus, Source
from shequ.workorders.models import WorkOrder
from shequ.workorders.public.portal import leading_zero_bits, solve
from shequ.workorders.testing import make_desk


class DiaryToOrderTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.desk = make_desk(cls.tree)
        cls.grid = make_user("grid_c1", Role.GRID_WORKER, cls.tree["C1"])

    def entry(self, community="C1"):
        return SentimentEntry.objects.create(
            community=self.tree[community],
            written_on=timezone.localdate(),
            author_name="网格员小林",
            title="楼道堆物",
            content="3 号楼楼道堆放杂物，影响通行",
        )

    def test_an_entry_becomes_one_routed_order(self):
        entry = self.entry()
        order = services.order_from_diary(acting_user=self.grid, entry=entry, category=self.desk.child)
        self.assertEqual(
            (order.source, order.request_type, order.community, order.description, order.status, order.unit),
            (Source.DIARY, "help", self.tree["C1"], "楼道堆物\n3 号楼楼道堆放杂物，影响通行", OrderStatus.DISPATCHED,
             self.desk.communities["C1"]),
        )  # fmt: skip
        entry.refresh_from_db()
        self.assertEqual(entry.work_order, order)
        with self.assertRaises(ValidationError) as caught:
            services.order_from_diary(acting_user=self.grid, entry=entry, category=self.desk.child)
        self.assertEqual(caught.exception.messages, ["此条记录已转为工单。"])
        self.assertEqual(WorkOrder.objects.unscoped("test").count(), 1)

    def test_refused_without_a_category_or_outside_the_users_community(self):
        with self.assertRaises(ValidationError) as caught:
            services.order_from_diary(acting_user=self.grid, entry=self.entry(), category=None)
        self.assertEqual(caught.exception.message_dict, {"category": ["请选择分类。"]})
        with self.assertRaises(PermissionDenied):
            services.order_from_diary(acting_user=self.grid, entry=self.entry("C2"), category=self.desk.child)
        self.assertFalse(WorkOrder.objects.unscoped("test").exists())

    def test_the_entrys_page_takes_the_step(self):
        entry = self.entry()
        self.client.force_login(self.grid)
        page = self.client.get(f"/affairs/diary/{entry.pk}/")
        self.assertContains(page, 'value="to_order"')
        self.assertNotContains(page, 'value="to_topic"')  # a grid worker raises no topics
        response = self.client.post(
            f"/affairs/diary/{entry.pk}/", {"action": "to_order", "category": self.desk.child.pk}, follow=True
        )
        order = WorkOrder.objects.unscoped("test").get()
        self.assertContains(response, f"已由此条记录生成工单 {order.number}。")
        self.assertContains(response, 'id="diary-order"')
        self.assertNotContains(response, 'value="to_order"')


WRONG = object()  # a nonce that does not solve the page's challenge


def unsolved(challenge: str, bits: int = 4) -> str:
    """A nonce that certainly fails: with 4 bits of work one guess in 16 solves it by chance ("x" did, in CI)."""
    n = 0
    while leading_zero_bits(hashlib.sha256(f"{challenge}:w{n}".encode()).digest()) >= bits:
        n += 1
    return f"w{n}"


@override_settings(SHEQU_PORTAL_POW_BITS=4, SHEQU_PORTAL_IP_LIMIT=3)
class RaiseTopicTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()

    def setUp(self):
        cache.clear()
        self.url = f"/portal/affairs/raise/?community={self.tree['C1'].code}"

    def post(self, **fields):
        challenge = self.client.get(self.url).context["form"].initial["challenge"]
        data = {"title": "增设充电桩", "description": "电动车楼道充电危险", "raised_by": "", "website": ""}
        data.update(challenge=challenge, nonce=solve(challenge))
        data.update(fields)
        if data["nonce"] is WRONG:
            data["nonce"] = unsolved(challenge)
        return self.client.post(self.url, data)

    def test_a_resident_raises_a_topic_without_an_account(self):
        response = self.post()
        self.assertContains(response, 'id="topic-raised"')
        topic = DeliberationTopic.objects.unscoped("test").get()
        self.assertEqual(
            (topic.community, topic.title, topic.description, topic.raised_by, topic.source, topic.raised_on),
            (self.tree["C1"], "增设充电桩", "电动车楼道充电危险", "居民", TopicSource.RESIDENT, timezone.localdate()),
        )

    def test_the_refusals(self):
        self.assertEqual(self.post(title="").status_code, 400)
        self.assertEqual(self.post(website="http://spam").status_code, 400)
        response = self.post(nonce=WRONG)
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "页面已过期", status_code=400)
        self.assertEqual(self.post().status_code, 429)  # the fourth from this address this hour
        self.assertFalse(DeliberationTopic.objects.unscoped("test").exists())
        no_community = self.client.post("/portal/affairs/raise/", {"title": "x"})
        self.assertEqual(no_community.status_code, 400)

    def test_the_same_title_twice_a_day_is_refused_on_the_form(self):
        self.post()
        response = self.post()
        self.assertEqual(response.status_code, 400)
        self.assertEqual(DeliberationTopic.objects.unscoped("test").count(), 1)
