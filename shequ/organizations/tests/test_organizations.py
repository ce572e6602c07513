"""Bad input of issue #4 through the pages and the API: clear errors, nothing written."""

from datetime import date

from django.test import TestCase
from rest_framework.test import APIClient

from shequ.core.testing.fixtures import build_tree
from shequ.organizations.models import CommitteeMember, Election, ResidentGroup, ResidentsCommittee, SocialOrganization
from shequ.people.testing import make_resident
from shequ.workforce.models import CommunityWorker, TrainingAttendance, TrainingCourse


class BadInputTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.committee = ResidentsCommittee.objects.create(
            community=cls.tree["C1"], term_number=11, term_start=date(2024, 1, 1)
        )

    def setUp(self):
        self.api = APIClient()
        self.api.force_login(self.tree.users["community"])
        self.client.force_login(self.tree.users["community"])

    def test_committee_of_four_or_ten_can_be_saved(self):
        """Reality is messy: the register takes it and the ORG-3 check shows the violation."""
        for index in range(10):
            response = self.api.post(
                "/api/organizations/committee-members/",
                {"committee": self.committee.pk, "name": f"委员{index}", "position": "member"},
                format="json",
            )
            self.assertEqual(response.status_code, 201)
        self.assertEqual(CommitteeMember.objects.filter(committee=self.committee).count(), 10)

    def test_election_with_more_votes_than_voters(self):
        body = {"committee": self.committee.pk, "held_on": "2024-01-01", "electorate": 2000, "votes_cast": 2001}
        response = self.api.post("/api/organizations/elections/", body, format="json")
        self.assertEqual(
            (response.status_code, response.json()), (400, {"votes_cast": ["参加投票人数多于登记选民数。"]})
        )
        page = self.client.post("/organizations/elections/add/", body)
        self.assertEqual(page.context["form"].errors, {"votes_cast": ["参加投票人数多于登记选民数。"]})
        self.assertFalse(Election.objects.exists())

    def test_a_person_appointed_twice_to_one_post(self):
        body = {"committee": self.committee.pk, "name": "王芳", "position": "director"}
        self.assertEqual(self.api.post("/api/organizations/committee-members/", body, format="json").status_code, 201)
        again = self.api.post("/api/organizations/committee-members/", body, format="json")
        self.assertEqual(again.status_code, 400)
        self.assertEqual(again.json(), {"non_field_errors": ["此人已在本届居委会担任该职务。"]})
        page = self.client.post("/organizations/committee-members/add/", body)
        self.assertEqual(page.context["form"].errors, {"__all__": ["此人已在本届居委会担任该职务。"]})
        self.assertEqual(CommitteeMember.objects.count(), 1)

    def test_a_leader_outside_the_groups_community(self):
        elsewhere = make_resident(self.tree["C2"], "李四")
        local = make_resident(self.tree["C1"], "张三")
        api = APIClient()
        api.force_login(self.tree.users["street"])
        body = {"community": "350203001001", "name": "第一居民小组", "leader_name": "李四", "leader": elsewhere.pk}
        response = api.post("/api/organizations/resident-groups/", body, format="json")
        self.assertEqual(
            (response.status_code, response.json()),
            (400, {"non_field_errors": ["关联的居民不属于本记录所在社区。"]}),
        )
        self.assertFalse(ResidentGroup.objects.exists())
        body.update(leader=local.pk, leader_name="张三")
        self.assertEqual(api.post("/api/organizations/resident-groups/", body, format="json").status_code, 201)

    def test_an_invalid_social_credit_code(self):
        body = {
            "community": "350203001001",
            "name": "爱心互助会",
            "kind": "mutual_aid",
            "credit_code": "91110000802100433X",
        }
        response = self.api.post("/api/organizations/social-organizations/", body, format="json")
        message = "91110000802100433X 不是有效的统一社会信用代码（18 位，最后一位为校验码）。"
        self.assertEqual((response.status_code, response.json()), (400, {"credit_code": [message]}))
        page = self.client.post(
            "/organizations/social-organizations/add/", {**body, "community": self.tree["C1"].pk, "funds_support": 0}
        )
        self.assertEqual(page.context["form"].errors, {"credit_code": [message]})
        self.assertFalse(SocialOrganization.objects.exists())

    def test_training_with_negative_or_absurd_hours(self):
        course = TrainingCourse.objects.create(
            division=self.tree["S1"], title="社区工作者培训", starts_on=date(2026, 5, 1), hours=40
        )
        worker = CommunityWorker.objects.create(community=self.tree["C1"], name="赵六", position="worker")
        # The street's course is outside a community user's view: the street records its attendance.
        self.api.force_login(self.tree.users["street"])
        for hours, message in (
            ("-3", "请确保该值大于或者等于 0。"),
            ("41", "超过培训班总学时（40.0）。"),
            ("99999", "请确保该值小于或者等于 2000。"),
        ):
            with self.subTest(hours=hours):
                response = self.api.post(
                    "/api/workforce/training-attendance/",
                    {"course": course.pk, "worker": worker.pk, "hours": hours},
                    format="json",
                )
                self.assertEqual(response.status_code, 400)
                self.assertEqual(response.json()["hours"], [message])
        absurd = self.api.post(
            "/api/workforce/training-courses/",
            {"division": self.tree["C1"].pk, "title": "马拉松", "starts_on": "2026-05-01", "hours": "5000"},
            format="json",
        )
        self.assertEqual(absurd.json()["hours"], ["请确保该值小于或者等于 2000。"])
        self.assertFalse(TrainingAttendance.objects.exists())
