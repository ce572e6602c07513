"""Help and education (帮教, GOV-4; issue #17 item 4): a restricted register.

Only the roles holding it see it (street staff and administrators, not community staff, grid workers, departments or
auditors); its pages open after a stated reason and its API answers only a request that states one; every view is
access-logged with the reason; the kind, notes and visit contents are stored only encrypted and never enter the
change log; a duplicate kind is a Chinese form error, never an error page.
"""

from datetime import date, timedelta
from urllib.parse import quote

import time_machine
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from shequ.accounts.roles import Role
from shequ.core.choices import AccessEvent
from shequ.core.models import AccessLog
from shequ.core.restricted import REASON_TTL
from shequ.core.testing.fixtures import build_tree, make_user
from shequ.core.testing.scope import ScopeMatrix
from shequ.people.testing import make_resident
from shequ.safety import models
from shequ.safety.choices import HelpKind
from shequ.safety.personal import seal

STARTED = date(2026, 1, 5)


def resident_in(community):
    return make_resident(community, f"林某{community.pk}")


def case_for(resident, kind=HelpKind.CORRECTIONS, notes="矫正期两年，每月报到"):
    case = models.HelpEducationCase(resident=resident, started_on=STARTED)
    seal(case, "kind", kind, indexed=True)
    seal(case, "notes", notes)
    case.save()
    return case


class HelpEducationCaseScopeTests(ScopeMatrix, TestCase):
    model = models.HelpEducationCase
    writer_level = "street"
    export_key = "resident"

    @classmethod
    def make_object(cls, community):
        return case_for(resident_in(community))

    def create_payload(self, key):
        resident = make_resident(self.tree[key], "许某")
        return {"resident": resident.pk, "kind": "released_prison", "started_on": "2026-02-01", "notes": "刑满释放"}

    def form_data(self, key):
        return {**self.create_payload(key), "visit_every_days": 30, "status": "active"}

    def update_payload(self):
        return {"visit_every_days": 14}


class HelpGroupMemberScopeTests(ScopeMatrix, TestCase):
    model = models.HelpGroupMember
    writer_level = "street"

    @classmethod
    def make_object(cls, community):
        case = models.HelpEducationCase.objects.unscoped("test").filter(resident__community=community).first()
        return models.HelpGroupMember.objects.create(case=case or case_for(resident_in(community)), name="陈干部")

    def create_payload(self, key):
        return {"case": self.objects[key].case_id, "name": "林民警", "role": "police"}

    form_data = create_payload

    def update_payload(self):
        return {"role": "volunteer"}


class HelpVisitScopeTests(ScopeMatrix, TestCase):
    model = models.HelpVisit
    writer_level = "street"
    export_key = "visited_on"

    @classmethod
    def make_object(cls, community):
        visit = models.HelpVisit(case=case_for(resident_in(community)), visited_on=date(2026, 2, 1), visitor="陈干部")
        seal(visit, "content", "谈心，已落实就业")
        visit.save()
        return visit

    def create_payload(self, key):
        return {"case": self.objects[key].case_id, "visited_on": "2026-03-01", "visitor": "林民警", "content": "走访"}

    form_data = create_payload

    def update_payload(self):
        return {"visitor": "王社工"}


class RestrictedRegisterTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.resident = resident_in(cls.tree["C1"])
        cls.case = case_for(cls.resident)
        cls.grid = make_user("grid_worker_user", Role.GRID_WORKER, cls.tree["C1"])
        cls.department = make_user("department_user", Role.DEPARTMENT_STAFF, cls.tree["city"])

    def reason(self, text="例行走访核查", next_url=None):
        url = reverse("core:restricted_reason", args=["safety.helpeducationcase"])
        return self.client.post(url, {"reason": text, "next": next_url or reverse("safety:helpeducationcase_list")})

    def test_pages_ask_for_a_reason_then_log_every_view_with_it(self):
        street = self.tree.users["street"]
        self.client.force_login(street)
        detail = reverse("safety:helpeducationcase_detail", args=[self.case.pk])
        response = self.client.get(detail)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            response["Location"],
            reverse("core:restricted_reason", args=["safety.helpeducationcase"]) + "?next=" + quote(detail, safe=""),
        )
        self.assertFalse(AccessLog.objects.filter(event=AccessEvent.RESTRICTED_VIEW).exists())

        short = self.reason("看看")
        self.assertEqual(short.status_code, 400)
        self.assertContains(short, "请填写 4 至 200 个字的理由。", status_code=400)
        self.assertEqual(self.reason("例行\x07走访核查").status_code, 400)  # control characters: not a reason

        given = self.reason(next_url=detail)
        self.assertRedirects(given, detail, fetch_redirect_response=False)
        page = self.client.get(detail)
        self.assertContains(page, "社区矫正人员")  # the sealed kind, shown to the permitted user
        self.assertContains(page, "矫正期两年，每月报到")
        self.assertContains(page, "受限信息")
        self.client.get(reverse("safety:helpeducationcase_list"))
        self.client.get(reverse("safety:helpeducationcase_list"), {"export": "csv"})

        reasons = AccessLog.objects.filter(event=AccessEvent.RESTRICTED_REASON)
        self.assertEqual(
            [(row.username, row.detail) for row in reasons],
            [(street.username, {"register": "safety.helpeducationcase", "reason": "例行走访核查"})],
        )
        views = AccessLog.objects.filter(event=AccessEvent.RESTRICTED_VIEW).order_by("id")
        self.assertEqual(
            [(row.object_id, row.division_code, row.detail["page"], row.detail["reason"]) for row in views],
            [
                (str(self.case.pk), "350203001001", "HelpEducationCaseDetail", "例行走访核查"),
                ("", settings_city(), "ObjectListView", "例行走访核查"),
                ("", settings_city(), "ObjectListView:export", "例行走访核查"),
            ],
        )

    def test_the_reason_lapses_and_is_per_register(self):
        self.client.force_login(self.tree.users["street"])
        self.reason()
        listing = reverse("safety:helpeducationcase_list")
        self.assertEqual(self.client.get(listing).status_code, 200)
        # Another restricted register asks for its own reason.
        self.assertEqual(self.client.get(reverse("safety:helpvisit_list")).status_code, 302)
        with time_machine.travel(timezone.now() + REASON_TTL + timedelta(seconds=1)):
            self.assertEqual(self.client.get(listing).status_code, 302)

    def test_next_never_leaves_the_site(self):
        self.client.force_login(self.tree.users["street"])
        response = self.reason(next_url="https://evil.example.com/")
        self.assertRedirects(response, reverse("safety:helpeducationcase_list"), fetch_redirect_response=False)

    def test_api_needs_a_stated_reason_and_logs_it(self):
        api = APIClient()
        api.force_login(self.tree.users["district"])
        url = reverse("safety-api:helpeducationcase-detail", args=[self.case.pk])
        refused = api.get(url)
        self.assertEqual(refused.status_code, 403)
        self.assertEqual(refused.data["detail"], "受限信息：请在 X-Access-Reason 请求头中说明理由（4 至 200 个字）。")
        answered = api.get(url, HTTP_X_ACCESS_REASON=quote("核查矫正人员报到"))
        self.assertEqual(answered.status_code, 200)
        self.assertEqual((answered.data["kind"], answered.data["notes"]), ("corrections", "矫正期两年，每月报到"))
        row = AccessLog.objects.get(event=AccessEvent.RESTRICTED_VIEW)
        self.assertEqual(
            (row.username, row.object_id, row.detail["reason"], row.detail["page"]),
            ("district_user", str(self.case.pk), "核查矫正人员报到", "api:retrieve"),
        )

    def test_roles_without_the_right_never_see_it(self):
        detail = reverse("safety:helpeducationcase_detail", args=[self.case.pk])
        reason_page = reverse("core:restricted_reason", args=["safety.helpeducationcase"])
        resident_page = reverse("people:resident_detail", args=[self.resident.pk])
        for user in (self.tree.users["community"], self.grid, self.department, self.tree.users["auditor"]):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(detail).status_code, 403)
                self.assertEqual(self.client.get(reason_page).status_code, 404)
                home = self.client.get("/")
                self.assertNotContains(home, "帮教")
                resident = self.client.get(resident_page)
                if resident.status_code == 200:
                    self.assertNotContains(resident, "帮教")
                    self.assertNotContains(resident, "矫正")
                changes = self.client.get(reverse("core:objectchange_list"))
                if changes.status_code == 200:
                    self.assertNotContains(changes, "帮教")
                api = APIClient()
                api.force_login(user)
                self.assertEqual(api.get("/api/safety/help-education/", HTTP_X_ACCESS_REASON="test").status_code, 403)

    def test_sealed_values_are_ciphertext_and_stay_out_of_the_change_log(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM safety_helpeducationcase WHERE id = %s", [self.case.pk])
            row = " ".join(str(value) for value in cursor.fetchone())
        self.assertNotIn("corrections", row)
        self.assertNotIn("矫正期", row)
        self.assertEqual(self.case.kind, "corrections")
        # What the change log keeps of a record is its snapshot: the sealed columns are not in it.
        self.assertEqual(
            sorted(self.case.snapshot()),
            sorted(["resident", "started_on", "ends_on", "visit_every_days", "status", "division_code", "created_by"]),
        )

    def test_a_second_case_of_the_same_kind_is_a_form_error(self):
        self.client.force_login(self.tree.users["street"])
        self.reason()
        response = self.client.post(
            reverse("safety:helpeducationcase_add"),
            {
                "resident": self.resident.pk,
                "kind": "corrections",
                "started_on": "2026-02-01",
                "visit_every_days": 30,
                "status": "active",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["form"].errors["kind"], ["该居民已有此类帮教档案。"])
        api = APIClient()
        api.force_login(self.tree.users["street"])
        answer = api.post(
            "/api/safety/help-education/",
            {"resident": self.resident.pk, "kind": "corrections", "started_on": "2026-02-01"},
            format="json",
            HTTP_X_ACCESS_REASON="routine",
        )
        self.assertEqual(answer.status_code, 400)
        self.assertEqual(answer.data["kind"], ["该居民已有此类帮教档案。"])
        other = api.post(
            "/api/safety/help-education/",
            {"resident": self.resident.pk, "kind": "at_risk_youth", "started_on": "2026-02-01"},
            format="json",
            HTTP_X_ACCESS_REASON="routine",
        )
        self.assertEqual(other.status_code, 201, other.data)

    def test_next_visit_due_follows_the_plan(self):
        self.assertEqual(self.case.next_visit_due(), STARTED + timedelta(days=30))
        visit = models.HelpVisit(case=self.case, visited_on=date(2026, 3, 2), visitor="陈干部")
        seal(visit, "content", "谈心")
        visit.save()
        self.assertEqual(self.case.next_visit_due(), date(2026, 4, 1))

    def test_the_list_reads_every_rows_next_visit_in_one_query(self):
        """A page of cases prefetches the visits' days: its queries do not grow with its rows, page or API."""
        for n in range(4):
            case = case_for(make_resident(self.tree["C1"], f"黄某{n}"))
            visit = models.HelpVisit(case=case, visited_on=date(2026, 3, 10 + n), visitor="陈干部")
            seal(visit, "content", "谈心")
            visit.save()
        self.client.force_login(self.tree.users["street"])
        self.reason()
        url = reverse("safety:helpeducationcase_list")
        self.client.get(url)  # warm: the session, the reason
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(url)
        visits = [q["sql"] for q in captured.captured_queries if '"safety_helpvisit"' in q["sql"]]
        self.assertEqual(len(visits), 1)
        self.assertIn("2026年4月12日", response.content.decode())  # 黄某3: visited 13 March, every 30 days
        api = APIClient()
        api.force_login(self.tree.users["street"])
        with CaptureQueriesContext(connection) as captured:
            answer = api.get("/api/safety/help-education/", HTTP_X_ACCESS_REASON="routine")
        visits = [q["sql"] for q in captured.captured_queries if '"safety_helpvisit"' in q["sql"]]
        self.assertEqual((answer.status_code, len(visits)), (200, 1))
        self.assertEqual(
            sorted(row["next_visit_due"] for row in answer.data["results"]),
            ["2026-02-04", "2026-04-09", "2026-04-10", "2026-04-11", "2026-04-12"],
        )


def settings_city() -> str:
    from django.conf import settings

    return settings.SHEQU_CITY_CODE


class SeedTests(TestCase):
    """`make run` seeds the demo community's safe-community records (issue #17), once."""

    def test_seed_safety_fills_the_demo_community_once(self):
        from io import StringIO

        from django.core.management import call_command

        tree = build_tree()
        resident_in(tree["C1"])
        call_command("seed_safety", "--city", "350200000000", stdout=StringIO())
        unscoped = {
            model: model.objects.unscoped("test")
            for model in (
                models.PoliceRoom,
                models.PoliceOfficer,
                models.PatrolRecord,
                models.SurveillanceDevice,
                models.DeviceStatusReport,
                models.DisputeCase,
                models.DisputeParty,
                models.HelpEducationCase,
                models.HelpGroupMember,
                models.HelpVisit,
                models.FireInspection,
                models.SafetyActivity,
            )
        }
        self.assertEqual([queryset.count() for queryset in unscoped.values()], [1, 2, 7, 1, 1, 1, 2, 1, 2, 1, 1, 1])
        self.assertEqual({room.division_code for room in unscoped[models.PoliceRoom]}, {tree["C1"].code})
        self.assertEqual(unscoped[models.HelpEducationCase].get().kind, HelpKind.CORRECTIONS)
        out = StringIO()
        call_command("seed_safety", "--city", "350200000000", "--if-empty", stdout=out)
        self.assertEqual(out.getvalue().strip(), "Safe-community records are present already; nothing seeded.")
        self.assertEqual(unscoped[models.PoliceRoom].count(), 1)
