"""The population register's own rules: privacy, duties, search, moves (issue #3; SVC-4, SVC-7, DESIGN.md §5)."""

import csv
import io
from datetime import date

from django.db import connection
from django.test import TestCase
from rest_framework.test import APIClient

from shequ.accounts.models import Assignment
from shequ.accounts.roles import Role
from shequ.core.models import AccessLog, ObjectChange
from shequ.core.testing.fixtures import build_tree, make_user
from shequ.people import services
from shequ.people.choices import CareCategory, MoveKind, ResidenceStatus
from shequ.people.models import CareRecord, Resident, ResidentMove
from shequ.people.testing import make_household, make_resident

ID_NUMBER = "11010519491231002X"
PHONE = "13812345678"


class PeopleTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.household = make_household(cls.tree["C1"], "A001")
        cls.zeng = make_resident(cls.tree["C1"], "曾国藩", household=cls.household, id_number=ID_NUMBER, phone=PHONE)
        services.set_address(cls.zeng, "厦门市思明区鸿山路1号3单元502")
        cls.zeng.save()
        cls.shan = make_resident(cls.tree["C1"], "单田芳", household=cls.household, relation="spouse")
        cls.child = make_resident(
            cls.tree["C1"], "曾小明", household=cls.household, relation="child", id_number="350203201506010021"
        )
        CareRecord.objects.create(resident=cls.zeng, category=CareCategory.DIBAO)
        CareRecord.objects.create(resident=cls.zeng, category=CareCategory.CORRECTIONS)
        grid_user = make_user("grid_user", Role.GRID_WORKER, cls.tree["C1"])
        cls.tree.users["grid"] = grid_user

    def api(self, level):
        client = APIClient()
        client.force_login(self.tree.users[level])
        return client


class PrivacyTests(PeopleTestCase):
    def test_no_plaintext_id_number_or_phone_anywhere_in_the_database(self):
        with connection.cursor() as cursor:
            for table in ("people_resident", "people_household", "people_carerecord", "core_objectchange"):
                cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 (fixed table names)
                text = repr(cursor.fetchall())
                self.assertNotIn(ID_NUMBER, text, table)
                self.assertNotIn(PHONE, text, table)
                self.assertNotIn("鸿山路1号3单元502", text, table)

    def test_masked_in_api_page_and_export(self):
        row = self.api("community").get(f"/api/people/residents/{self.zeng.pk}/").data
        self.assertEqual((row["id_number_masked"], row["phone_masked"]), ("110***********002X", "138****5678"))
        self.assertNotIn("id_number", row)
        self.client.force_login(self.tree.users["community"])
        page = self.client.get(f"/people/residents/{self.zeng.pk}/").content.decode()
        self.assertIn("110***********002X", page)
        self.assertNotIn(ID_NUMBER, page)
        self.assertNotIn(PHONE, page)
        for stored in (self.zeng.id_number_encrypted, self.zeng.id_number_digest, self.zeng.phone_encrypted):
            self.assertNotIn(stored, page)  # neither ciphertext nor blind index is ever shown
        household_page = self.client.get(f"/people/households/{self.household.pk}/").content.decode()
        self.assertNotIn(self.household.registered_address_encrypted or "k1:", household_page)
        export = self.client.get("/people/residents/", {"export": "csv"})
        text = b"".join(export.streaming_content).decode("utf-8-sig")
        self.assertIn("110***********002X", text)
        self.assertNotIn(ID_NUMBER, text)
        self.assertEqual(AccessLog.objects.filter(event="export", username="community_user").count(), 1)

    def test_sex_and_birth_date_come_from_the_id_number_and_minors_are_derived(self):
        self.assertEqual(
            (self.zeng.sex, self.zeng.birth_date, self.zeng.is_minor), ("female", date(1949, 12, 31), False)
        )
        self.assertEqual((self.child.birth_date, self.child.is_minor), (date(2015, 6, 1), True))
        response = self.api("community").get("/api/people/residents/", {"minor": "true"})
        self.assertEqual([r["name"] for r in response.data["results"]], ["曾小明"])


