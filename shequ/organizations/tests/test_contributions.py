"""Multi-channel investment (issue #15, FIN-4): contributions linked to the units, organisations and activities
already registered, refused when they point at another community's; the totals per community, channel and form."""

import io
import tempfile
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import openpyxl
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.utils import timezone

from shequ.core.importing import run_import
from shequ.core.registers import declaration_of
from shequ.core.testing.fixtures import build_tree
from shequ.core.testing.scope import ScopeMatrix
from shequ.organizations import models
from shequ.organizations.contributions import summary
from shequ.organizations.tests.test_scope import unit_in


class ContributionScopeTests(ScopeMatrix, TestCase):
    model = models.Contribution
    export_key = "contributor"

    @classmethod
    def make_object(cls, community):
        unit = unit_in(community)
        return models.Contribution.objects.create(
            community=community, channel="stationed_unit", contributor=unit.name, unit=unit, form="venue",
            value=Decimal("3000.00"), contributed_on=date(2025, 5, 1),
        )  # fmt: skip

    def create_payload(self, key):
        return {
            "community": self.tree[key].code,
            "channel": "individual",
            "contributor": "陈美华",
            "form": "volunteer_labour",
            "value": "1200.00",
            "contributed_on": "2025-06-01",
        }

    def form_data(self, key):
        return {**self.create_payload(key), "community": self.tree[key].pk}

    def update_payload(self):
        return {"in_street_ledger": True}


class ContributionRuleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.unit = unit_in(cls.tree["C1"])
        cls.other_unit = unit_in(cls.tree["C2"])
        cls.activity = models.CoBuildingActivity.objects.create(
            unit=cls.unit, held_on=date(2025, 3, 5), title="社区义诊"
        )
        cls.other_activity = models.CoBuildingActivity.objects.create(
            unit=cls.other_unit, held_on=date(2025, 3, 6), title="助学活动"
        )
        cls.organization = models.SocialOrganization.objects.create(
            community=cls.tree["C2"], name="蜂巢山互助会", kind="mutual_aid"
        )

    def errors_of(self, **fields) -> dict:
        values = {
            "community": self.tree["C1"], "channel": "stationed_unit", "contributor": "驻区医院",
            "form": "free_service", "value": Decimal("8000.00"), "contributed_on": date(2025, 3, 5), **fields,
        }  # fmt: skip
        with self.assertRaises(ValidationError) as raised:
            models.Contribution(**values).full_clean()
        return raised.exception.message_dict

    def test_a_good_contribution_linked_to_its_unit_and_activity(self):
        record = models.Contribution(
            community=self.tree["C1"], channel="stationed_unit", contributor="驻区医院", unit=self.unit,
            activity=self.activity, form="free_service", value=Decimal("8000.00"), contributed_on=date(2025, 3, 5),
        )  # fmt: skip
        record.full_clean()
        record.save()
        self.assertEqual(record.division_code, "350203001001")

    def test_another_communitys_unit_or_organisation_is_refused_naming_the_field(self):
        self.assertEqual(
            self.errors_of(unit=self.other_unit, activity=self.other_activity),
            {"unit": ["驻区单位：属于其他社区（蜂巢山社区居委会）。"]},
        )
        self.assertEqual(
            self.errors_of(channel="social_organization", social_organization=self.organization),
            {"social_organization": ["社会组织：属于其他社区（蜂巢山社区居委会）。"]},
        )

    def test_links_must_fit_the_channel_and_the_unit(self):
        self.assertEqual(
            self.errors_of(unit=self.unit, activity=self.other_activity),
            {"activity": ["共建活动：不是所关联驻区单位的活动。"]},
        )
        self.assertEqual(self.errors_of(activity=self.activity), {"activity": ["共建活动：不是所关联驻区单位的活动。"]})
        self.assertEqual(
            self.errors_of(channel="individual", unit=self.unit),
            {"unit": ["驻区单位：只有驻区单位的投入才能关联驻区单位。"]},
        )

    def test_value_and_day_are_bounded(self):
        self.assertEqual(
            self.errors_of(value=Decimal("0.00")), {"value": ["折算价值：无偿服务应按其市场价格折算，不能为零。"]}
        )
        self.assertEqual(
            list(self.errors_of(value=Decimal("100000000.00"))), ["value"]
        )  # above 99,999,999.99 (and too many digits)
        self.assertEqual(list(self.errors_of(value=Decimal("-1.00"))), ["value"])
        tomorrow = timezone.localdate() + timedelta(days=1)
        self.assertEqual(list(self.errors_of(contributed_on=tomorrow)), ["contributed_on"])
        # A zero value is allowed for what is not a free service (e.g. labour not yet valued).
        models.Contribution(
            community=self.tree["C1"], channel="individual", contributor="陈美华", form="volunteer_labour",
            value=Decimal("0.00"), contributed_on=date(2025, 3, 5),
        ).full_clean()  # fmt: skip


