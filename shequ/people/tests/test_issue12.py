"""Leaks and crashes of the population register found by outside probing (issue #12; SVC-4, SVC-7, DESIGN.md §5, §11).

Each test fails on the code as it was before issue #12.
"""

import csv
import io
import tempfile
from datetime import date, timedelta
from pathlib import Path

import time_machine
from django.core.cache import cache
from django.test import TestCase, override_settings
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.test import APIClient

from shequ.core.context import change_context
from shequ.core.crypto import blind_index
from shequ.core.importing import run_import
from shequ.core.models import AccessLog, ObjectChange
from shequ.core.personal import age_by_year, mask_birth_date
from shequ.core.testing.fixtures import build_tree
from shequ.people.choices import CareCategory
from shequ.people.importers import HouseholdImporter, ResidentImporter
from shequ.people.models import CareRecord, Household, Resident
from shequ.people.testing import make_household, make_resident, next_id_number

ID_NUMBER = "11010519491231002X"


class Issue12TestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.household = make_household(cls.tree["C1"], "A001")
        cls.zeng = make_resident(cls.tree["C1"], "曾国藩", household=cls.household, id_number=ID_NUMBER)

    def api(self, level):
        client = APIClient()
        client.force_login(self.tree.users[level])
        return client


class BirthDateMaskingTests(Issue12TestCase):
    """Issue #12 leak 5 (SVC-4, DESIGN.md §5, §11): beside a masked ID number the birth date is the year only.

    `110***********002X` with the full birth date 1949-12-31 leaves the county digits and the check digit: one or
    two candidates. With `1949-**-**` a few hundred. Sex stays: its parity digit is the 17th character, which the
    masked number already shows (`…002X`: 2 is even, female), so hiding it would protect nothing.
    """

    def test_the_helper_keeps_the_year_only(self):
        self.assertEqual(mask_birth_date(date(1949, 12, 31)), "1949-**-**")
        self.assertEqual(mask_birth_date(None), "")
        self.assertEqual(age_by_year(date(1949, 12, 31), today=date(2026, 1, 1)), 77)
        self.assertEqual(age_by_year(date(1949, 12, 31), today=date(2026, 12, 31)), 77)

    def test_api_detail_list_and_search_show_the_year_only(self):
        client = self.api("community")
        detail = client.get(f"/api/people/residents/{self.zeng.pk}/").data
        listed = client.get("/api/people/residents/").data["results"][0]
        found = client.post("/api/people/residents/search/", {"q": ID_NUMBER}, format="json").data["results"][0]
        for row in (detail, listed, found):
            self.assertEqual(
                (row["id_number_masked"], row["birth_date_masked"], row["sex"]),
                ("110***********002X", "1949-**-**", "female"),
            )
            self.assertNotIn("birth_date", row)
            self.assertNotIn("1949-12-31", repr(row))

    def test_list_detail_and_export_pages_show_the_year_only(self):
        self.client.force_login(self.tree.users["community"])
        listed = self.client.get("/people/residents/")
        self.assertEqual(listed.context["rows"][0][1][:4], ["曾国藩", "110***********002X", "女", "1949-**-**"])
        detail = self.client.get(f"/people/residents/{self.zeng.pk}/")
        fields = {str(label): value for label, value in detail.context["fields"]}
        self.assertEqual(fields[str(Resident._meta.get_field("birth_date").verbose_name)], "1949-**-**")
        self.assertNotIn(_("age"), fields)  # the exact age changes on the birthday and so gives it away
        self.assertEqual(fields[_("age this year")], date.today().year - 1949)
        for response in (listed, detail, self.client.get(f"/people/households/{self.household.pk}/")):
            page = response.content.decode()
            for shown in ("1949-12-31", "1949年12月31日", "12月31日", "Dec. 31, 1949"):
                self.assertNotIn(shown, page)
        export = self.client.get("/people/residents/", {"export": "csv"})
        rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
        self.assertEqual(rows[1][:4], ["曾国藩", "110***********002X", "女", "1949-**-**"])

    def test_the_exact_age_is_not_shown_beside_the_masked_number(self):
        for day in (date(2026, 12, 30), date(2026, 12, 31)):
            with time_machine.travel(day):
                self.client.force_login(self.tree.users["community"])
                detail = self.client.get(f"/people/residents/{self.zeng.pk}/")
            values = [value for _label, value in detail.context["fields"]]
            self.assertIn(77, values)  # on both sides of the birthday
            self.assertNotIn(76, values)

    def test_the_change_log_does_not_keep_the_birth_date(self):
        with change_context(self.tree.users["community"]):
            resident = make_resident(self.tree["C1"], "欧阳娜", household=self.household, relation="spouse")
        change = ObjectChange.objects.get(object_id=str(resident.pk), action="create")
        self.assertNotIn("birth_date", change.postchange_data)
        self.assertEqual(change.postchange_data["sex"], resident.sex)


