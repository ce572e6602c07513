"""`make run` seeds a month of the demo community's affairs (issue #17, SVC-6), once."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from shequ.affairs.models import SentimentEntry, Visit
from shequ.core.testing.fixtures import build_tree
from shequ.people.models import Household


class SeedAffairsTests(TestCase):
    def test_a_month_of_visits_and_diary_entries_once(self):
        tree = build_tree()
        for number in range(3):
            Household.objects.create(community=tree["C1"], number=f"H{number}")
        call_command("seed_affairs", "--city", "350200000000", stdout=StringIO())
        visits = Visit.objects.unscoped("test")
        today = timezone.localdate()
        self.assertEqual(visits.count(), 3)
        self.assertEqual({v.division_code for v in visits}, {tree["C1"].code})
        self.assertTrue(all(today - timedelta(days=30) <= v.visited_on < today for v in visits))
        self.assertEqual(SentimentEntry.objects.unscoped("test").count(), 4)
        out = StringIO()
        call_command("seed_affairs", "--city", "350200000000", "--if-empty", stdout=out)
        self.assertEqual(out.getvalue().strip(), "Community affairs are present already; nothing seeded.")
        self.assertEqual(visits.count(), 3)