class UnmaskTests(PeopleTestCase):
    def test_unmask_needs_a_reason_and_writes_the_access_log(self):
        self.client.force_login(self.tree.users["community"])
        response = self.client.post(f"/people/residents/{self.zeng.pk}/", {"field": "id_number", "reason": ""})
        self.assertIsNone(response.context["revealed"])
        self.assertFalse(AccessLog.objects.filter(event="unmask").exists())
        response = self.client.post(f"/people/residents/{self.zeng.pk}/", {"field": "phone", "reason": "回访核实"})
        self.assertEqual(response.context["revealed"], ("联系电话", PHONE))
        log = AccessLog.objects.get(event="unmask")
        self.assertEqual(
            (log.username, log.object_id, log.detail),
            ("community_user", str(self.zeng.pk), {"field": "phone", "reason": "回访核实"}),
        )

    def test_roles_without_the_duty_cannot_unmask(self):
        self.client.force_login(self.tree.users["grid"])
        response = self.client.post(f"/people/residents/{self.zeng.pk}/", {"field": "id_number", "reason": "好奇"})
        self.assertEqual(response.status_code, 403)
        self.assertFalse(AccessLog.objects.filter(event="unmask").exists())
        self.assertNotContains(self.client.get(f"/people/residents/{self.zeng.pk}/"), 'id="unmask-form"')


class CareDutyTests(PeopleTestCase):
    def categories(self, level):
        row = self.api(level).get(f"/api/people/residents/{self.zeng.pk}/").data
        return sorted(r["category"] for r in row["care_records"]) if "care_records" in row else None

    def test_care_data_follows_the_duty(self):
        self.assertIsNone(self.categories("grid"))  # absent, not empty
        self.assertEqual(self.categories("community"), ["dibao"])  # no sensitive-care duty
        self.assertEqual(self.categories("street"), ["corrections", "dibao"])

    def test_filtering_on_care_is_refused_without_the_duty(self):
        self.assertEqual(self.api("grid").get("/api/people/residents/", {"care": "dibao"}).status_code, 403)
        self.assertEqual(self.api("community").get("/api/people/residents/", {"care": "corrections"}).status_code, 403)
        response = self.api("street").get("/api/people/residents/", {"care": "corrections"})
        self.assertEqual([r["name"] for r in response.data["results"]], ["曾国藩"])
        self.client.force_login(self.tree.users["grid"])
        self.assertEqual(self.client.get("/people/residents/", {"care": "dibao"}).status_code, 403)

    def test_care_register_hides_sensitive_records_from_community_staff(self):
        rows = self.api("community").get("/api/people/care/").data["results"]
        self.assertEqual([r["category"] for r in rows], ["dibao"])
        self.assertEqual(self.api("grid").get("/api/people/care/").status_code, 403)


