"""Scope matrix over the workforce registers (issue #4, AC-1, AC-3)."""

from datetime import date
from decimal import Decimal

from django.test import TestCase

from shequ.core.testing.scope import ScopeMatrix
from shequ.workforce import models


def worker_in(community):
    return models.CommunityWorker.objects.get_or_create(
        community=community, name=f"社工{community.pk}", defaults={"position": "worker"}
    )[0]


def course_in(community):
    return models.TrainingCourse.objects.get_or_create(
        division=community,
        title=f"培训班{community.pk}",
        defaults={"starts_on": date(2026, 3, 1), "hours": Decimal("40.0")},
    )[0]


def round_in(community):
    return models.RecruitmentRound.objects.get_or_create(
        division=community, title=f"招聘{community.pk}", defaults={"announced_on": date(2026, 2, 1), "positions": 3}
    )[0]


class CommunityWorkerScopeTests(ScopeMatrix, TestCase):
    model = models.CommunityWorker

    @classmethod
    def make_object(cls, community):
        return worker_in(community)

    def create_payload(self, key):
        return {"community": self.tree[key].code, "name": "新社工", "position": "worker", "background": "graduate"}

    def form_data(self, key):
        return {**self.create_payload(key), "community": self.tree[key].pk, "active": "on"}

    def update_payload(self):
        return {"certificate": "intermediate"}


class RecruitmentRoundScopeTests(ScopeMatrix, TestCase):
    model = models.RecruitmentRound
    export_key = "title"

    @classmethod
    def make_object(cls, community):
        return round_in(community)

    def create_payload(self, key):
        return {"division": self.tree[key].pk, "title": "新招聘", "announced_on": "2026-06-01", "positions": 2}

    form_data = create_payload

    def update_payload(self):
        return {"closed": True}


class CandidateScopeTests(ScopeMatrix, TestCase):
    model = models.Candidate

    @classmethod
    def make_object(cls, community):
        return models.Candidate.objects.create(round=round_in(community), name=f"应聘{community.pk}")

    def create_payload(self, key):
        return {"round": self.objects[key].round_id, "name": "新应聘", "score": "88.5"}

    def form_data(self, key):
        return {**self.create_payload(key), "background": "veteran", "result": "pending"}

    def update_payload(self):
        return {"result": "hired"}


class TrainingCourseScopeTests(ScopeMatrix, TestCase):
    model = models.TrainingCourse
    export_key = "title"

    @classmethod
    def make_object(cls, community):
        return course_in(community)

    def create_payload(self, key):
        return {"division": self.tree[key].pk, "title": "新培训", "starts_on": "2026-06-01", "hours": "24.0"}

    form_data = create_payload

    def update_payload(self):
        return {"organiser": "区民政局"}


class TrainingAttendanceScopeTests(ScopeMatrix, TestCase):
    model = models.TrainingAttendance
    export_key = "worker"

    @classmethod
    def make_object(cls, community):
        return models.TrainingAttendance.objects.create(
            course=course_in(community), worker=worker_in(community), hours=Decimal("20.0")
        )

    def create_payload(self, key):
        worker = models.CommunityWorker.objects.get_or_create(community=self.tree[key], name="学员", position="worker")[
            0
        ]
        return {"course": self.objects[key].course_id, "worker": worker.pk, "hours": "24.0"}

    form_data = create_payload

    def update_payload(self):
        return {"hours": "30.0"}


class CommendationScopeTests(ScopeMatrix, TestCase):
    model = models.Commendation
    export_key = "title"

    @classmethod
    def make_object(cls, community):
        return models.Commendation.objects.create(
            worker=worker_in(community),
            title=f"优秀社工{community.pk}",
            awarded_on=date(2026, 1, 1),
            awarded_by="区民政局",
        )

    def create_payload(self, key):
        return {
            "worker": self.objects[key].worker_id,
            "title": "先进个人",
            "awarded_on": "2026-05-01",
            "awarded_by": "市民政局",
        }

    form_data = create_payload

    def update_payload(self):
        return {"awarded_by": "市人民政府"}
