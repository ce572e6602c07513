"""Named choices of community affairs (issue #17, SVC-6)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TopicSource(models.TextChoices):
    STAFF = "staff", _("Raised by staff")
    RESIDENT = "resident", _("Raised by residents")
    DIARY = "diary", _("From the sentiment diary")


class TopicStatus(models.TextChoices):
    RAISED = "raised", _("Raised")
    SCHEDULED = "scheduled", _("Put to a meeting")
    RESOLVED = "resolved", _("Resolved")
    DECLINED = "declined", _("Not taken up")


class MeetingKind(models.TextChoices):
    PARTY_JOINT = "party_joint", _("Party-building joint meeting")
    RESIDENTS = "residents", _("Residents' meeting")
    REPRESENTATIVES = "representatives", _("Residents' representatives' meeting")
    DELIBERATION = "deliberation", _("Deliberation and consultation meeting")


class FollowUp(models.TextChoices):
    PENDING = "pending", _("Not started")
    IN_PROGRESS = "in_progress", _("Under way")
    DONE = "done", _("Carried out")


class AffairsKind(models.TextChoices):
    """What a disclosure item (党务居务公开) makes public: the party organisation's or the residents' committee's."""

    PARTY = "party", _("Party affairs")
    RESIDENTS = "residents", _("Residents' affairs")


class AssessmentPeriod(models.TextChoices):
    YEAR = "year", _("Whole year")
    FIRST_HALF = "h1", _("First half")
    SECOND_HALF = "h2", _("Second half")
    Q1 = "q1", _("First quarter")
    Q2 = "q2", _("Second quarter")
    Q3 = "q3", _("Third quarter")
    Q4 = "q4", _("Fourth quarter")

    @classmethod
    def first_month(cls, period: str) -> int:
        """The month the period begins in."""
        return {"year": 1, "h1": 1, "h2": 7, "q1": 1, "q2": 4, "q3": 7, "q4": 10}[period]


class AssessmentMethod(models.TextChoices):
    INSPECTION = "inspection", _("On-site inspection")
    RECORDS = "records", _("Review of records")
    RESIDENTS = "residents", _("Evaluation by residents")
    COMBINED = "combined", _("Combined assessment")


class AssessmentResult(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    GOOD = "good", _("Good")
    PASSED = "passed", _("Pass")
    FAILED = "failed", _("Fail")
