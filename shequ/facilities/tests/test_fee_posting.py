"""The planning project's supporting fee posted to the street's funding ledger (issue #16 item 2, FAC-1; FIN-3): one
balanced entry from the street's infrastructure source into the earmarked sub-account the project names, once; the
fee then corrected only by a reversal in the ledger; refused where the ledger lacks the accounts."""

from datetime import date
from decimal import Decimal

import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase

from shequ.core.testing.fixtures import build_tree
from shequ.facilities import services
from shequ.facilities.models import PlanningProject
from shequ.funding.choices import AccountKind, FundKind
from shequ.funding.models import Account, Posting

TODAY = date(2026, 11, 30)


@time_machine.travel(TODAY, tick=False)
class FeePostingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        street = cls.tree["S1"]
        bank = Account.objects.create(division=street, name="厦港街道基本户", kind=AccountKind.BANK)
        cls.earmark = Account.objects.create(
            division=street, name="配套费专户", kind=AccountKind.EARMARK, parent=bank, fund=FundKind.INFRASTRUCTURE
        )
        cls.source = Account.objects.create(
            division=street, name="基础设施配套费收入", kind=AccountKind.SOURCE, fund=FundKind.INFRASTRUCTURE
        )
        cls.project = PlanningProject.objects.create(
            community=cls.tree["C1"], name="鸿山新苑", households=400, required_area=Decimal("300"),
            planned_area=Decimal("0"), fee_assessed=Decimal("120000.00"), fee_collected=Decimal("120000.00"),
            fee_collected_on=date(2026, 11, 2), fee_account="配套费专户",
        )  # fmt: skip

    def test_posted_once_into_the_named_sub_account(self):
        with self.assertRaises(PermissionDenied):  # a community does not post to the street's ledger
            services.post_supporting_fee(acting_user=self.tree.users["community"], project=self.project)
        entry = services.post_supporting_fee(acting_user=self.tree.users["street"], project=self.project)
        self.assertEqual(
            (entry.day, entry.kind, entry.description), (date(2026, 11, 2), "allocation", "基础设施配套费：鸿山新苑")
        )
        self.assertEqual(
            sorted(Posting.objects.filter(entry=entry).values_list("account__name", "amount")),
            [("基础设施配套费收入", Decimal("-120000.00")), ("配套费专户", Decimal("120000.00"))],
        )
        self.assertEqual(Account.objects.unscoped("test").get(pk=self.earmark.pk).balance, Decimal("120000.00"))
        self.project.refresh_from_db()
        self.assertEqual(self.project.fee_entry, entry)
        with self.assertRaises(ValidationError) as caught:
            services.post_supporting_fee(acting_user=self.tree.users["street"], project=self.project)
        self.assertEqual(caught.exception.messages, ["该项目的配套费已记账。"])
        self.project.fee_collected = Decimal("100000.00")
        with self.assertRaises(ValidationError) as caught:
            self.project.full_clean()
        self.assertEqual(
            caught.exception.message_dict,
            {"fee_collected": ["配套费已记入经费账簿：如需更正，请在账簿中冲销，不在此处修改。"]},
        )

    def test_refused_where_the_ledger_lacks_the_account(self):
        PlanningProject.objects.filter(pk=self.project.pk).update(fee_account="不存在的专户")
        self.project.refresh_from_db()
        with self.assertRaises(ValidationError) as caught:
            services.post_supporting_fee(acting_user=self.tree.users["street"], project=self.project)
        self.assertEqual(
            caught.exception.message_dict, {"fee_account": ["厦港街道的账簿中没有名为“不存在的专户”的专款子账户。"]}
        )
        self.assertFalse(Posting.objects.exists())

    def test_the_projects_page_posts_it(self):
        self.client.force_login(self.tree.users["street"])
        page = self.client.get(f"/facilities/planning-projects/{self.project.pk}/")
        self.assertContains(page, 'id="post-fee"')
        response = self.client.post(
            f"/facilities/planning-projects/{self.project.pk}/", {"action": "post_fee"}, follow=True
        )
        self.assertContains(response, "配套费 120000.00 元已记入厦港街道账簿。")
        self.assertContains(response, 'id="fee-posted"')
        self.assertNotContains(response, 'id="post-fee"')
