"""Collections of self-managed areas (issue #16 item 5, PROP-2: "collections recorded"): each refusal in Chinese on its
field — more households paid than charged, an amount out of bounds, a month or a day in the future, a month twice —
and the collection rate on the collection and on the area's list."""

from datetime import date

import time_machine
from django.test import TestCase

from shequ.core.testing.bounds import NOW, BoundsMixin
from shequ.core.testing.fixtures import build_tree
from shequ.places.models import ResidentialArea
from shequ.property.models import Collection, SelfManagedArea
from shequ.property.registers import CollectionRegister

URL = "/api/property/collections/"


@time_machine.travel(NOW, tick=False)
class CollectionTests(BoundsMixin, TestCase):
    model = Collection

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        area = ResidentialArea.objects.create(community=cls.tree["C1"], name="大生里")
        cls.managed = SelfManagedArea.objects.create(
            area=area, started_on=date(2023, 1, 1), organiser="大生里自管小组", households=120
        )
        empty = ResidentialArea.objects.create(community=cls.tree["C1"], name="空置小区")
        cls.empty = SelfManagedArea.objects.create(
            area=empty, started_on=date(2023, 1, 1), organiser="小组", households=0
        )

    def body(self, **changes):
        return {
            "self_managed": self.managed.pk,
            "month": "2026-10-01",
            "households_paid": 96,
            "amount": "4320.00",
            "collected_on": "2026-10-31",
            **changes,
        }

    def test_bad_collections_are_refused_naming_the_field(self):
        cases = [
            ({"households_paid": 121}, "households_paid", "已缴户数多于该小区的收费户数（120）。"),
            ({"self_managed": self.empty.pk}, "households_paid", "该小区没有收费户，无从收缴。"),
            ({"households_paid": -1}, "households_paid", "请确保该值大于或者等于 0。"),
            ({"amount": "-0.01"}, "amount", "请确保该值大于或者等于 0。"),
            ({"amount": "10000000.00"}, "amount", "请确保该值小于或者等于 9999999.99。"),
            ({"households_paid": 0}, "amount", "没有住户缴费时，收缴金额应为 0。"),
            ({"month": "2026-12-01"}, "month", "不得是将来的日期（晚于 2026-11-30）。"),
            ({"month": "2026-10-15"}, "month", "月份以该月第一天填写（2026-10-01）。"),
            ({"collected_on": "2026-12-01"}, "collected_on", "不得是将来的日期（晚于 2026-11-30）。"),
            ({"collected_on": "1993-12-31"}, "collected_on", "不得早于 1994-01-01。"),
        ]
        for changes, field, message in cases:
            with self.subTest(changes=changes):
                self.assert_api_refuses(URL, self.body(**changes), field, message)

    def test_one_collection_per_area_and_month(self):
        self.assert_api_accepts(URL, self.body())
        self.assert_api_refuses(URL, self.body(households_paid=10), "non_field_errors", "该小区该月已有收缴记录。")
        self.assert_page_refuses(
            "/property/collections/add/", self.body(households_paid=10), "__all__", "该小区该月已有收缴记录。"
        )

    def test_the_rate_is_paid_per_household_charged_then(self):
        response = self.assert_api_accepts(URL, self.body())
        self.assertEqual(response.data["households_charged"], 120)
        collection = Collection.objects.get()
        self.assertEqual(collection.rate, 80.0)  # 96 / 120
        self.assert_api_accepts(URL, self.body(month="2026-11-01", households_paid=110, collected_on="2026-11-30"))
        self.managed.households = 100
        self.managed.save()
        latest = Collection.objects.get(month=date(2026, 11, 1))
        self.assertEqual((latest.households_charged, latest.rate), (120, 91.7))  # 110 / 120, kept as recorded
        # An edit of an old month is checked against the households charged then, not the area's now.
        self.assert_api_accepts(f"{URL}{latest.pk}/", {"households_paid": 115}, method="patch")
        self.assert_api_refuses(
            f"{URL}{latest.pk}/",
            {"households_paid": 121},
            "households_paid",
            "已缴户数多于该小区的收费户数（120）。",
            method="patch",
        )
        self.client.force_login(self.tree.users["community"])
        page = self.client.get("/property/self-managed-areas/").content.decode()
        self.assertIn("95.8%（2026-11）", page)  # 115 / 120, the latest month
        self.assertIn("最近收缴率", page)
        page = self.client.get(f"/property/self-managed-areas/{self.managed.pk}/").content.decode()
        self.assertIn('<dt class="col-sm-3">最近收缴率</dt><dd class="col-sm-9">95.8%（2026-11）</dd>', page)
        page = self.client.get(f"/property/self-managed-areas/{self.empty.pk}/").content.decode()
        self.assertIn('<dd class="col-sm-9">尚无收缴记录</dd>', page)
        page = self.client.get("/property/collections/").content.decode()
        self.assertIn("80.0%", page)

    def test_import_refuses_a_bad_row_naming_row_and_field(self):
        header = ["自主管理小区", "月份", "已缴户数", "收缴金额（元）", "收缴日期", "备注"]
        result, errors = self.run_import(
            CollectionRegister.importer_class(),
            [
                header,
                ["大生里", "2026-10-01", "96", "4320", "2026-10-31", ""],
                ["大生里", "2026-11-01", "130", "1", "2026-11-30", ""],
            ],
        )
        self.assertEqual(errors, [(3, "已缴户数", "已缴户数多于该小区的收费户数（120）。")])
        self.assertEqual(self.count(), 0)