class SearchTests(PeopleTestCase):
    def names(self, q, level="community"):
        response = self.api(level).post("/api/people/residents/search/", {"q": q}, format="json")
        self.assertEqual(response.status_code, 200)
        return sorted(r["name"] for r in response.data["results"])

    def test_id_and_phone_numbers_are_refused_in_the_query_string(self):
        """DESIGN.md §5 / AU-5: an ID or phone number never travels in a URL, so a GET search for one is a 400."""
        for value in (ID_NUMBER, "13812345678"):
            response = self.api("community").get("/api/people/residents/", {"q": value})
            self.assertEqual(response.status_code, 400)
            self.assertEqual(response.data, {"q": ["请在搜索框中查找身份证号码和电话号码，不要写在网址里。"]})
        self.assertEqual(self.api("community").get("/api/people/residents/", {"q": "zgf"}).data["count"], 1)
        self.assertEqual(self.api("grid").post("/api/people/residents/search/", {"q": "zgf"}).status_code, 200)
        self.assertEqual(self.api("auditor").post("/api/people/residents/search/", {"q": "zgf"}).data["count"], 1)

    def test_list_page_search_keeps_the_number_out_of_the_address(self):
        self.client.force_login(self.tree.users["community"])
        response = self.client.post("/people/residents/", {"q": ID_NUMBER, "sex": ""})
        self.assertEqual(response.status_code, 302)
        self.assertNotIn(ID_NUMBER, response.url)
        self.assertRegex(response.url, r"^/people/residents/\?sex=&qt=[\w-]+$")
        page = self.client.get(response.url)
        self.assertEqual([obj.name for obj in page.context["page"]], ["曾国藩"])
        self.assertNotIn(ID_NUMBER, page.context["query"])
        htmx = self.client.post("/people/residents/", {"q": "138 1234 5678"}, headers={"HX-Request": "true"})
        self.assertTemplateUsed(htmx, "generic/object_list_table.html")
        self.assertEqual([obj.name for obj in htmx.context["page"]], ["曾国藩"])
        self.assertRegex(htmx["HX-Push-Url"], r"^/people/residents/\?qt=[\w-]+$")
        typed = self.client.get("/people/residents/", {"q": ID_NUMBER})
        self.assertEqual(list(typed.context["page"]), [])
        self.assertContains(typed, "请在搜索框中查找身份证号码和电话号码，不要写在网址里。")
        self.client.force_login(self.tree.users["street"])  # another session does not hold the token
        self.assertEqual(self.client.get(response.url).context["page"].paginator.count, 3)

    def test_pinyin_initials_full_and_heteronym_surnames(self):
        self.assertEqual(self.names("zgf"), ["曾国藩"])
        self.assertEqual(self.names("cgf"), ["曾国藩"])
        self.assertEqual(self.names("zeng"), ["曾国藩", "曾小明"])
        self.assertEqual(self.names("shantian"), ["单田芳"])
        self.assertEqual(self.names("dtf"), ["单田芳"])

    def test_exact_id_number_phone_and_name(self):
        self.assertEqual(self.names(ID_NUMBER.lower()), ["曾国藩"])
        self.assertEqual(self.names("138 1234 5678"), ["曾国藩"])
        self.assertEqual(self.names("田芳"), ["单田芳"])
        self.assertEqual(self.names("110105194912310038"), [])

    def test_search_stays_within_the_jurisdiction(self):
        make_resident(self.tree["C4"], "曾国华")
        self.assertEqual(self.names("zg", "community"), ["曾国藩"])
        self.assertEqual(self.names("zg", "city"), ["曾国华", "曾国藩"])


