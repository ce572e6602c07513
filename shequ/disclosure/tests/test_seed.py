"""`make run` seeds last month's disclosures of the demo street (issue #14), published, once."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from shequ.core.testing.fixtures import build_tree
from shequ.disclosure.models import Disclosure


class SeedDisclosureTests(TestCase):
    def test_last_month_of_the_demo_street_published_once(self):
        tree = build_tree()
        month = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
        with self.captureOnCommitCallbacks(execute=False):  # the PDFs are the worker's
            call_command("seed_disclosures", "--city", "350200000000", stdout=StringIO())
        rows = Disclosure.objects.unscoped("test").order_by("division_code")
        self.assertEqual(
            list(rows.values_list("division_code", "month", "status")),
            [(tree["C1"].code, month, "published"), (tree["C2"].code, month, "published")],
        )
        self.assertTrue(all(len(d.content_hash) == 64 and d.work_notes for d in rows))
        out = StringIO()
        call_command("seed_disclosures", "--city", "350200000000", "--if-empty", stdout=out)
        self.assertEqual(out.getvalue().strip(), "Disclosures are present already; nothing seeded.")
        self.assertEqual(rows.count(), 2)
