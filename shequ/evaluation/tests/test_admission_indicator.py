"""The evaluation reads the burden (issue #15 item 3, ADM-1): hours a month on departments' requests, per community,
for the evaluation's period; none received is a known zero; a scheme scores it fewer-is-better."""

from datetime import date
from decimal import Decimal

from django.test import TestCase

from shequ.accounts.models import Department
from shequ.admission.choices import ItemKind, ItemStatus
from shequ.admission.models import AdmittedItem, CommunityRequest
from shequ.core.testing.fixtures import build_tree
from shequ.evaluation.indicators import measure


class AdmissionHoursTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        item = AdmittedItem.objects.create(
            department=Department.objects.create(division=cls.tree["D1"], name="民政局"),
            code="MZ-01",
            name="台账",
            kind=ItemKind.LEDGER,
            legal_basis="依据",
            valid_from=date(2025, 1, 1),
            status=ItemStatus.PUBLISHED,
        )
        for community, day, hours in (
            ("C1", date(2026, 1, 5), "10.0"),
            ("C1", date(2026, 3, 31), "5.5"),
            ("C1", date(2026, 2, 1), None),  # answered without hours, or not yet
            ("C1", date(2026, 4, 1), "99.0"),  # after the period
            ("C2", date(2026, 2, 14), "1.0"),
        ):
            CommunityRequest.objects.create(
                community=cls.tree[community],
                item=item,
                title="事项",
                sent_on=day,
                hours=Decimal(hours) if hours else None,
            )

    def test_hours_a_month_over_a_quarter(self):
        communities = [self.tree["C1"], self.tree["C2"], self.tree["C3"]]
        result = measure("admission-hours", communities, date(2026, 1, 1), date(2026, 3, 31))
        c1, c2, c3 = (result[c.code] for c in communities)
        self.assertEqual((c1.value, c1.basis), (Decimal("5.17"), "3 项事项，填报 15.5 小时，共 3 个月"))
        self.assertEqual(c2.value, Decimal("0.33"))
        self.assertEqual((c3.value, c3.basis), (Decimal("0.00"), "0 项事项，填报 0 小时，共 3 个月"))
        self.assertEqual(c1.records_url, "/admission/burden/?division=350203001001")
