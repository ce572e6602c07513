"""The monthly disclosure reads the community's monthly statement (FIN-3) and the work handed to it through the
admission gate (ADM-1) (issue #15 items 3 and 6): exact figures, their sections, and the disclosures compiled before
these figures existed keep their sections as published."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import time_machine
from django.test import TestCase

from shequ.accounts.models import Department
from shequ.admission.choices import ItemKind, ItemStatus
from shequ.admission.models import AdmittedItem, CommunityRequest
from shequ.core.testing.fixtures import build_tree
from shequ.disclosure.figures import compile_figures
from shequ.disclosure.report import sections
from shequ.funding import services
from shequ.funding.choices import AccountKind, FundKind
from shequ.funding.models import Account

OCTOBER = date(2026, 10, 1)


@time_machine.travel(date(2026, 11, 2), tick=False)
class FundsAndBurdenTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        street, clerk, c1 = cls.tree["S1"], cls.tree.users["street"], cls.tree["C1"]
        bank = Account.objects.create(division=street, name="基本户", kind=AccountKind.BANK)
        work = Account.objects.create(
            division=street,
            name="社区工作经费专户",
            kind=AccountKind.EARMARK,
            parent=bank,
            fund=FundKind.COMMUNITY_WORK,
        )
        source = Account.objects.create(division=street, name="区财政拨款", kind=AccountKind.SOURCE)
        office = Account.objects.create(division=street, name="社区办公支出", kind=AccountKind.EXPENSE)
        services.allocate(
            acting_user=clerk, earmark=work, source=source, amount="9000", description="拨入", day=OCTOBER
        )
        for amount, day in (("1000.10", date(2026, 10, 2)), ("99.90", date(2026, 10, 30))):
            services.disburse(
                acting_user=clerk,
                earmark=work,
                expense=office,
                amount=amount,
                description="办公",
                day=day,
                community=c1,
            )
        civil = Department.objects.create(division=cls.tree["D1"], name="民政局")
        fire = Department.objects.create(division=cls.tree["D1"], name="应急管理局")
        for department, kind, day, hours in (
            (civil, ItemKind.LEDGER, date(2026, 10, 3), "2.7"),  # 2.7 + 0.5: a float sum on SQLite
            (civil, ItemKind.REPORT, date(2026, 10, 9), "0.5"),
            (fire, ItemKind.INSPECTION, date(2026, 10, 20), None),
            (fire, ItemKind.INSPECTION, date(2026, 9, 20), "8.0"),  # September
        ):
            item = AdmittedItem.objects.create(
                department=department,
                code=f"{department.name}-{kind}-{day}",
                name=kind,
                kind=kind,
                legal_basis="依据",
                valid_from=date(2025, 1, 1),
                status=ItemStatus.PUBLISHED,
            )
            CommunityRequest.objects.create(
                community=c1, item=item, title="事项", sent_on=day, hours=Decimal(hours) if hours else None
            )

    def test_the_figures(self):
        figures = compile_figures([self.tree["C1"], self.tree["C2"]], OCTOBER)
        c1 = figures[self.tree["C1"].pk]
        self.assertEqual(
            c1["funds"],
            {
                "spent": "1100.00",
                "entries": 2,
                "funds": [["社区工作经费", "1100.00"]],
                "lines": [["社区办公支出", "1100.00"]],
            },
        )
        self.assertEqual(
            c1["burden"],
            {
                "requests": 3,
                "hours": "3.2",
                "by_kind": [[ItemKind.INSPECTION, 1], [ItemKind.LEDGER, 1], [ItemKind.REPORT, 1]],
                "by_department": [["民政局", 2, "3.2"], ["应急管理局", 1, "0.0"]],
            },
        )
        c2 = figures[self.tree["C2"].pk]
        self.assertEqual(c2["funds"], {"spent": "0.00", "entries": 0, "funds": [], "lines": []})
        self.assertEqual(c2["burden"], {"requests": 0, "hours": "0.0", "by_kind": [], "by_department": []})

    def test_the_sections(self):
        figures = compile_figures([self.tree["C1"]], OCTOBER)[self.tree["C1"].pk]
        notes = {"work_notes": "", "problems_notes": "", "services_notes": "", "other_notes": "其他"}
        shown = {s["title"]: s for s in sections(SimpleNamespace(figures=figures, **notes))}
        funds = shown["为本社区支出的经费"]
        self.assertEqual(funds["facts"], [("本月支出（元）", "1100.00"), ("记账分录", 2)])
        self.assertEqual(
            funds["rows"], [["按经费", "社区工作经费", "1100.00"], ["按支出科目", "社区办公支出", "1100.00"]]
        )
        work = shown["交由社区承担的工作"]
        self.assertEqual(
            work["facts"],
            [("经准入清单收到的事项", 3), ("所用工时", "3.2"), ("检查考核", 1), ("台账", 1), ("报表", 1)],
        )
        self.assertEqual(work["rows"], [["民政局", 2, "3.2"], ["应急管理局", 1, "0.0"]])
        self.assertEqual(list(shown)[-1], "其他事项")

    def test_a_disclosure_compiled_before_keeps_its_sections(self):
        figures = compile_figures([self.tree["C1"]], OCTOBER)[self.tree["C1"].pk]
        del figures["funds"], figures["burden"]
        notes = {"work_notes": "", "problems_notes": "", "services_notes": "", "other_notes": ""}
        titles = [s["title"] for s in sections(SimpleNamespace(figures=figures, **notes))]
        self.assertNotIn("为本社区支出的经费", titles)
        self.assertNotIn("交由社区承担的工作", titles)
        self.assertEqual(len(titles), 5)