ALL_CATEGORIES = [value for value, _label in CareCategory.choices]
ORDINARY_CATEGORIES = ["elderly_alone", "disability", "dibao", "extreme_poverty", "entitled"]


class SensitiveCareFormTests(Issue12TestCase):
    """Issue #12 leak 2 (AC-4, SVC-4, DESIGN.md §11): community staff hold no sensitive-care duty. They are not
    offered `released` / `corrections` / `at_risk_youth`, a uniqueness error never confirms that a resident already
    is in one (the answer is the one for an unknown category), and they cannot create or edit records into one."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.dibao = CareRecord.objects.create(resident=cls.zeng, category=CareCategory.DIBAO)
        cls.corrections = CareRecord.objects.create(resident=cls.zeng, category=CareCategory.CORRECTIONS)
        cls.other = make_resident(cls.tree["C1"], "单田芳", household=cls.household, relation="spouse")

    def assert_nothing_written(self):
        self.assertEqual(
            sorted(CareRecord.objects.unscoped("test").values_list("resident__name", "category")),
            [("曾国藩", "corrections"), ("曾国藩", "dibao")],
        )
        self.assertFalse(ObjectChange.objects.filter(object_type__model="carerecord").exists())

    def page_post(self, data, path="/people/care/add/", level="community"):
        self.client.force_login(self.tree.users[level])
        return self.client.post(path, {"resident": self.zeng.pk, "detail": "", **data})

    def test_the_form_and_the_filter_offer_sensitive_categories_only_with_the_duty(self):
        for level, expected in (("community", ORDINARY_CATEGORIES), ("street", ALL_CATEGORIES)):
            self.client.force_login(self.tree.users[level])
            form = self.client.get("/people/care/add/").context["form"]
            self.assertEqual([value for value, _label in form.fields["category"].choices], ["", *expected])
            filters = self.client.get("/people/care/").context["filterset"].form
            self.assertEqual([value for value, _label in filters.fields["category"].choices], ["", *expected])

    def test_a_hidden_category_is_answered_as_an_unknown_one_not_as_a_duplicate(self):
        unknown = self.page_post({"category": "no_such"}).context["form"].errors
        self.assertEqual(unknown, {"category": ["选择一个有效的选项。 no_such 不在可用的选项中。"]})
        for category in ("corrections", "released", "at_risk_youth"):
            response = self.page_post({"category": category})
            self.assertEqual(response.status_code, 200)
            self.assertEqual(
                response.context["form"].errors, {"category": [f"选择一个有效的选项。 {category} 不在可用的选项中。"]}
            )
            self.assertNotContains(response, "已存在")
        self.assert_nothing_written()

    def test_a_record_cannot_be_edited_into_a_hidden_category(self):
        response = self.page_post({"category": "at_risk_youth"}, path=f"/people/care/{self.dibao.pk}/edit/")
        self.assertEqual(
            response.context["form"].errors, {"category": ["选择一个有效的选项。 at_risk_youth 不在可用的选项中。"]}
        )
        self.dibao.refresh_from_db()
        self.assertEqual(self.dibao.category, "dibao")
        self.assert_nothing_written()

    def test_the_duty_still_writes_and_sees_the_real_duplicate(self):
        response = self.page_post({"category": "released"}, level="street")
        self.assertEqual(response.status_code, 302)
        self.assertTrue(CareRecord.objects.unscoped("test").filter(resident=self.zeng, category="released").exists())
        duplicate = self.page_post({"category": "corrections"}, level="street")
        expected = {"__all__": ["包含 居民 和 关爱类别 的 关爱记录 已经存在。"]}
        self.assertEqual(duplicate.context["form"].errors, expected)

    def test_the_api_refuses_a_hidden_category_as_an_unknown_one(self):
        client = self.api("community")
        unknown = client.post("/api/people/care/", {"resident": self.zeng.pk, "category": "no_such"}, format="json")
        self.assertEqual((unknown.status_code, unknown.data), (400, {"category": ["“no_such” 不是合法选项。"]}))
        for category in ("corrections", "released", "at_risk_youth"):
            for resident in (self.zeng, self.other):  # already in it (hidden), and not
                response = client.post("/api/people/care/", {"resident": resident.pk, "category": category})
                refused = (400, {"category": [f"“{category}” 不是合法选项。"]})
                self.assertEqual((response.status_code, response.data), refused)
        response = client.patch(f"/api/people/care/{self.dibao.pk}/", {"category": "released"}, format="json")
        self.assertEqual((response.status_code, response.data), (400, {"category": ["“released” 不是合法选项。"]}))
        self.assert_nothing_written()
        street = self.api("street")
        response = street.post("/api/people/care/", {"resident": self.other.pk, "category": "released"}, format="json")
        self.assertEqual(response.status_code, 201)


def _csv(header: list[str], rows: list[list[str]]) -> Path:
    path = Path(tempfile.mkstemp(suffix=".csv")[1])
    path.write_text("\n".join(",".join(r) for r in [header, *rows]) + "\n", encoding="utf-8")
    return path


RESIDENT_HEADER = ["社区代码", "户号", "姓名", "身份证号码", "与户主关系", "联系电话", "详细地址"]
HOUSEHOLD_HEADER = ["社区代码", "户号", "户籍类型", "户籍地址"]


class ImportedProtectedValueTests(TestCase):
    """Issue #12 leak 7 (SVC-4, DESIGN.md §5, §7): every protected value an importer of the register writes is
    updated by a re-import that changes it — blind index, ciphertext and masked form together — and a second run
    of the same file finds nothing to change. (The ID number is the residents' natural key: a different number is
    a different person, so it is never updated in place.)"""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.number = next_id_number()

    def resident_row(self, phone: str, address: str) -> list[str]:
        return ["350203001001", "A001", "曾国藩", self.number, "户主", phone, address]

    def run_residents(self, phone: str, address: str):
        path = _csv(RESIDENT_HEADER, [self.resident_row(phone, address)])
        result = run_import(ResidentImporter(self.tree.users["street"]), path, path.name, dry_run=False)
        self.assertTrue(result.ok, result.errors)
        job = result.job
        return job.created_count, job.updated_count, job.unchanged_count

    def stored(self):
        return Resident.objects.unscoped("test").get(id_number_digest=blind_index(self.number, kind="id_number"))

    def assert_phone(self, phone: str, masked: str):
        resident = self.stored()
        self.assertEqual(
            (resident.reveal("phone"), resident.phone_masked, resident.phone_digest),
            (phone, masked, blind_index(phone, kind="phone") if phone else ""),
        )

    def test_a_changed_phone_is_stored_and_a_rerun_finds_nothing(self):
        self.assertEqual(self.run_residents("13812345678", "鸿山路1号"), (1, 0, 0))
        self.assert_phone("13812345678", "138****5678")
        self.assertEqual(self.run_residents("13987654321", "鸿山路1号"), (0, 1, 0))
        self.assert_phone("13987654321", "139****4321")
        self.assertEqual(self.run_residents("13987654321", "鸿山路1号"), (0, 0, 1))
        self.assertEqual(self.run_residents("0592-2345678", "鸿山路1号"), (0, 1, 0))
        self.assert_phone("0592-2345678", "0592-234****")
        self.assertEqual(self.run_residents("", "鸿山路1号"), (0, 1, 0))
        self.assert_phone("", "")
        self.assertEqual(self.stored().phone_encrypted, "")
        self.assertEqual(self.run_residents("", "鸿山路1号"), (0, 0, 1))
        # Found by the new number, not by the old one.
        self.assertFalse(
            Resident.objects.unscoped("test").filter(phone_digest=blind_index("13812345678", kind="phone")).exists()
        )

    def test_a_changed_address_is_stored_and_a_rerun_finds_nothing(self):
        self.assertEqual(self.run_residents("13812345678", "鸿山路1号3单元502"), (1, 0, 0))
        self.assertEqual(self.run_residents("13812345678", "鸿山路2号1单元101"), (0, 1, 0))
        resident = self.stored()
        self.assertEqual((resident.reveal("address"), resident.address_masked), ("鸿山路2号1单元101", "鸿山路********"))
        self.assertEqual(self.run_residents("13812345678", "鸿山路2号1单元101"), (0, 0, 1))
        self.assertEqual(self.run_residents("13812345678", ""), (0, 1, 0))
        resident = self.stored()
        self.assertEqual((resident.address_encrypted, resident.address_masked), ("", ""))
        self.assert_phone("13812345678", "138****5678")  # the other protected value is left as it was

    def test_a_changed_registered_address_of_a_household_is_stored(self):
        def run(address: str):
            path = _csv(HOUSEHOLD_HEADER, [["350203001001", "A001", "本地户籍", address]])
            job = run_import(HouseholdImporter(self.tree.users["street"]), path, path.name, dry_run=False).job
            return job.created_count, job.updated_count, job.unchanged_count

        self.assertEqual(run("厦门市思明区鸿山路1号"), (1, 0, 0))
        self.assertEqual(run("厦门市思明区鸿山路9号"), (0, 1, 0))
        household = Household.objects.get(number="A001")
        self.assertEqual(
            (household.reveal("registered_address"), household.registered_address_masked),
            ("厦门市思明区鸿山路9号", "厦门市********"),
        )
        self.assertEqual(run("厦门市思明区鸿山路9号"), (0, 0, 1))


NOT_HERE = "该身份证号码无法在此登记。如该居民已迁入本地，请联系街道办理迁移。"
PAUSED = "过去一小时内录入了过多无法在此登记的身份证号码，身份证号码录入已暂停。请稍后再试或联系街道。"
LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "issue12"}}


@override_settings(CACHES=LOCMEM)
class ExistenceOracleTests(Issue12TestCase):
    """Issue #12 leak 6 (SVC-4, AC-1, AU-5, DESIGN.md §5, §11): an ID number registered where the user cannot see is
    answered neither with the place nor as a confirmed record; each such look-up is counted (20 an hour per user)
    and written to the access log; above the limit every ID number is refused, new ones too."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.elsewhere = [next_id_number(birth=date(1970, 1, 1)) for _ in range(21)]
        for number in cls.elsewhere:
            make_resident(cls.tree["C4"], "湖里居民", id_number=number)

    def setUp(self):
        cache.clear()  # the local-memory cache of these tests only

    def post_api(self, number: str):
        data = {"community": "350203001001", "name": "测试", "id_number": number, "relation": "head"}
        return self.api("community").post("/api/people/residents/", data, format="json")

    def lookups(self):
        return list(AccessLog.objects.filter(event="id_lookup").values_list("username", "success", "detail"))

    def residents(self) -> int:
        return Resident.objects.unscoped("test").count()

    def test_the_api_names_neither_the_place_nor_the_record_and_logs_the_look_up(self):
        before = self.residents()
        response = self.post_api(self.elsewhere[0])
        self.assertEqual((response.status_code, response.data), (400, {"id_number": [NOT_HERE]}))
        self.assertNotIn("社区", NOT_HERE)
        self.assertEqual(self.lookups(), [("community_user", False, {"source": "api", "count": 1})])
        self.assertEqual(self.residents(), before)
        # A record the user can see anyway is named as a duplicate, as before; not a look-up.
        visible = self.post_api(ID_NUMBER)
        self.assertEqual((visible.status_code, visible.data), (400, {"id_number": ["该身份证号码已在登记簿中。"]}))
        self.assertEqual(len(self.lookups()), 1)

    def test_above_twenty_look_ups_an_hour_every_id_number_is_refused(self):
        for number in self.elsewhere[:20]:
            self.assertEqual(self.post_api(number).data, {"id_number": [NOT_HERE]})
        before = self.residents()
        for number in (self.elsewhere[20], next_id_number()):  # a hidden one and a new one: the same answer
            response = self.post_api(number)
            self.assertEqual((response.status_code, response.data), (400, {"id_number": [PAUSED]}))
        self.assertEqual(self.residents(), before)
        self.assertEqual(len(self.lookups()), 20)
        self.assertEqual(self.post_page(next_id_number()).context["form"].errors, {"id_number": [PAUSED]})
        with time_machine.travel(timezone.now() + timedelta(hours=1, minutes=1)):
            self.assertEqual(self.post_api(next_id_number()).status_code, 201)

    def post_page(self, number: str):
        self.client.force_login(self.tree.users["community"])
        return self.client.post(
            "/people/residents/add/",
            {
                "community": self.tree["C1"].pk,
                "name": "测试",
                "id_number": number,
                "relation": "head",
                "ethnicity": "01",
                "registration_type": "registered",
                "residence_status": "present",
                "political_status": "masses",
            },
        )

    def test_the_add_page_answers_and_logs_the_same(self):
        response = self.post_page(self.elsewhere[0])
        self.assertEqual(response.context["form"].errors, {"id_number": [NOT_HERE]})
        self.assertEqual(self.lookups(), [("community_user", False, {"source": "page", "count": 1})])

    def import_file(self, numbers, *, dry_run=True):
        rows = [["350203001001", f"H{i}", "测试", number, "户主", "", ""] for i, number in enumerate(numbers)]
        path = _csv(RESIDENT_HEADER, rows)
        return run_import(ResidentImporter(self.tree.users["community"]), path, path.name, dry_run=dry_run)

    def test_a_dry_run_import_answers_neutrally_and_its_look_ups_are_logged(self):
        result = self.import_file([self.elsewhere[0], self.elsewhere[1], next_id_number()])
        self.assertEqual(
            [(e.row, e.column, e.message) for e in result.errors],
            [(2, "身份证号码", NOT_HERE), (3, "身份证号码", NOT_HERE)],
        )
        self.assertEqual(self.lookups(), [("community_user", False, {"source": "import:residents", "count": 2})])

    def test_an_import_above_the_limit_is_refused_as_a_whole(self):
        before = self.residents()
        result = self.import_file([*self.elsewhere, next_id_number()], dry_run=False)
        self.assertEqual([(e.row, e.column, e.message) for e in result.errors], [(0, "", PAUSED)])
        self.assertEqual(self.residents(), before)
        self.assertEqual(self.lookups(), [("community_user", False, {"source": "import:residents", "count": 21})])
        again = self.import_file([next_id_number()])
        self.assertEqual([(e.row, e.message) for e in again.errors], [(0, PAUSED)])


