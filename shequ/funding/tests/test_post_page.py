"""The posting page (FIN-3): an allocation and a disbursement posted through the form, an overdraft refused on the
amount field and nothing written, a source's refusal shown on the form's `other` field."""

from datetime import date
from decimal import Decimal

import time_machine
from django.test import TestCase

from shequ.core.testing.fixtures import build_tree
from shequ.funding.choices import AccountKind, FundKind
from shequ.funding.models import Account, Entry

URL = "/funding/entries/post/"


@time_machine.travel(date(2026, 11, 20), tick=False)
class PostPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        street = cls.tree["S1"]
        bank = Account.objects.create(division=street, name="基本户", kind=AccountKind.BANK)
        cls.earmark = Account.objects.create(
            division=street, name="工作经费专户", kind=AccountKind.EARMARK, parent=bank
        )
        cls.source = Account.objects.create(division=street, name="区财政拨款", kind=AccountKind.SOURCE)
        cls.gifts = Account.objects.create(
            division=street, name="社会捐赠收入", kind=AccountKind.SOURCE, fund=FundKind.FUNDRAISING
        )
        cls.expense = Account.objects.create(division=street, name="办公支出", kind=AccountKind.EXPENSE)

    def setUp(self):
        self.client.force_login(self.tree.users["street"])

    def body(self, kind, other, amount):
        return {
            "kind": kind,
            "earmark": self.earmark.pk,
            "other": other.pk,
            "amount": amount,
            "day": "2026-11-02",
            "description": "拨付",
        }

    def test_allocate_disburse_and_refuse_an_overdraft(self):
        response = self.client.post(URL, self.body("allocation", self.source, "500.00"))
        entry = Entry.objects.unscoped("test").get()
        self.assertRedirects(response, entry.get_absolute_url())
        self.client.post(URL, self.body("disbursement", self.expense, "200.00"))
        response = self.client.post(URL, self.body("disbursement", self.expense, "300.01"))
        self.assertEqual(
            response.context["form"].errors["amount"], ["拒绝：工作经费专户现有 300.00 元，支出 300.01 元将透支。"]
        )
        self.assertEqual(Account.objects.unscoped("test").get(pk=self.earmark.pk).balance, Decimal("300.00"))
        self.assertEqual(Entry.objects.unscoped("test").count(), 2)

    def test_the_donations_source_is_not_offered(self):
        form = self.client.get(URL).context["form"]
        self.assertEqual(set(form.fields["other"].queryset), {self.source, self.expense})
