"""The function-room gaps check on constructed data (issue #16 "Tests and proof"; FAC-2): a community with a
complete, a partial and an empty register, exact values and missing items, the drill-down and the roll-up."""

from datetime import date
from decimal import Decimal

import time_machine
from django.test import TestCase

from shequ.cockpit.compliance import compliance
from shequ.core.checks import checks
from shequ.core.testing.fixtures import build_tree
from shequ.facilities.choices import FunctionKind
from shequ.facilities.models import Facility, FunctionItem, FunctionStandard

TODAY = date(2026, 6, 30)
CHECK = "fac-2-function-rooms"


def facility(community, name, *uses):
    room = Facility.objects.create(
        community=community, name=name, floor_area=Decimal("80"), registered_on=date(2025, 1, 10)
    )
    room.uses.set(uses)
    return room


@time_machine.travel(TODAY, tick=False)
class GapsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.communities = [cls.tree[key] for key in ("C1", "C2", "C3", "C4")]
        cls.standard = FunctionStandard.objects.create(name="18室1厅1站6栏")
        cls.items = [
            FunctionItem.objects.create(standard=cls.standard, sequence=n, kind=kind, name=name)
            for n, (kind, name) in enumerate(
                [
                    (FunctionKind.ROOM, "党员活动室"),
                    (FunctionKind.ROOM, "图书阅览室"),
                    (FunctionKind.HALL, "便民服务大厅"),
                    (FunctionKind.BOARD, "居务公开栏"),
                ],
                start=1,
            )
        ]
        party, library, hall, board = cls.items
        # C1 complete, one room serving three functions (一室多用); C2 partial; C3 none registered; C4 only an item
        # of another standard, which does not count.
        facility(cls.tree["C1"], "党群服务中心一楼", party, library, board)
        facility(cls.tree["C1"], "服务大厅", hall)
        facility(cls.tree["C2"], "活动室", party, party)
        facility(cls.tree["C2"], "公开栏", board)
        old = FunctionStandard.objects.create(name="旧标准", in_force=False)
        facility(cls.tree["C4"], "旧活动室", FunctionItem.objects.create(standard=old, name="党员活动室"))

    def outcomes(self):
        found = checks[CHECK].evaluate(self.communities, TODAY)
        return {key: found[self.tree[key].code] for key in ("C1", "C2", "C3", "C4")}

    def test_complete_partial_and_empty_registers(self):
        outcomes = self.outcomes()
        self.assertEqual(
            {key: (o.status, o.value, o.target, o.detail) for key, o in outcomes.items()},
            {
                "C1": ("ok", "4 / 4", "18室1厅1站6栏共 4 项", []),
                "C2": ("violation", "2 / 4", "18室1厅1站6栏共 4 项", ["缺少：图书阅览室、便民服务大厅"]),
                "C3": ("unknown", "未登记社区用房", "18室1厅1站6栏共 4 项", []),
                "C4": (
                    "violation",
                    "0 / 4",
                    "18室1厅1站6栏共 4 项",
                    ["缺少：党员活动室、图书阅览室、便民服务大厅、居务公开栏"],
                ),
            },
        )

    def test_the_gap_closes_when_a_room_takes_a_further_use(self):
        room = Facility.objects.get(name="活动室")
        room.uses.add(self.items[1], self.items[2])
        self.assertEqual((self.outcomes()["C2"].status, self.outcomes()["C2"].value), ("ok", "4 / 4"))

    def test_without_a_standard_or_its_items_every_answer_is_unknown(self):
        FunctionItem.objects.filter(standard=self.standard).delete()
        self.assertEqual({o.value for o in self.outcomes().values()}, {"标准尚未录入条目"})
        self.assertEqual({o.status for o in self.outcomes().values()}, {"unknown"})
        FunctionStandard.objects.filter(pk=self.standard.pk).update(in_force=False)
        self.assertEqual({o.value for o in self.outcomes().values()}, {"未录入现行标准"})

    def test_drill_down_is_restricted_to_the_user(self):
        check = checks[CHECK]
        records = check.records(self.tree["C1"], self.tree.users["street"], TODAY)
        self.assertEqual(sorted(r.name for r in records), ["党群服务中心一楼", "服务大厅"])
        self.assertEqual(list(check.records(self.tree["C4"], self.tree.users["street"], TODAY)), [])
        self.client.force_login(self.tree.users["street"])
        page = self.client.get(f"/checks/{CHECK}/350203001004/")
        self.assertContains(page, "缺少：图书阅览室、便民服务大厅")
        self.assertContains(page, "活动室")
        self.assertContains(page, 'id="remedy-link"')
        self.assertEqual(self.client.get(f"/checks/{CHECK}/350206001001/").status_code, 404)

    def test_rollup_at_street_district_and_city(self):
        city = compliance(self.tree.users["city"], self.tree["city"], TODAY)
        self.assertEqual(city.totals[CHECK], {"ok": 1, "violation": 2, "unknown": 1})
        self.assertEqual(
            [(child.code, counts[CHECK]) for child, counts in city.children],
            [
                ("350203000000", {"ok": 1, "violation": 1, "unknown": 1}),
                ("350206000000", {"ok": 0, "violation": 1, "unknown": 0}),
            ],
        )
        street = compliance(self.tree.users["street"], self.tree["S1"], TODAY)
        self.assertEqual(street.totals[CHECK], {"ok": 1, "violation": 1, "unknown": 0})

    def test_the_api_answers_the_same(self):
        from rest_framework.test import APIClient

        api = APIClient()
        api.force_login(self.tree.users["street"])
        response = api.get(f"/api/checks/{CHECK}/350203001004/")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertIn("图书阅览室", str(response.data))


@time_machine.travel(TODAY, tick=False)
class SeedTests(TestCase):
    def test_the_demo_seeds_an_example_standard_and_a_complete_and_an_empty_community(self):
        import io

        from django.core.management import call_command

        tree = build_tree()
        call_command("seed_facilities", "--city", tree["city"].code, stdout=io.StringIO())
        standard = FunctionStandard.objects.get()
        self.assertIn("示例", standard.note)
        self.assertEqual(standard.items.count(), 26)
        self.assertEqual(set(standard.items.values_list("note", flat=True)), {"示例"})
        outcomes = checks[CHECK].evaluate([tree["C1"], tree["C2"]], TODAY)
        self.assertEqual(
            [(o.status, o.value) for o in outcomes.values()], [("ok", "26 / 26"), ("unknown", "未登记社区用房")]
        )
