"""Bad input to the facility registers is refused in Chinese, naming the field (and in files the row), with nothing
written (issue #16 "Bad input"; FAC-2); the filing state follows the dates; the standard is the city's."""

import time_machine
from django.test import TestCase

from shequ.core.registers import declaration_of
from shequ.core.testing.bounds import NOW, BoundsMixin
from shequ.core.testing.fixtures import build_tree
from shequ.facilities.models import Facility, FunctionItem, FunctionStandard
from shequ.places.models import Building

FUTURE = "不得是将来的日期（晚于 2026-11-30）。"
URL = "/api/facilities/facilities/"
HEADER = [
    "社区代码",
    "名称",
    "楼栋",
    "地址",
    "权属",
    "面积（平方米）",
    "楼层",
    "房间数",
    "开放时间",
    "功能用途",
    "街道登记日期",
    "民政部门备案日期",
    "国资部门备案日期",
]


@time_machine.travel(NOW, tick=False)
class FacilityRuleTests(BoundsMixin, TestCase):
    model = Facility
    level = "street"

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.standard = FunctionStandard.objects.create(name="18室1厅1站6栏")
        cls.party = FunctionItem.objects.create(standard=cls.standard, sequence=1, name="党员活动室")
        cls.library = FunctionItem.objects.create(standard=cls.standard, sequence=2, name="图书阅览室")
        cls.building = Building.objects.create(community=cls.tree["C1"], number="1", floors=6)
        cls.elsewhere = Building.objects.create(community=cls.tree["C2"], number="9", floors=6)

    def body(self, **changes):
        return {
            "community": self.tree["C1"].code,
            "name": "党群服务中心",
            "floor_area": "120",
            "registered_on": "2025-03-01",
            **changes,
        }

    def test_area_floor_and_rooms_are_bounded(self):
        self.assert_api_refuses(URL, self.body(floor_area="0"), "floor_area", "请确保该值大于或者等于 0.01。")
        self.assert_api_refuses(URL, self.body(floor_area="-5"), "floor_area", "请确保该值大于或者等于 0.01。")
        self.assert_api_refuses(URL, self.body(rooms=0), "rooms", "请确保该值大于或者等于 1。")
        self.assert_api_refuses(URL, self.body(building=self.building.pk, floor=7), "floor", "该楼栋只有 6 层。")
        self.assert_api_refuses(URL, self.body(building=self.elsewhere.pk), "building", "该楼栋属于其他社区。")
        self.assert_api_accepts(URL, self.body(building=self.building.pk, floor=6))

    def test_dates_are_bounded_and_filing_follows_registration(self):
        self.assert_api_refuses(URL, self.body(registered_on="2099-01-01"), "registered_on", FUTURE)
        self.assert_api_refuses(URL, self.body(registered_on="1989-12-31"), "registered_on", "不得早于 1990-01-01。")
        self.assert_api_refuses(
            URL,
            self.body(civil_affairs_filed_on="2025-02-28"),
            "civil_affairs_filed_on",
            "备案日期不得早于街道登记日期（2025-03-01）。",
        )
        response = self.assert_api_accepts(URL, self.body(civil_affairs_filed_on="2025-03-01"))
        self.assertEqual(response.data["filing_state"], "partly_filed")
        pk = response.data["id"]
        response = self.assert_api_accepts(
            f"{URL}{pk}/", {"state_assets_filed_on": "2025-04-01", "filing_state": "registered"}, method="patch"
        )
        self.assertEqual(response.data["filing_state"], "filed")  # read off the dates, never written

    def test_a_use_listed_twice_is_refused(self):
        self.assert_api_refuses(URL, self.body(uses=[self.party.pk, self.party.pk]), "uses", "重复列出：党员活动室。")
        response = self.assert_api_accepts(URL, self.body(uses=[self.party.pk, self.library.pk]))
        self.assertEqual(sorted(response.data["uses"]), sorted([self.party.pk, self.library.pk]))

    def test_the_page_refuses_with_the_field(self):
        page = {
            "community": self.tree["C1"].pk,
            "name": "活动室",
            "ownership": "lent",
            "floor_area": "0",
            "rooms": "1",
            "registered_on": "2025-03-01",
        }
        self.assert_page_refuses("/facilities/facilities/add/", page, "floor_area", "确保该值大于或等于0.01。")
        self.assert_page_accepts(
            "/facilities/facilities/add/", {**page, "floor_area": "45", "uses": [self.party.pk, self.library.pk]}
        )
        room = Facility.objects.get(name="活动室")
        self.assertEqual(set(room.uses.all()), {self.party, self.library})

    def test_community_staff_read_but_do_not_register(self):
        response = self.api("community").post(URL, self.body(), format="json")
        self.assertEqual(response.status_code, 403)
        self.assertEqual(self.api("community").get(URL).status_code, 200)

    def test_imports_name_row_and_column(self):
        importer = declaration_of(Facility).importer_class()
        self.assertEqual([column.header for column in importer.columns], HEADER)
        row = ["350203001001", "活动室", "", "", "自有", "80", "", "1", "", "", "2025-03-01", "", ""]
        bad = [
            HEADER,
            [*row[:5], "0", *row[6:]],
            [*row[:9], "党员活动室、党员活动室", *row[10:]],
            [*row[:10], "2025-03-01", "2025-01-01", ""],
            [*row[:10], "9999-12-31", "", ""],
        ]
        result, errors = self.run_import(importer, bad)
        self.assertEqual(
            errors,
            [
                (2, "面积（平方米）", "“0”不在 0.01–100000 范围内。"),
                (3, "功能用途", "党员活动室 重复列出。"),
                (4, "民政部门备案日期", "备案日期不得早于街道登记日期（2025-03-01）。"),
                (5, "街道登记日期", FUTURE),
            ],
        )
        self.assertFalse(Facility.objects.exists())
        good = [HEADER, [*row[:9], "党员活动室、图书阅览室", "2025-03-01", "2025-04-01", "2025-04-02"]]
        result, errors = self.run_import(importer, good)
        self.assertEqual((errors, result.job.created_count), ([], 1))
        room = Facility.objects.get()
        self.assertEqual((room.filing_state, room.uses.count()), ("filed", 2))


@time_machine.travel(NOW, tick=False)
class StandardRuleTests(BoundsMixin, TestCase):
    model = FunctionStandard
    level = "city"

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        FunctionStandard.objects.create(name="18室1厅1站6栏")

    def test_one_standard_in_force(self):
        url = "/api/facilities/standards/"
        self.assert_api_refuses(url, {"name": "新标准", "in_force": True}, "in_force", "已有现行标准，请先将其停用。")
        self.assert_api_accepts(url, {"name": "新标准", "in_force": False})

    def test_the_standard_is_the_citys(self):
        url = "/api/facilities/function-items/"
        standard = FunctionStandard.objects.get()
        body = {"standard": standard.pk, "name": "党员活动室", "kind": "room", "sequence": 1}
        for level in ("street", "district", "community"):
            self.assertEqual(self.api(level).post(url, body, format="json").status_code, 403, level)
        self.model = FunctionItem
        self.assert_api_refuses(url, {**body, "sequence": 0}, "sequence", "请确保该值大于或者等于 1。")
        self.assert_api_accepts(url, body)
        self.assert_api_refuses(url, body, "non_field_errors", "该标准已有同名条目。")
        self.assertEqual(self.api("street").get(url).status_code, 200)
