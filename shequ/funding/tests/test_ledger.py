"""The earmarked ledger (issue #15, FIN-3; ADR 0018): a story with every balance, refusals that write nothing,
entries that are never changed, reconciliation that names what was changed behind the application's back, and two
concurrent disbursements against the last of an earmark on PostgreSQL."""

import io
import threading
from datetime import date
from decimal import Decimal

import time_machine
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import TestCase, TransactionTestCase, skipUnlessDBFeature
from rest_framework.test import APIClient

from shequ.core.errors import IllegalTransition
from shequ.core.testing.fixtures import build_tree
from shequ.funding import services
from shequ.funding.choices import AccountKind
from shequ.funding.models import Account, Entry, Posting

TODAY = date(2026, 11, 20)


def ledger(street):
    bank = Account.objects.create(division=street, name="厦港街道基本户", kind=AccountKind.BANK)
    earmark = Account.objects.create(division=street, name="社区工作经费专户", kind=AccountKind.EARMARK, parent=bank)
    source = Account.objects.create(division=street, name="区财政拨款", kind=AccountKind.SOURCE)
    expense = Account.objects.create(division=street, name="社区办公支出", kind=AccountKind.EXPENSE)
    return bank, earmark, source, expense


@time_machine.travel(TODAY, tick=False)
class LedgerStoryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.user = cls.tree.users["street"]
        cls.bank, cls.earmark, cls.source, cls.expense = ledger(cls.tree["S1"])

    def balances(self):
        return [
            Account.objects.unscoped("test").get(pk=a.pk).balance for a in (self.earmark, self.source, self.expense)
        ]

    def disburse(self, amount, **extra):
        return services.disburse(
            acting_user=self.user, earmark=self.earmark, expense=self.expense, amount=amount, description="办公用品"
        )

    def test_allocation_two_disbursements_a_refused_overdraft_and_a_reversal(self):
        services.allocate(
            acting_user=self.user, earmark=self.earmark, source=self.source, amount="100000.00", description="拨入"
        )
        self.assertEqual(self.balances(), [Decimal("100000.00"), Decimal("-100000.00"), Decimal("0.00")])
        first = self.disburse("30000.50")
        self.assertEqual(self.balances(), [Decimal("69999.50"), Decimal("-100000.00"), Decimal("30000.50")])
        self.disburse(Decimal("19999.50"))
        self.assertEqual(self.balances(), [Decimal("50000.00"), Decimal("-100000.00"), Decimal("50000.00")])
        with self.assertRaises(ValidationError) as refused:
            self.disburse("50000.01")
        self.assertEqual(
            refused.exception.message_dict,
            {"amount": ["拒绝：社区工作经费专户现有 50000.00 元，支出 50000.01 元将透支。"]},
        )
        self.assertEqual((Entry.objects.unscoped("t").count(), Posting.objects.count()), (3, 6))
        self.assertEqual(self.balances(), [Decimal("50000.00"), Decimal("-100000.00"), Decimal("50000.00")])
        reversal = services.reverse(acting_user=self.user, entry=first, reason="重复报销")
        self.assertEqual(self.balances(), [Decimal("80000.50"), Decimal("-100000.00"), Decimal("19999.50")])
        self.assertEqual((reversal.reverses, reversal.description), (first, f"冲销 #{first.pk}：重复报销"))
        with self.assertRaises(IllegalTransition):
            services.reverse(acting_user=self.user, entry=first, reason="再次")
        self.disburse("80000.50")
        self.assertEqual(self.balances(), [Decimal("0.00"), Decimal("-100000.00"), Decimal("100000.00")])
        out = io.StringIO()
        call_command("check_ledgers", stdout=out)
        self.assertEqual(out.getvalue(), "All ledgers reconcile.\n")

    def test_bad_amounts_are_refused_naming_the_field_and_nothing_is_written(self):
        for amount, message in (
            ("-5", "金额：必须大于零。"),
            ("0", "金额：必须大于零。"),
            ("abc", "金额：不是数字。"),
            ("NaN", "金额：不是数字。"),
            ("1.001", "金额：最多两位小数（分）。"),
            ("10000000000.00", "金额：最多 9,999,999,999.99 元。"),
            ("1e999999", "金额：最多 9,999,999,999.99 元。"),
            (1.5, "金额须以文本或定点小数给出，不得使用浮点数。"),
        ):
            with self.subTest(amount=amount), self.assertRaises(ValidationError) as refused:
                self.disburse(amount)
            self.assertEqual(refused.exception.message_dict, {"amount": [message]})
        self.assertFalse(Entry.objects.unscoped("t").exists())
        with self.assertRaises(ValidationError) as unbalanced:
            services.post(
                acting_user=self.user,
                division=self.tree["S1"],
                day=TODAY,
                kind="allocation",
                description="错账",
                lines=[(self.earmark, Decimal("10.00")), (self.source, Decimal("-9.99"))],
            )
        self.assertEqual(unbalanced.exception.messages, ["分录不平衡：借方与贷方金额不等。"])
        self.assertFalse(Posting.objects.exists())

    def test_the_api_posts_and_refuses_and_never_changes_an_entry(self):
        api = APIClient()
        api.force_login(self.user)
        body = {"counterpart": self.source.pk, "amount": "500.00", "description": "拨入"}
        response = api.post(f"/api/funding/accounts/{self.earmark.pk}/allocate/", body, format="json")
        self.assertEqual(response.status_code, 201, response.data)
        entry = Entry.objects.unscoped("t").get()
        body = {"counterpart": self.expense.pk, "description": "支出"}
        disburse = f"/api/funding/accounts/{self.earmark.pk}/disburse/"
        for amount, message in (
            ("-1", "金额：必须大于零。"),
            ("600.00", "拒绝：社区工作经费专户现有 500.00 元，支出 600.00 元将透支。"),
        ):
            response = api.post(disburse, {**body, "amount": amount}, format="json")
            self.assertEqual((response.status_code, response.data), (400, {"amount": [message]}))
        self.assertEqual(api.patch(f"/api/funding/entries/{entry.pk}/", {"description": "改"}).status_code, 405)
        self.assertEqual(api.delete(f"/api/funding/entries/{entry.pk}/").status_code, 405)
        self.client.force_login(self.user)
        self.assertEqual(self.client.get(f"/funding/entries/{entry.pk}/edit/").status_code, 404)
        with self.assertRaises(IllegalTransition):
            entry.save()
        with self.assertRaises(IllegalTransition):
            entry.delete()
        with self.assertRaises(IllegalTransition):
            Posting.objects.first().save()
        community = APIClient()
        community.force_login(self.tree.users["community"])
        response = community.post(disburse, {**body, "amount": "1.00"}, format="json")
        self.assertEqual(response.status_code, 404)  # the street's accounts are not the community's to post to
        self.assertEqual(Entry.objects.unscoped("t").count(), 1)

    def test_reconciliation_names_what_sql_changed(self):
        services.allocate(
            acting_user=self.user, earmark=self.earmark, source=self.source, amount="800", description="拨入"
        )
        entry = services.disburse(
            acting_user=self.user, earmark=self.earmark, expense=self.expense, amount="300", description="支出"
        )
        posting = entry.postings.get(account=self.expense)
        with connection.cursor() as cursor:
            cursor.execute("UPDATE funding_posting SET amount = %s WHERE id = %s", [Decimal("3000.00"), posting.pk])
            cursor.execute(
                "UPDATE funding_account SET balance = %s WHERE id = %s", [Decimal("900.00"), self.earmark.pk]
            )
        err = io.StringIO()
        with self.assertRaises(CommandError):
            call_command("check_ledgers", stderr=err, stdout=io.StringIO())
        self.assertEqual(
            err.getvalue().splitlines(),
            [
                f"分录 #{entry.pk}（2026-11-20）不平衡：各行合计 2700.00。",
                f"分录 #{entry.pk}（2026-11-20）与记账时的内容不符：已被绕过系统修改。",
                f"账户 #{self.earmark.pk}“社区工作经费专户”：记载余额 900.00，分录合计 500.00。",
                f"账户 #{self.expense.pk}“社区办公支出”：记载余额 300.00，分录合计 3000.00。",
            ],
        )


