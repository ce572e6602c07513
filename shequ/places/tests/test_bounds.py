"""Implausible places are refused (issue #12 "wrong answers", second bullet; DESIGN.md §11): a building of 30,000
floors, a dwelling 50 floors underground, a rental starting in 2099, ending before it starts or running beyond the
20 years the Civil Code allows — through the API, the pages and the import, with the same limits everywhere."""

import time_machine
from django.test import TestCase

from shequ.core.testing.bounds import NOW, BoundsMixin
from shequ.core.testing.fixtures import build_tree
from shequ.places.importers import BuildingImporter
from shequ.places.models import Building, Dwelling, Rental


@time_machine.travel(NOW, tick=False)
class PlaceBoundTests(BoundsMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.building = Building.objects.create(community=cls.tree["C1"], number="1号楼", floors=6)
        cls.dwelling = Dwelling.objects.create(building=cls.building, unit="1", room="101", floor=1)

    def test_building_and_dwelling_sizes(self):
        self.model = Building
        body = {"community": self.tree["C1"].code, "number": "2号楼"}
        url = "/api/places/buildings/"
        self.assert_api_refuses(url, {**body, "floors": 30000}, "floors", "请确保该值小于或者等于 200。")
        self.assert_api_refuses(url, {**body, "units": 99}, "units", "请确保该值小于或者等于 50。")
        self.assert_api_accepts(url, {**body, "floors": 33, "units": 4})
        self.model = Dwelling
        body = {"building": self.building.pk, "room": "B1"}
        url = "/api/places/dwellings/"
        self.assert_api_refuses(url, {**body, "floor": -50}, "floor", "请确保该值大于或者等于 -10。")
        self.assert_api_refuses(
            url, {**body, "floor_area": "999999.00"}, "floor_area", "请确保该值小于或者等于 100000。"
        )
        self.assert_api_accepts(url, {**body, "floor": -1, "floor_area": "35.50"})

    def test_rental_dates(self):
        self.model = Rental
        body = {"dwelling": self.dwelling.pk, "landlord_name": "王房东"}
        url = "/api/places/rentals/"
        self.assert_api_refuses(url, {**body, "start_date": "2099-01-01"}, "start_date", "不得晚于 2027-11-30。")
        self.assert_api_refuses(url, {**body, "start_date": "1979-12-31"}, "start_date", "不得早于 1980-01-01。")
        self.assert_api_refuses(
            url,
            {**body, "start_date": "2026-01-01", "end_date": "2025-12-31"},
            "end_date",
            "租赁结束日期不能早于开始日期。",
        )
        self.assert_api_refuses(
            url,
            {**body, "start_date": "2026-01-01", "end_date": "2046-01-02"},
            "end_date",
            "租赁期限最长二十年（民法典第七百零五条）。",
        )
        self.assert_api_accepts(url, {**body, "start_date": "2026-01-01", "end_date": "2046-01-01"})
        page = {
            "dwelling": self.dwelling.pk,
            "landlord_name": "李房东",
            "start_date": "2099-01-01",
            "end_date": "",
            "registration": "registered",
        }
        self.assert_page_refuses("/places/rentals/add/", page, "start_date", "不得晚于 2027-11-30。")
        self.assert_page_accepts("/places/rentals/add/", {**page, "start_date": "2026-12-01"})

    def test_the_import_uses_the_same_limits(self):
        self.model = Building
        header = ["社区代码", "小区名称", "楼号", "层数", "单元数", "地址"]
        result, errors = self.run_import(BuildingImporter, [header, ["350203001001", "", "9号楼", "30000", "99", ""]])
        self.assertEqual(errors, [(2, "层数", "“30000”不在 1–200 范围内。"), (2, "单元数", "“99”不在 1–50 范围内。")])
        self.assertEqual(Building.objects.count(), 1)
        result, errors = self.run_import(BuildingImporter, [header, ["350203001001", "", "9号楼", "200", "50", ""]])
        self.assertEqual((errors, result.job.created_count), ([], 1))
