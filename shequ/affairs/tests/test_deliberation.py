"""Deliberation (议事协商, issue #17 item 6, SVC-6): topics, meetings with attendance and minutes, resolutions with
votes and follow-up. Scope matrices; a resolution with more votes than attendees, more attendees than entitled, a
topic of another community or a follow-up done without its day refused in Chinese naming the field; a diary entry
made a topic in one step, once."""

from datetime import date

import time_machine
from django.test import TestCase
from django.urls import reverse

from shequ.affairs import models
from shequ.affairs.choices import TopicSource
from shequ.core.testing.bounds import NOW, BoundsMixin
from shequ.core.testing.fixtures import build_tree
from shequ.core.testing.scope import ScopeMatrix


def meeting_in(community, **fields):
    values = {"kind": "deliberation", "held_on": date(2026, 3, 1), "entitled": 25, "attendance": 21, **fields}
    return models.Meeting.objects.get_or_create(
        community=community, title=fields.pop("title", f"议事会{community.pk}"), defaults=values
    )[0]


def topic_in(community, title=None):
    return models.DeliberationTopic.objects.get_or_create(
        community=community,
        title=title or f"加装电梯{community.pk}",
        defaults={"raised_on": date(2026, 2, 20), "raised_by": "陈小梅"},
    )[0]


class DeliberationTopicScopeTests(ScopeMatrix, TestCase):
    model = models.DeliberationTopic
    export_key = "title"

    @classmethod
    def make_object(cls, community):
        return topic_in(community)

    def create_payload(self, key):
        return {
            "community": self.tree[key].code,
            "title": "停车位划线",
            "raised_on": "2026-03-02",
            "raised_by": "林大勇",
        }

    def form_data(self, key):
        return {**self.create_payload(key), "community": self.tree[key].pk, "source": "staff", "status": "raised"}

    def update_payload(self):
        return {"status": "scheduled"}


class MeetingScopeTests(ScopeMatrix, TestCase):
    model = models.Meeting
    export_key = "held_on"

    @classmethod
    def make_object(cls, community):
        return meeting_in(community)

    def create_payload(self, key):
        return {
            "community": self.tree[key].code,
            "kind": "representatives",
            "title": "第三季度居民代表会议",
            "held_on": "2026-03-05",
            "entitled": 40,
            "attendance": 33,
        }

    def form_data(self, key):
        return {**self.create_payload(key), "community": self.tree[key].pk}

    def update_payload(self):
        return {"minutes": "通过加装电梯方案"}


class ResolutionScopeTests(ScopeMatrix, TestCase):
    model = models.Resolution

    export_key = "meeting"

    @classmethod
    def make_object(cls, community):
        return models.Resolution.objects.create(meeting=meeting_in(community), text="同意加装电梯", votes_for=18)

    def create_payload(self, key):
        return {"meeting": self.objects[key].meeting_id, "text": "同意划线", "votes_for": 15, "votes_against": 2}

    def form_data(self, key):
        return {**self.create_payload(key), "abstentions": 0, "follow_up": "pending"}

    def update_payload(self):
        return {"follow_up": "in_progress"}


@time_machine.travel(NOW, tick=False)
class DeliberationRuleTests(BoundsMixin, TestCase):
    level = "street"

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.meeting = meeting_in(cls.tree["C1"], entitled=25, attendance=21)
        cls.other_topic = topic_in(cls.tree["C2"])

    def test_more_attended_than_entitled(self):
        self.model = models.Meeting
        body = {"community": self.tree["C1"].code, "kind": "residents", "title": "居民会议", "held_on": "2026-11-02"}
        self.assert_api_refuses(
            "/api/affairs/meetings/", {**body, "entitled": 30, "attendance": 31}, "attendance", "出席人数多于应到人数。"
        )
        self.assert_api_accepts("/api/affairs/meetings/", {**body, "entitled": 30, "attendance": 30})

    def test_resolution_votes_topic_and_follow_up(self):
        self.model = models.Resolution
        url = "/api/affairs/resolutions/"
        body = {"meeting": self.meeting.pk, "text": "同意加装电梯", "votes_for": 15}
        self.assert_api_refuses(
            url, {**body, "votes_against": 5, "abstentions": 2}, "votes_for", "投票数多于出席会议的人数（21）。"
        )
        self.assert_api_refuses(url, {**body, "topic": self.other_topic.pk}, "topic", "该议题属于其他社区。")
        self.assert_api_refuses(url, {**body, "follow_up": "done"}, "done_on", "请填写落实日期。")
        self.assert_api_refuses(
            url, {**body, "follow_up": "done", "done_on": "2026-02-01"}, "done_on", "落实日期不能早于会议日期。"
        )
        accepted = self.assert_api_accepts(url, {**body, "votes_against": 4, "abstentions": 2})
        resolution = models.Resolution.objects.unscoped("test").get(pk=accepted.data["id"])
        self.assertTrue(resolution.carried)  # 15 of 21 attendees
        resolution.votes_for = 10
        self.assertFalse(resolution.carried)  # 10 is not more than half of 21


