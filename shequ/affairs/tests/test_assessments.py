"""The community work assessment record (社区工作考核, issue #17 item 6, SVC-6): the street writes it and the community
only reads it; the refusals in Chinese naming the field."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.test import TestCase
from rest_framework.test import APIClient

from shequ.affairs.models import WorkAssessment
from shequ.core.testing.fixtures import build_tree

PAYLOAD = {
    "year": 2026,
    "period": "h1",
    "assessed_on": "2026-07-10",
    "assessed_by": "鸿山街道考核组",
    "method": "combined",
    "score": "88.5",
    "result": "good",
    "strengths": "议事协商规范",
    "problems": "走访覆盖不足",
    "follow_up": "三季度前补齐走访",
    "follow_up_due": "2026-09-30",
}


class AssessmentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()

    def api(self, level):
        client = APIClient()
        client.force_login(self.tree.users[level])
        return client

    def test_the_street_writes_it_and_the_community_reads_it(self):
        body = {**PAYLOAD, "community": self.tree["C1"].code}
        self.assertEqual(self.api("community").post("/api/affairs/assessments/", body, format="json").status_code, 403)
        self.assertFalse(WorkAssessment.objects.unscoped("test").exists())
        response = self.api("street").post("/api/affairs/assessments/", body, format="json")
        self.assertEqual(response.status_code, 201, response.data)
        record = WorkAssessment.objects.unscoped("test").get()
        self.assertEqual(
            (record.year, record.period, record.score, record.result, record.follow_up_due, str(record)),
            (2026, "h1", Decimal("88.5"), "good", date(2026, 9, 30), "鸿山社区居委会 2026 上半年"),
        )
        community = self.api("community")
        self.assertEqual(community.get(f"/api/affairs/assessments/{record.pk}/").status_code, 200)
        self.assertEqual(
            community.patch(f"/api/affairs/assessments/{record.pk}/", {"score": "100"}, format="json").status_code, 403
        )
        self.client.force_login(self.tree.users["community"])
        page = self.client.get(f"/affairs/assessments/{record.pk}/")
        self.assertContains(page, "走访覆盖不足")
        self.assertEqual(self.client.get("/affairs/assessments/add/").status_code, 403)
        self.assertEqual(self.client.get(f"/affairs/assessments/{record.pk}/edit/").status_code, 403)

    def test_refusals_name_the_field(self):
        record = WorkAssessment(
            community=self.tree["C1"],
            year=2026,
            period="h2",
            assessed_on=date(2026, 6, 30),
            assessed_by="街道",
            method="records",
            follow_up_due=date(2026, 6, 1),
        )
        with self.assertRaises(ValidationError) as caught:
            record.full_clean()
        self.assertEqual(
            caught.exception.message_dict,
            {
                "score": ["请填写得分或考核结果。"],
                "assessed_on": ["考核期开始后才能考核（2026-07-01）。"],
                "follow_up_due": ["整改期限不能早于考核日期。"],
            },
        )
        record = WorkAssessment(
            community=self.tree["C1"], year=2024, assessed_on=date(2026, 1, 2), assessed_by="街道", method="records",
            score="101",
        )  # fmt: skip
        with self.assertRaises(ValidationError) as caught:
            record.full_clean()
        self.assertEqual(
            caught.exception.message_dict,
            {"score": ["确保该值小于或等于100。"], "assessed_on": ["考核期应在当年或次年考核。"]},
        )

    def test_one_assessment_per_community_and_period(self):
        api = self.api("street")
        body = {**PAYLOAD, "community": self.tree["C1"].code}
        self.assertEqual(api.post("/api/affairs/assessments/", body, format="json").status_code, 201)
        response = api.post("/api/affairs/assessments/", body, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(WorkAssessment.objects.unscoped("test").count(), 1)
