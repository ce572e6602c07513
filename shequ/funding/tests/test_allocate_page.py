"""费随事转 on the page (issue #15 item 5, FIN-1): the street records an admitted item's funding arriving; the items
offered are those of the departments above its streets; bad input is refused on the field and nothing is posted."""

from datetime import date
from decimal import Decimal

import time_machine
from django.test import TestCase

from shequ.accounts.models import Department
from shequ.admission.choices import ItemKind, ItemStatus
from shequ.admission.models import AdmittedItem
from shequ.core.testing.fixtures import build_tree
from shequ.funding.choices import AccountKind
from shequ.funding.models import Account, Entry

URL = "/funding/entries/allocate-item/"


@time_machine.travel(date(2026, 11, 20), tick=False)
class AllocatePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()

        def item(division, code, funding, status=ItemStatus.PUBLISHED):
            department = Department.objects.get_or_create(division=division, name=f"{division.name}民政局")[0]
            return AdmittedItem.objects.create(
                department=department,
                code=code,
                name=code,
                kind=ItemKind.LEDGER,
                legal_basis="依据",
                funding_per_community=Decimal(funding),
                valid_from=date(2025, 1, 1),
                status=status,
            )

        cls.ours = item(cls.tree["D1"], "MZ-01", "6000.00")
        cls.city = item(cls.tree["city"], "SZ-01", "1000.50")
        item(cls.tree["D2"], "HL-01", "5000.00")  # another district's department
        item(cls.tree["D1"], "MZ-02", "0.00")  # no funding
        item(cls.tree["D1"], "MZ-03", "9000.00", ItemStatus.DRAFT)
        cls.bank = Account.objects.create(division=cls.tree["S1"], name="基本户", kind=AccountKind.BANK)

    def setUp(self):
        self.client.force_login(self.tree.users["street"])

    def test_the_items_offered(self):
        form = self.client.get(URL).context["form"]
        self.assertEqual({i.code for i in form.fields["item"].queryset}, {"MZ-01", "SZ-01"})
        self.assertEqual(list(form.fields["bank"].queryset), [self.bank])

    def test_the_allocation_is_posted(self):
        response = self.client.post(URL, {"item": self.city.pk, "year": "2026", "bank": self.bank.pk})
        entry = Entry.objects.unscoped("test").get()
        self.assertRedirects(response, entry.get_absolute_url())
        earmark = Account.objects.unscoped("test").get(kind=AccountKind.EARMARK)
        self.assertEqual((earmark.item, earmark.balance, entry.item), (self.city, Decimal("2001.00"), self.city))

    def test_bad_input_is_refused_on_the_field(self):
        response = self.client.post(URL, {"item": self.ours.pk, "year": "1999", "bank": self.bank.pk})
        self.assertEqual(response.context["form"].errors, {"year": ["确保该值大于或等于2015。"]})
        other = AdmittedItem.objects.get(code="HL-01")
        response = self.client.post(URL, {"item": other.pk, "year": "2026", "bank": self.bank.pk})
        self.assertIn("item", response.context["form"].errors)
        self.assertFalse(Entry.objects.unscoped("test").exists())
