"""The monthly statement per community (issue #15 item 6, FIN-3): what the street's earmarks paid for each community,
by fund and by line of expenditure, reversals netted, within the user's jurisdiction; the page and its Excel file."""

import io
from datetime import date
from decimal import Decimal

import openpyxl
import time_machine
from django.test import TestCase
from django.urls import reverse

from shequ.accounts.models import Assignment
from shequ.accounts.roles import Role
from shequ.core.testing.fixtures import build_tree, make_user
from shequ.funding import services
from shequ.funding.choices import AccountKind, FundKind
from shequ.funding.models import Account, Entry
from shequ.funding.statements import disclosed, statements

OCTOBER = date(2026, 10, 1)


@time_machine.travel(date(2026, 11, 20), tick=False)
class StatementTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        street, clerk = cls.tree["S1"], cls.tree.users["street"]
        bank = Account.objects.create(division=street, name="厦港街道基本户", kind=AccountKind.BANK)
        work = Account.objects.create(
            division=street,
            name="社区工作经费专户",
            kind=AccountKind.EARMARK,
            parent=bank,
            fund=FundKind.COMMUNITY_WORK,
        )
        it = Account.objects.create(
            division=street, name="信息化运维专户", kind=AccountKind.EARMARK, parent=bank, fund=FundKind.IT_OPERATION
        )
        source = Account.objects.create(division=street, name="区财政拨款", kind=AccountKind.SOURCE)
        office = Account.objects.create(division=street, name="社区办公支出", kind=AccountKind.EXPENSE)
        events = Account.objects.create(division=street, name="社区活动支出", kind=AccountKind.EXPENSE)
        for earmark in (work, it):
            services.allocate(
                acting_user=clerk, earmark=earmark, source=source, amount="50000.00", description="拨入", day=OCTOBER
            )
        c1, c2 = cls.tree["C1"], cls.tree["C2"]

        def pay(earmark, expense, amount, day, community):
            return services.disburse(
                acting_user=clerk,
                earmark=earmark,
                expense=expense,
                amount=amount,
                description="支出",
                day=day,
                community=community,
            )

        pay(work, office, "1200.50", date(2026, 10, 3), c1)
        pay(work, events, "800.00", date(2026, 10, 18), c1)
        pay(it, office, "300.25", date(2026, 10, 31), c1)
        wrong = pay(work, events, "999.99", date(2026, 10, 20), c1)
        services.reverse(acting_user=clerk, entry=wrong, reason="重复支付", day=date(2026, 10, 21))
        pay(work, office, "450.00", date(2026, 10, 9), c2)
        pay(work, office, "7777.00", date(2026, 9, 30), c1)  # September
        pay(work, office, "8888.00", date(2026, 11, 1), c1)  # November
        cls.c1, cls.c2 = c1, c2

    def test_the_statement_of_october_exactly(self):
        found = statements(Entry.objects.restrict(self.tree.users["street"]), OCTOBER)
        self.assertEqual(set(found), {self.c1.pk, self.c2.pk})
        c1 = found[self.c1.pk]
        self.assertEqual(c1.entries, 5)  # four disbursements and the reversal
        self.assertEqual(c1.spent, Decimal("2300.75"))
        self.assertEqual(c1.fund_rows(), [["社区工作经费", "2000.50"], ["信息化运维经费", "300.25"]])
        self.assertEqual(c1.line_rows(), [["社区办公支出", "1500.75"], ["社区活动支出", "800.00"]])
        self.assertEqual(
            found[self.c2.pk].as_json(),
            {
                "spent": "450.00",
                "entries": 1,
                "funds": [["社区工作经费", "450.00"]],
                "lines": [["社区办公支出", "450.00"]],
            },
        )

    def test_the_disclosure_reads_every_community_asked_for(self):
        result = disclosed([self.c1.pk, self.c2.pk, self.tree["C3"].pk], OCTOBER, "test")
        self.assertEqual(result[self.c1.pk]["spent"], "2300.75")
        self.assertEqual(result[self.tree["C3"].pk], {"spent": "0.00", "entries": 0, "funds": [], "lines": []})

    def test_the_page_shows_only_the_jurisdiction(self):
        self.client.force_login(self.tree.users["community"])  # C1's staff
        response = self.client.get(reverse("funding:statements"), {"month": "2026-10"})
        self.assertEqual(response.status_code, 200)
        rows = response.context["rows"]
        self.assertEqual(
            [(code, statement.spent) for code, _name, statement in rows], [("350203001001", Decimal("2300.75"))]
        )
        self.assertContains(response, "2300.75")
        self.assertNotContains(response, "蜂巢山")

    def test_the_page_refuses_a_division_outside_the_jurisdiction(self):
        self.client.force_login(self.tree.users["street"])
        self.assertEqual(self.client.get(reverse("funding:statements"), {"division": "350206001001"}).status_code, 404)
        self.assertEqual(
            self.client.get(reverse("funding:statements"), {"month": "2026-13"}).status_code, 200
        )  # a month that is none is the current month

    def test_a_division_seen_under_another_role_shows_none_of_its_money(self):
        # The city's system administrator sees the whole division tree, but no ledger; as C1's staff the same
        # person reads C1's statement, and only that one.
        both = make_user("sysadmin_and_c1", Role.SYSTEM_ADMIN, self.tree["city"])
        Assignment.objects.create(user=both, role=Role.COMMUNITY_STAFF, division=self.c1)
        self.client.force_login(both)
        for query in ({"month": "2026-10"}, {"month": "2026-10", "division": self.tree["S1"].code}):
            response = self.client.get(reverse("funding:statements"), query)
            self.assertEqual(response.status_code, 200)
            self.assertEqual([code for code, _name, _statement in response.context["rows"]], ["350203001001"])
            self.assertNotContains(response, "蜂巢山")
        response = self.client.get(reverse("funding:statements"), {"month": "2026-10", "division": self.c2.code})
        self.assertEqual(response.context["rows"], [])
        self.assertNotContains(response, "450.00")

    def test_a_month_outside_the_ledger_years_is_the_current_month(self):
        self.client.force_login(self.tree.users["street"])
        for month in ("9999-12", "0001-01", "99999999999999999999-1", "2100-12"):
            for export in ("", "xlsx"):
                response = self.client.get(reverse("funding:statements"), {"month": month, "export": export})
                self.assertEqual(response.status_code, 200, (month, export))
        response = self.client.get(reverse("funding:statements"), {"month": "9999-12"})
        self.assertEqual(response.context["month"], date(2026, 11, 1))
        self.assertEqual(
            self.client.get(reverse("funding:statements"), {"month": "2100-12"}).context["month"], date(2100, 12, 1)
        )

    def test_the_excel_file(self):
        self.client.force_login(self.tree.users["street"])
        response = self.client.get(reverse("funding:statements"), {"month": "2026-10", "export": "xlsx"})
        self.assertEqual(response.status_code, 200)
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        rows = [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]
        self.assertEqual(
            rows,
            [
                ["350203001001", "鸿山社区居委会", "按经费", "社区工作经费", 2000.5],
                ["350203001001", "鸿山社区居委会", "按经费", "信息化运维经费", 300.25],
                ["350203001001", "鸿山社区居委会", "按支出科目", "社区办公支出", 1500.75],
                ["350203001001", "鸿山社区居委会", "按支出科目", "社区活动支出", 800],
                ["350203001004", "蜂巢山社区居委会", "按经费", "社区工作经费", 450],
                ["350203001004", "蜂巢山社区居委会", "按支出科目", "社区办公支出", 450],
            ],
        )
