"""Guidance committees' joint meetings and their decisions with follow-up (issue #15 item 4, GUAR-1)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.test import TestCase

from shequ.core.testing.scope import ScopeMatrix
from shequ.organizations import models
from shequ.organizations.tests.test_scope import guidance_in


def meeting_in(community):
    return models.GuidanceMeeting.objects.get_or_create(
        committee=guidance_in(community), held_on=date(2026, 3, 12), title=f"联席会议{community.pk}",
        defaults={"attendees": "刘建华,陈雅琴"},
    )[0]  # fmt: skip


class GuidanceMeetingScopeTests(ScopeMatrix, TestCase):
    model = models.GuidanceMeeting
    export_key = "held_on"

    @classmethod
    def make_object(cls, community):
        return meeting_in(community)

    def create_payload(self, key):
        return {
            "committee": self.objects[key].committee_id,
            "held_on": "2026-03-13",
            "title": "老旧小区改造推进会",
            "attendees": "刘建华,王磊",
        }

    form_data = create_payload

    def update_payload(self):
        return {"minutes": "议定三项事项"}


class GuidanceDecisionScopeTests(ScopeMatrix, TestCase):
    model = models.GuidanceDecision
    export_key = "meeting"

    @classmethod
    def make_object(cls, community):
        return models.GuidanceDecision.objects.create(
            meeting=meeting_in(community), text="推进加装电梯", responsible="区住建局"
        )

    def create_payload(self, key):
        return {"meeting": self.objects[key].meeting_id, "text": "建成养老服务站", "responsible": "区民政局",
                "deadline": "2026-12-31"}  # fmt: skip

    def form_data(self, key):
        return {**self.create_payload(key), "follow_up": "pending"}

    def update_payload(self):
        return {"follow_up": "in_progress", "follow_up_note": "已完成选址"}


class GuidanceDecisionRuleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        from shequ.core.testing.fixtures import build_tree

        cls.meeting = meeting_in(build_tree()["C1"])

    def errors_of(self, **fields) -> dict:
        decision = models.GuidanceDecision(meeting=self.meeting, text="推进加装电梯", responsible="区住建局", **fields)
        with self.assertRaises(ValidationError) as raised:
            decision.full_clean()
        return raised.exception.message_dict

    def test_follow_up_rules_name_the_field(self):
        self.assertEqual(self.errors_of(follow_up="done"), {"done_on": ["落实日期：请填写落实的日期。"]})
        self.assertEqual(
            self.errors_of(done_on=date(2026, 4, 1)), {"follow_up": ["落实情况：已落实的决定应标为已落实。"]}
        )
        self.assertEqual(
            self.errors_of(deadline=date(2026, 3, 1)), {"deadline": ["落实期限：早于会议日期（2026-03-12）。"]}
        )
        self.assertEqual(
            self.errors_of(follow_up="done", done_on=date(2026, 3, 11)),
            {"done_on": ["落实日期：早于会议日期（2026-03-12）。"]},
        )

    def test_a_decision_carried_out_is_kept_and_scoped_with_its_meeting(self):
        decision = models.GuidanceDecision.objects.create(
            meeting=self.meeting, text="推进加装电梯", responsible="区住建局", follow_up="done",
            done_on=date(2026, 5, 1),
        )  # fmt: skip
        self.assertEqual(decision.division_code, self.meeting.committee.division.code)
        self.assertEqual(list(self.meeting.decisions.all()), [decision])