@skipUnlessDBFeature("has_select_for_update")
class ConcurrentDisbursementTests(TransactionTestCase):
    """Two disbursements against the last 100 yuan of an earmark at the same moment: one wins, the balance never
    goes below zero (PostgreSQL: the row lock of `services.post`)."""

    def test_one_wins(self):
        if connection.vendor != "postgresql":
            self.skipTest("row locks are PostgreSQL's")
        tree = build_tree()
        user = tree.users["street"]
        _bank, earmark, source, expense = ledger(tree["S1"])
        services.allocate(acting_user=user, earmark=earmark, source=source, amount="100.00", description="拨入")
        barrier, outcomes = threading.Barrier(2), []

        def spend():
            try:
                barrier.wait()
                services.disburse(acting_user=user, earmark=earmark, expense=expense, amount="100.00", description="付")
                outcomes.append("paid")
            except ValidationError:
                outcomes.append("refused")
            finally:
                connection.close()

        threads = [threading.Thread(target=spend) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(sorted(outcomes), ["paid", "refused"])
        earmark.refresh_from_db()
        self.assertEqual(earmark.balance, Decimal("0.00"))
        self.assertEqual(Posting.objects.filter(account=earmark).count(), 2)


@time_machine.travel(TODAY, tick=False)
class FollowTheWorkTests(TestCase):
    """费随事转 (FIN-1): an admitted item's funding arrives in the street's earmark, traceable from the item; the demo
    seed builds a ledger that reconciles."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()

    def test_the_street_sees_the_allocation_arrive(self):
        from shequ.accounts.models import Department
        from shequ.admission.models import AdmittedItem

        item = AdmittedItem.objects.create(
            department=Department.objects.create(division=self.tree["D1"], name="民政局"),
            code="MZ-01",
            name="低保台账",
            kind="ledger",
            legal_basis="依据",
            funding_per_community=Decimal("6000.00"),
            valid_from=date(2025, 1, 1),
            status="published",
        )
        bank = Account.objects.create(division=self.tree["S1"], name="基本户", kind=AccountKind.BANK)
        api = APIClient()
        api.force_login(self.tree.users["street"])
        body = {"street": self.tree["S1"].code, "year": 2026, "bank": bank.pk}
        response = api.post(f"/api/funding/entries/allocate-item/{item.pk}/", body, format="json")
        self.assertEqual(response.status_code, 201, response.data)
        earmark = Account.objects.unscoped("t").get(kind=AccountKind.EARMARK)
        self.assertEqual(
            (earmark.name, earmark.item, earmark.parent, earmark.balance),
            ("MZ-01 低保台账", item, bank, Decimal("12000.00")),
        )
        self.assertEqual([e.pk for e in item.allocations.all()], [response.data["id"]])
        response = api.get("/api/funding/accounts/", {"kind": "earmark"})
        self.assertEqual(
            [(r["name"], r["balance"]) for r in response.data["results"]], [("MZ-01 低保台账", "12000.00")]
        )

    def test_demo_seed_reconciles(self):
        out = io.StringIO()
        call_command("seed_admission", "--city", "350200000000", stdout=out)
        call_command("seed_funding", "--city", "350200000000", "--if-empty", stdout=out)
        call_command("seed_funding", "--city", "350200000000", "--if-empty", stdout=out)
        earmarks = Account.objects.unscoped("t").filter(kind=AccountKind.EARMARK, division=self.tree["S1"])
        self.assertEqual(earmarks.count(), 7)  # community work + five items with funding + the fundraising project
        self.assertEqual(
            earmarks.get(name__startswith="MZ-01").balance, Decimal("12000.00")
        )  # 6000 yuan × 2 communities
        self.assertTrue(all(a.balance >= 0 for a in earmarks))
        call_command("check_ledgers", stdout=out)
        self.assertIn("All ledgers reconcile.", out.getvalue())