class MoveTests(PeopleTestCase):
    def test_move_between_communities_keeps_each_communitys_history(self):
        target = make_household(self.tree["C2"], "B001")
        mover = self.shan
        Assignment.objects.create(
            user=self.tree.users["community"], role=Role.COMMUNITY_STAFF, division=self.tree["C2"]
        )
        community_a = make_user("a_user", Role.COMMUNITY_STAFF, self.tree["C1"])
        community_b = make_user("b_user", Role.COMMUNITY_STAFF, self.tree["C2"])
        services.move_resident(
            acting_user=self.tree.users["street"],
            resident=mover,
            to_household=target,
            day=date(2026, 3, 1),
            note="购房迁入",
        )
        self.assertFalse(Resident.objects.restrict(community_a).filter(pk=mover.pk).exists())
        self.assertTrue(Resident.objects.restrict(community_b).filter(pk=mover.pk).exists())
        self.assertEqual(
            list(
                ResidentMove.objects.restrict(community_a).values_list("kind", "other_community_code", "resident_name")
            ),
            [(MoveKind.MOVE_OUT, "350203001004", "单田芳")],
        )
        self.assertEqual(
            list(ResidentMove.objects.restrict(community_b).values_list("kind", "other_community_code")),
            [(MoveKind.MOVE_IN, "350203001001")],
        )
        mover.refresh_from_db()
        self.assertEqual((mover.division_code, mover.household, mover.relation), ("350203001004", target, "spouse"))
        self.assertEqual(ObjectChange.objects.filter(action="update", object_id=str(mover.pk)).count(), 0)

    def test_a_move_within_the_community_keeps_its_date_and_both_households(self):
        target = make_household(self.tree["C1"], "A002")
        self.client.force_login(self.tree.users["community"])
        response = self.client.post(
            f"/people/residents/{self.child.pk}/move/",
            {"kind": "transfer", "household": target.pk, "date": "2026-04-02", "note": "分户"},
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            list(ResidentMove.objects.unscoped("test").values_list("kind", "date", "division_code", "note")),
            [(MoveKind.CHANGE_HOUSEHOLD, date(2026, 4, 2), "350203001001", "A001 → A002；分户")],
        )
        self.child.refresh_from_db()
        self.assertEqual(self.child.household, target)

    def test_move_needs_both_ends_in_scope_and_changes_nothing_otherwise(self):
        target = make_household(self.tree["C4"], "D001")
        from django.core.exceptions import PermissionDenied

        with self.assertRaises(PermissionDenied):
            services.move_resident(
                acting_user=self.tree.users["street"], resident=self.shan, to_household=target, day=date(2026, 3, 1)
            )
        self.shan.refresh_from_db()
        self.assertEqual(self.shan.division_code, "350203001001")
        self.assertFalse(ResidentMove.objects.unscoped("test").exists())

    def test_death_and_moving_out_through_the_page(self):
        self.client.force_login(self.tree.users["community"])
        response = self.client.post(
            f"/people/residents/{self.child.pk}/move/",
            {"kind": "move_out", "date": "2026-02-01", "note": "随父母迁往外省"},
        )
        self.assertEqual(response.status_code, 302)
        self.child.refresh_from_db()
        self.assertEqual(self.child.residence_status, ResidenceStatus.MOVED_OUT)
        response = self.client.post(
            f"/people/residents/{self.child.pk}/move/", {"kind": "death", "date": "2026-02-02", "note": ""}
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["form"].non_field_errors(), ["只有在册居民才能办理迁移或死亡登记。"])
        kinds = list(
            ResidentMove.objects.restrict(self.tree.users["community"])
            .filter(resident=self.child)
            .values_list("kind", flat=True)
        )
        self.assertEqual(kinds, [MoveKind.MOVE_OUT])

    def test_transfer_without_a_household_names_the_field(self):
        self.client.force_login(self.tree.users["community"])
        response = self.client.post(
            f"/people/residents/{self.shan.pk}/move/", {"kind": "transfer", "date": "2026-02-01"}
        )
        self.assertEqual(response.context["form"].errors, {"household": ["请选择迁入的户。"]})


class ExportTests(PeopleTestCase):
    def test_resident_export_has_chinese_headers_and_masked_values(self):
        self.client.force_login(self.tree.users["street"])
        response = self.client.get("/people/residents/", {"export": "csv", "q": "zgf"})
        rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
        self.assertEqual(rows[0][:3], ["姓名", "身份证号码", "性别"])
        self.assertEqual(rows[1][:3], ["曾国藩", "110***********002X", "女"])
        self.assertEqual(len(rows), 2)


class FloatingTests(PeopleTestCase):
    def test_permits_expiring_soon_are_listed(self):
        import time_machine

        from shequ.people.models import FloatingRecord

        with time_machine.travel(date(2026, 11, 1)):
            for name, expiry in (("甲", date(2026, 11, 20)), ("乙", date(2026, 12, 15)), ("丙", date(2026, 10, 1))):
                resident = make_resident(self.tree["C1"], name, registration_type="floating")
                FloatingRecord.objects.create(
                    resident=resident, origin_code="510104", arrival_date=date(2025, 1, 1), permit_expiry=expiry
                )
            response = self.api("community").get("/api/people/floating/", {"expiring": 30})
            self.assertEqual(sorted(r["permit_expiry"] for r in response.data["results"]), ["2026-10-01", "2026-11-20"])