class ExpiringBoundsTests(Issue12TestCase):
    """Issue #12 crashes (SVC-7, DESIGN.md §11 "outside input is bounded"): `expiring` beyond the date range was a
    500 (OverflowError); it is bounded to 0..3650 days, and anything else is a 400 naming the parameter."""

    def test_out_of_range_and_malformed_values_are_a_400_naming_the_parameter(self):
        client = self.api("community")
        for value, message in (
            ("10000000000", "确保该值小于或等于3650。"),
            ("3651", "确保该值小于或等于3650。"),
            ("-1", "确保该值大于或等于0。"),
            ("-10000000000", "确保该值大于或等于0。"),
            ("1.5", "输入整数。"),
            ("abc", "输入整数。"),
        ):
            with self.subTest(value=value):
                response = client.get("/api/people/floating/", {"expiring": value})
                self.assertEqual((response.status_code, response.json()), (400, {"expiring": [message]}))
        for value in ("0", "3650"):
            self.assertEqual(client.get("/api/people/floating/", {"expiring": value}).status_code, 200)
        self.client.force_login(self.tree.users["community"])
        page = self.client.get("/people/floating/", {"expiring": "10000000000"})
        self.assertEqual(page.status_code, 200)
        self.assertEqual(page.context["filterset"].errors, {"expiring": ["确保该值小于或等于3650。"]})
