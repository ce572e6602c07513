"""Division codes, the NBS loader, the browser's counts and the index-using scope filter (issue #2, SVC-3)."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import TestCase
from rest_framework.test import APIClient

from shequ.core.models import ObjectChange
from shequ.core.testing.fixtures import build_tree
from shequ.regions.choices import DivisionLevel
from shequ.regions.models import Division, Grid
from shequ.regions.validators import level_of_code, parent_code_of, validate_division_code
from shequ.regions.views import children_with_counts


@pytest.mark.parametrize(
    ("code", "level", "parent"),
    [
        ("350200000000", DivisionLevel.CITY, None),
        ("350203000000", DivisionLevel.DISTRICT, "350200000000"),
        ("350203001000", DivisionLevel.STREET, "350203000000"),
        ("350203001001", DivisionLevel.COMMUNITY, "350203001000"),
        ("350000000000", None, None),  # a province is not a level of one deployment
        ("350200001000", None, None),  # a street without a district
        ("35020300100", None, None),
        ("35020300100a", None, None),
    ],
)
def test_level_and_parent_follow_from_the_code(code, level, parent):
    assert level_of_code(code) == level
    assert parent_code_of(code) == parent


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("35020300100", "区划代码必须是 12 位数字。"),
        ("3502030010０1", "区划代码必须是 12 位数字。"),
        ("35020300100x", "区划代码必须是 12 位数字。"),
        ("350000000000", "区划代码不对应市、区（县）、街道（乡镇）或社区中的任何一级。"),
    ],
)
def test_invalid_codes_are_refused_in_chinese(code, message):
    with pytest.raises(ValidationError) as error:
        validate_division_code(code)
    assert error.value.messages == [message]


class LoaderTests(TestCase):
    def test_loads_xiamen_from_the_shipped_nbs_data_and_is_idempotent(self):
        from shequ.workorders import catalogue

        self.assertIsNone(catalogue.community("350203001001"))  # remembered as unknown …
        with self.captureOnCommitCallbacks(execute=True):
            call_command("load_divisions", city="3502", stdout=open("/dev/null", "w"))
        self.assertEqual(catalogue.community("350203001001").name, "鸿山社区居委会")  # … and forgotten after the load
        counts = dict(
            Division.objects.unscoped("test")
            .values_list("level")
            .annotate(n=__import__("django.db.models", fromlist=["Count"]).Count("id"))
        )
        self.assertEqual(counts, {"city": 1, "district": 6, "street": 54, "community": 555})
        city = Division.objects.unscoped("test").get(code="350200000000")
        self.assertEqual((city.name, city.source, city.edition, city.parent), ("厦门市", "nbs", "2023", None))
        community = Division.objects.unscoped("test").get(code="350203001001")
        self.assertEqual(
            (community.name, community.parent.code, community.division_code),
            ("鸿山社区居委会", "350203001000", "350203001001"),
        )
        Division.objects.filter(code="350203001001").update(name="改错的名字")
        from io import StringIO

        out = StringIO()
        call_command("load_divisions", city="350200000000", stdout=out)
        self.assertIn("created 0, updated 1, unchanged 615", out.getvalue())
        self.assertEqual(Division.objects.unscoped("test").count(), 616)
        self.assertEqual(Division.objects.unscoped("test").get(code="350203001001").name, "鸿山社区居委会")

    def test_a_municipality_takes_its_own_name(self):
        call_command("load_divisions", city="1101", stdout=open("/dev/null", "w"))
        self.assertEqual(Division.objects.unscoped("test").get(code="110100000000").name, "北京市")
        self.assertEqual(Division.objects.unscoped("test").filter(level="district").count(), 16)

    def test_bad_city_codes_fail_and_write_nothing(self):
        for code in ("35", "350203000000", "9999", "abcd"):
            with self.subTest(code=code), self.assertRaises(CommandError):
                call_command("load_divisions", city=code)
        self.assertEqual(Division.objects.unscoped("test").count(), 0)


class DivisionApiBadInputTests(TestCase):
    """Invalid codes through the API: a 400 naming the field in Chinese, and nothing written (issue #2)."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()

    def post(self, payload):
        client = APIClient()
        client.force_login(self.tree.users["district"])
        before = Division.objects.count()
        response = client.post("/api/regions/divisions/", payload, format="json")
        self.assertEqual(Division.objects.count(), before)
        self.assertFalse(ObjectChange.objects.exists())
        return response

    def test_wrong_length(self):
        response = self.post({"code": "35020300190", "name": "甲"})
        self.assertEqual((response.status_code, response.data), (400, {"code": ["区划代码必须是 12 位数字。"]}))

    def test_non_digits(self):
        response = self.post({"code": "3502030019AB", "name": "甲"})
        self.assertEqual((response.status_code, response.data), (400, {"code": ["区划代码必须是 12 位数字。"]}))

    def test_unknown_parent(self):
        response = self.post({"code": "350203009001", "name": "甲"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.data, {"code": ["上级区划 350203009000 不存在。"]})

    def test_level_that_does_not_match_the_code(self):
        response = self.post({"code": "350203001900", "name": "甲", "level": "street"})
        self.assertEqual(
            (response.status_code, response.data), (400, {"level": ["代码 350203001900 对应的层级是“社区”。"]})
        )

    def test_wrong_parent(self):
        response = self.post({"code": "350203001900", "name": "甲", "parent": "350203003000"})
        self.assertEqual(
            (response.status_code, response.data), (400, {"parent": ["350203001900 的上级区划应为 350203001000。"]})
        )

    def test_duplicate_code(self):
        response = self.post({"code": "350203001001", "name": "甲"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(list(response.data), ["code"])


class DivisionFormBadInputTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()

    def test_form_names_the_field_and_writes_nothing(self):
        self.client.force_login(self.tree.users["district"])
        response = self.client.post("/regions/divisions/add/", {"code": "350203009001", "name": "甲"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["form"].errors, {"code": ["上级区划 350203009000 不存在。"]})
        self.assertContains(response, "区划代码：上级区划 350203009000 不存在。")
        self.assertEqual(Division.objects.count(), 10)


class BrowserCountTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        for key, count in (("C1", 2), ("C2", 1), ("C4", 3)):
            for sequence in range(1, count + 1):
                Grid.objects.create(community=cls.tree[key], sequence=sequence, name=f"网格{sequence}")

    def rows(self, level, division_key):
        return [
            (row["division"].code, row["communities"], row["grids"])
            for row in children_with_counts(self.tree.users[level], self.tree[division_key])
        ]

    def test_city_admin_sees_every_district_with_counts(self):
        self.assertEqual(self.rows("city", "city"), [("350203000000", 3, 3), ("350206000000", 1, 3)])

    def test_district_admin_sees_its_streets(self):
        self.assertEqual(self.rows("district", "D1"), [("350203001000", 2, 3), ("350203003000", 1, 0)])

    def test_street_user_sees_only_its_communities(self):
        self.assertEqual(self.rows("street", "S1"), [("350203001001", 1, 2), ("350203001004", 1, 1)])
        self.client.force_login(self.tree.users["street"])
        response = self.client.get("/regions/")
        self.assertEqual([d.code for d in response.context["tops"]], ["350203001000"])
        self.assertEqual(self.client.get(f"/regions/tree/{self.tree['D1'].pk}/").status_code, 404)
        self.assertEqual(self.client.get(f"/regions/tree/{self.tree['S1'].pk}/").status_code, 200)


class ScopeIndexTests(TestCase):
    """The scope filter must be answered from the division_code index on SQLite and PostgreSQL (DESIGN.md §3)."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()

    def test_restricted_queryset_uses_the_division_code_index(self):
        queryset = Grid.objects.restrict(self.tree.users["street"])
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET enable_seqscan = off")
            try:
                plan = queryset.explain()
            finally:
                with connection.cursor() as cursor:
                    cursor.execute("SET enable_seqscan = on")
            self.assertIn("Index", plan)
            self.assertIn("division_code", plan)
        else:
            plan = queryset.explain()
            self.assertIn("USING INDEX regions_grid_division_code", plan)
            self.assertNotIn("SCAN regions_grid", plan.replace("USING INDEX", ""))