@time_machine.travel(NOW, tick=False)
class DiaryToTopicTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.entry = models.SentimentEntry.objects.create(
            community=cls.tree["C1"],
            written_on=date(2026, 11, 20),
            author_name="陈小梅",
            title="小区停车难",
            content="晚间车辆占用消防通道",
        )

    def test_a_diary_entry_becomes_a_topic_in_one_step_once(self):
        self.client.force_login(self.tree.users["community"])
        page = reverse("affairs:sentimententry_detail", args=[self.entry.pk])
        self.assertContains(self.client.get(page), 'value="to_topic" type="submit">转为议题</button>')
        response = self.client.post(page, {"action": "to_topic"}, follow=True)
        topic = models.DeliberationTopic.objects.unscoped("test").get()
        self.assertEqual(
            (topic.title, topic.description, topic.raised_by, topic.source, topic.raised_on, topic.division_code),
            ("小区停车难", "晚间车辆占用消防通道", "陈小梅", TopicSource.DIARY, date(2026, 11, 30), "350203001001"),
        )
        self.assertContains(response, "已由此条记录提出议题“小区停车难”。")
        again = self.client.post(page, {"action": "to_topic"}, follow=True)
        self.assertContains(again, "该条民情日记已转为议题。")
        self.assertEqual(models.DeliberationTopic.objects.unscoped("test").count(), 1)

    def test_a_role_that_may_not_add_topics_gets_no_button_and_403(self):
        self.client.force_login(self.tree.users["auditor"])
        page = reverse("affairs:sentimententry_detail", args=[self.entry.pk])
        self.assertNotContains(self.client.get(page), 'value="to_topic"')
        self.assertEqual(self.client.post(page, {"action": "to_topic"}).status_code, 403)
        self.assertFalse(models.DeliberationTopic.objects.unscoped("test").exists())


@time_machine.travel(NOW, tick=False)
class PortalResolutionsTests(TestCase):
    """The portal shows a community's resolutions to anyone (居务公开), never minutes or party meetings."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        c1 = cls.tree["C1"]
        meeting = meeting_in(c1, title="加装电梯议事会", held_on=date(2026, 10, 10), minutes="陈小梅发言：同意")
        models.Resolution.objects.create(meeting=meeting, text="同意 3 号楼加装电梯", votes_for=18, votes_against=2)
        party = meeting_in(c1, title="党建联席会议", kind="party_joint", held_on=date(2026, 10, 12))
        models.Resolution.objects.create(meeting=party, text="联席会议内部事项", votes_for=10)
        old = meeting_in(c1, title="去年的会议", held_on=date(2025, 10, 1))
        models.Resolution.objects.create(meeting=old, text="一年前的决议", votes_for=15)

    def test_anyone_reads_a_communitys_resolutions(self):
        url = reverse("portal-affairs:resolutions")
        found = self.client.get(url, {"q": "鸿山"})
        self.assertContains(found, f'href="?community={self.tree["C1"].code}"')
        page = self.client.get(url, {"community": self.tree["C1"].code})
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "同意 3 号楼加装电梯")
        self.assertContains(page, "赞成 18，反对 2，弃权 0")
        self.assertContains(page, "通过")
        for hidden in ("联席会议内部事项", "陈小梅", "一年前的决议"):
            self.assertNotContains(page, hidden)
        self.assertNotContains(self.client.get(url, {"community": "350203001"}), "同意 3 号楼加装电梯")