def contribution(community, channel, form, value, day, contributor="某单位", **fields):
    return models.Contribution.objects.create(
        community=community, channel=channel, contributor=contributor, form=form, value=Decimal(value),
        contributed_on=day, **fields,
    )  # fmt: skip


class ContributionSummaryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        c1, c2, c3 = cls.tree["C1"], cls.tree["C2"], cls.tree["C3"]
        contribution(c1, "stationed_unit", "venue", "3000.00", date(2025, 1, 10), "第一医院")
        contribution(c1, "stationed_unit", "free_service", "12500.50", date(2025, 3, 5), "第一医院")
        contribution(c1, "social_capital", "funds", "50000.00", date(2025, 6, 1), "鸿山物业")
        contribution(c1, "individual", "volunteer_labour", "1200.25", date(2025, 9, 9), "陈美华")
        contribution(c1, "individual", "funds", "999.99", date(2024, 12, 31), "陈美华")  # another year
        contribution(c2, "social_organization", "paid_service", "8800.00", date(2025, 4, 1), "互助会")
        contribution(c2, "social_capital", "goods", "4200.10", date(2025, 4, 2), "超市")
        contribution(c3, "social_capital", "funds", "70000.00", date(2025, 5, 5), "仁安商会")  # not the street's

    def test_totals_by_channel_and_form_for_a_year(self):
        street = self.tree.users["street"]
        rows, total = summary(models.Contribution.objects.restrict(street, "view"), 2025)
        self.assertEqual([row.community_code for row in rows], ["350203001001", "350203001004"])
        c1, c2 = rows
        # channels: stationed unit, social organisation, social capital, individual
        self.assertEqual(
            c1.channel_list(), [Decimal("15500.50"), Decimal("0.00"), Decimal("50000.00"), Decimal("1200.25")]
        )
        # forms: funds, goods, venue, paid service, free service, volunteer labour
        self.assertEqual(
            c1.form_list(),
            [Decimal("50000.00"), Decimal("0.00"), Decimal("3000.00"), Decimal("0.00"), Decimal("12500.50"),
             Decimal("1200.25")],
        )  # fmt: skip
        self.assertEqual((c1.total, c1.count), (Decimal("66700.75"), 4))
        self.assertEqual(c2.channel_list(), [Decimal("0.00"), Decimal("8800.00"), Decimal("4200.10"), Decimal("0.00")])
        self.assertEqual((c2.total, c2.count), (Decimal("13000.10"), 2))
        self.assertEqual((total.total, total.count), (Decimal("79700.85"), 6))
        self.assertEqual(
            total.channel_list(), [Decimal("15500.50"), Decimal("8800.00"), Decimal("54200.10"), Decimal("1200.25")]
        )
        rows, total = summary(models.Contribution.objects.restrict(street, "view"), 2024)
        self.assertEqual(([row.community_code for row in rows], total.total), (["350203001001"], Decimal("999.99")))

    def test_the_page_filters_by_year_and_jurisdiction(self):
        self.client.force_login(self.tree.users["district"])
        response = self.client.get("/organizations/contributions/summary/", {"year": "2025"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["total"].total, Decimal("149700.85"))
        self.assertEqual(len(response.context["rows"]), 3)
        self.assertContains(response, "149700.85")
        response = self.client.get(
            "/organizations/contributions/summary/", {"year": "2025", "division": "350203003000"}
        )
        self.assertEqual(
            [(row.community, row.total) for row in response.context["rows"]], [("仁安社区居委会", Decimal("70000.00"))]
        )
        # Another district is out of reach: not found, like a division that does not exist.
        outside = self.client.get("/organizations/contributions/summary/", {"division": "350206001000"})
        self.assertEqual(outside.status_code, 404)
        # A year beyond the bounds falls back to this year; no error.
        self.assertEqual(self.client.get("/organizations/contributions/summary/", {"year": "99999"}).context["year"],
                         timezone.localdate().year)  # fmt: skip

    def test_the_excel_export_has_both_tables_with_exact_totals(self):
        self.client.force_login(self.tree.users["street"])
        response = self.client.get("/organizations/contributions/summary/", {"year": "2025", "export": "xlsx"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Disposition"], "attachment; filename=contributions-2025.xlsx")
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        self.assertEqual(book.sheetnames, ["按渠道", "按形式"])
        channels = [list(row) for row in book["按渠道"].iter_rows(values_only=True)]
        self.assertEqual(
            channels[0],
            ["社区代码", "社区", "驻区单位", "社会组织", "社会资本（企业或投资人）", "个人", "合计（元）", "笔数"],
        )
        self.assertEqual(channels[1], ["350203001001", "鸿山社区居委会", 15500.5, 0, 50000, 1200.25, 66700.75, 4])
        self.assertEqual(channels[3], [None, "合计", 15500.5, 8800, 54200.1, 1200.25, 79700.85, 6])
        forms = [list(row) for row in book["按形式"].iter_rows(values_only=True)]
        self.assertEqual(forms[2], ["350203001004", "蜂巢山社区居委会", 0, 4200.1, 0, 8800, 0, 0, 13000.1, 2])

    def test_the_unpermitted_are_refused(self):
        self.client.force_login(self.tree.users["unpermitted"])
        self.assertEqual(self.client.get("/organizations/contributions/summary/").status_code, 403)


class ContributionImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.unit = models.StationedUnit.objects.create(community=cls.tree["C1"], name="厦门市第一医院鸿山分院")
        models.CoBuildingActivity.objects.create(unit=cls.unit, held_on=date(2025, 3, 5), title="社区义诊")
        models.StationedUnit.objects.create(community=cls.tree["C2"], name="蜂巢山小学")

    def run_rows(self, rows):
        importer = declaration_of(models.Contribution).importer_class()
        headers = [column.header for column in importer.columns]
        path = Path(tempfile.mkdtemp()) / "contributions.csv"
        lines = [",".join(headers)] + [",".join(row.get(h, "") for h in headers) for row in rows]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        result = run_import(importer(self.tree.users["street"]), path, "contributions.csv", dry_run=False)
        return result, [(e.row, e.column, e.message) for e in result.errors]

    def row(self, **cells):
        return {
            "社区代码": "350203001001", "投入渠道": "驻区单位", "投入方": "第一医院",
            "驻区单位": "厦门市第一医院鸿山分院", "投入形式": "无偿服务", "折算价值（元）": "12500.50",
            "投入日期": "2025-03-05", "已录入街道台账": "是",
            **cells,
        }  # fmt: skip

    def test_the_unit_and_activity_by_name_within_the_community(self):
        good = [self.row(**{"共建活动": "社区义诊"}), self.row(**{"投入形式": "场地", "折算价值（元）": "3000"})]
        result, errors = self.run_rows(good)
        self.assertEqual((errors, result.job.status, result.job.created_count), ([], "committed", 2))
        stored = models.Contribution.objects.order_by("form")
        self.assertEqual(
            [(c.form, c.unit, c.activity and c.activity.title, c.value, c.in_street_ledger) for c in stored],
            [("free_service", self.unit, "社区义诊", Decimal("12500.50"), True),
             ("venue", self.unit, None, Decimal("3000.00"), True)],
        )  # fmt: skip
        again, errors = self.run_rows(good)
        self.assertEqual((errors, again.job.created_count, again.job.unchanged_count), ([], 0, 2))

    def test_another_communitys_unit_fails_the_whole_file(self):
        rows = [
            self.row(),
            self.row(**{"驻区单位": "蜂巢山小学", "投入形式": "场地"}),
            self.row(**{"投入形式": "资金", "折算价值（元）": "100000000"}),
        ]
        result, errors = self.run_rows(rows)
        self.assertEqual(
            errors,
            [
                (3, "驻区单位", "“蜂巢山小学”不是您在此可以引用的记录（不存在、不在您的管辖范围内或有重名）。"),
                (4, "折算价值（元）", "“100000000”不在 0–99999999.99 范围内。"),
            ],
        )
        self.assertEqual(result.job.status, "failed")
        self.assertFalse(models.Contribution.objects.exists())


class ContributionPanelTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        year = timezone.localdate().year
        contribution(cls.tree["C1"], "stationed_unit", "venue", "3000.00", date(year, 1, 1), "第一医院")
        contribution(cls.tree["C1"], "individual", "volunteer_labour", "1200.50", date(year, 1, 1), "陈美华")
        contribution(cls.tree["C1"], "individual", "funds", "500.00", date(year - 1, 12, 31), "陈美华")

    def test_the_community_page_shows_this_years_investment(self):
        year = timezone.localdate().year
        self.client.force_login(self.tree.users["community"])
        panels = self.client.get(f"/regions/divisions/{self.tree['C1'].pk}/").context["panels"]
        self.assertEqual(
            panels[-1],
            (
                f"{year}年多渠道投入",
                [("驻区单位", "3,000.00 元"), ("个人", "1,200.50 元"), ("合计", "4,200.50 元，共 2 笔")],
            ),
        )
        panels = self.client.get(f"/regions/divisions/{self.tree['C1'].pk}/").context["panels"]
        self.client.force_login(self.tree.users["street"])
        panels = self.client.get(f"/regions/divisions/{self.tree['C2'].pk}/").context["panels"]
        self.assertEqual(panels[-1], (f"{year}年多渠道投入", [("暂无投入记录", "—")]))


class DemoSeedTests(TestCase):
    """`seed_organizations` seeds the demo street's guidance, chain and investment (issue #15), valid and the same
    on every run."""

    def test_the_demo_street_is_seeded_deterministically(self):
        from shequ.organizations.demo import seed_guarantees

        tree = build_tree()
        made = seed_guarantees(tree["city"], date(2026, 12, 1))
        self.assertEqual(
            made,
            {"meetings": 5, "decisions": 10, "assignments": 3, "units": 4, "organisations": 5, "contributions": 35},
        )
        chain = models.ResponsibilityAssignment.chain_of(tree["C1"], date(2026, 12, 1))
        self.assertEqual(
            [(a.person_name, a.position) for a in chain], [("李强", "思明区委书记"), ("赵丽", "厦港街道党工委书记")]
        )
        self.assertEqual(
            set(models.Contribution.objects.values_list("division_code", flat=True)), {"350203001001", "350203001004"}
        )
        rows, total = summary(models.Contribution.objects.all(), 2026)
        self.assertEqual((total.count, total.total), (33, Decimal("301280.00")))  # the same on every run
