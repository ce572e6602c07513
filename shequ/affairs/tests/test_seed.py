"""`make run` seeds a month of the demo community's affairs (issue #17, SVC-6), once."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from shequ.affairs.models import AffairsDisclosure, SentimentEntry, Visit, WorkAssessment
from shequ.affairs.public import current_items, evaluations
from shequ.core.testing.fixtures import build_tree
from shequ.people.models import Household
from shequ.surveys.models import Answer, Survey


class SeedAffairsTests(TestCase):
    def test_a_month_of_visits_and_diary_entries_once(self):
        tree = build_tree()
        for number in range(30):
            Household.objects.create(community=tree["C1"], number=f"H{number}")
        call_command("seed_affairs", "--city", "350200000000", stdout=StringIO())
        visits = Visit.objects.unscoped("test")
        today = timezone.localdate()
        self.assertEqual(visits.count(), 20)
        self.assertEqual({v.division_code for v in visits}, {tree["C1"].code})
        self.assertTrue(all(today - timedelta(days=30) <= v.visited_on < today for v in visits))
        self.assertEqual(SentimentEntry.objects.unscoped("test").count(), 4)
        self.assertEqual(AffairsDisclosure.objects.unscoped("test").count(), 5)
        self.assertEqual(
            [item.title for item in current_items(tree["C1"], today)],
            ["第四季度党费收缴情况", "主题党日活动安排", "惠民资金使用情况", "小区停车位划线方案"],
        )
        survey = Survey.objects.unscoped("test").get(purpose="democratic")
        self.assertEqual(Answer.objects.filter(survey=survey, division_code=tree["C1"].code).count(), 12)
        self.assertEqual([(s.title, n) for s, n, _rows in evaluations(tree["C1"], today)], [("居委会年度民主评议", 12)])
        assessment = WorkAssessment.objects.unscoped("test").get()
        self.assertEqual((assessment.year, str(assessment.score)), (today.year - 1, "91.5"))
        out = StringIO()
        call_command("seed_affairs", "--city", "350200000000", "--if-empty", stdout=out)
        self.assertEqual(out.getvalue().strip(), "Community affairs are present already; nothing seeded.")
        self.assertEqual(visits.count(), 20)
