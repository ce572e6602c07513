"""The population register's part of issue #12's audit bullet and crawl (DESIGN.md §5, §6, §11; AC-4, AU-1).

- The residents' care filter offers only the categories the user may see (found by the crawl, `core/tests/test_crawl`).
- Unmasking is throttled per user and hour (`SHEQU_UNMASK_PER_HOUR`); beyond, it is refused, an `unmask_limit`
  access-log row is written (the security administrator's access-log page lists them under that event) and a WARNING
  goes to the `shequ.security` logger — core and people have no notification channel of their own, and the call
  centre's outbox belongs to work orders, which they may not import.
- Pages showing an unmasked value, or taking plaintext personal data, send `Cache-Control: no-store`.
"""

from datetime import timedelta

import time_machine
from django.test import TestCase, override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from shequ.accounts.roles import Role
from shequ.core.choices import AccessEvent
from shequ.core.models import AccessLog
from shequ.core.testing.fixtures import build_tree, make_user
from shequ.people.testing import make_resident

SENSITIVE_LABELS = ("刑释解教人员", "社区矫正人员", "有不良行为青少年")


class PeopleAuditTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.resident = make_resident(cls.tree["C1"], "曾国藩", phone="13859201234")

    def login(self, level):
        self.client.force_login(self.tree.users[level])


class CareFilterTests(PeopleAuditTestCase):
    """Issue #12 crawl, AC-4: the residents' list offered every care category in its filter to every role."""

    def care_options(self, level):
        self.login(level)
        response = self.client.get("/people/residents/")
        self.assertEqual(response.status_code, 200)
        form = response.context["filterset"].form
        return [value for value, _label in form.fields["care"].widget.choices] if "care" in form.fields else None

    def test_only_the_categories_the_user_may_see_are_offered(self):
        ordinary = ["", "elderly_alone", "disability", "dibao", "extreme_poverty", "entitled"]
        self.assertEqual(self.care_options("community"), ordinary)
        self.assertEqual(self.care_options("street"), [*ordinary, "released", "corrections", "at_risk_youth"])
        self.assertIsNone(self.care_options("auditor"))  # no care records at all: no filter
        for level in ("community", "auditor"):
            self.login(level)
            page = self.client.get("/people/residents/").content.decode()
            self.assertEqual([label for label in SENSITIVE_LABELS if label in page], [])
        self.login("street")
        page = self.client.get("/people/residents/").content.decode()
        self.assertEqual([label for label in SENSITIVE_LABELS if label in page], list(SENSITIVE_LABELS))

    def test_a_hidden_category_asked_for_by_address_is_still_refused(self):
        self.login("community")
        self.assertEqual(self.client.get("/people/residents/", {"care": "corrections"}).status_code, 403)
        self.login("auditor")
        self.assertEqual(self.client.get("/people/residents/", {"care": "dibao"}).status_code, 403)
        api = APIClient()
        api.force_login(self.tree.users["auditor"])
        self.assertEqual(api.get("/api/people/residents/", {"care": "dibao"}).status_code, 403)
        self.login("community")
        self.assertEqual(self.client.get("/people/residents/", {"care": "dibao"}).status_code, 200)


@override_settings(SHEQU_UNMASK_PER_HOUR=3)
class UnmaskLimitTests(PeopleAuditTestCase):
    """Issue #12 audit (AU-1): unmasking throttled per user per hour, with an alert to the security administrator."""

    def unmask(self, level="community", field="phone"):
        self.login(level)
        return self.client.post(f"/people/residents/{self.resident.pk}/", {"field": field, "reason": "回访核实"})

    def test_beyond_the_hourly_limit_unmasking_is_refused_and_alerted(self):
        for _ in range(3):
            self.assertEqual(self.unmask().context["revealed"], ("联系电话", "13859201234"))
        with self.assertLogs("shequ.security", "WARNING") as alerts:
            refused = self.unmask(field="id_number")
            again = self.unmask()
        for response in (refused, again):
            self.assertEqual(response.status_code, 200)
            self.assertIsNone(response.context["revealed"])
            self.assertEqual(
                response.context["unmask_form"].non_field_errors(),
                ["您本小时查看个人信息已达上限（3 次），查看已暂停，并已通知安全管理员。请稍后再试。"],
            )
            self.assertNotContains(response, "13859201234")
        self.assertEqual(AccessLog.objects.filter(event=AccessEvent.UNMASK).count(), 3)
        rows = AccessLog.objects.filter(event=AccessEvent.UNMASK_LIMIT).order_by("pk")
        self.assertEqual(
            [(row.username, row.success, row.object_id, row.division_code, row.detail) for row in rows],
            [
                ("community_user", False, str(self.resident.pk), "350203001001", {"field": "id_number", "limit": 3}),
                ("community_user", False, str(self.resident.pk), "350203001001", {"field": "phone", "limit": 3}),
            ],
        )
        # One WARNING per user and hour, naming the user, without personal data.
        user_id = self.tree.users["community"].pk
        self.assertEqual(
            alerts.output,
            [
                f"WARNING:shequ.security:unmask limit exceeded: user community_user (id {user_id}) reached 3 "
                "unmaskings within the hour; further ones are refused"
            ],
        )

    def test_the_limit_is_per_user_and_per_hour(self):
        for _ in range(3):
            self.unmask()
        with self.assertLogs("shequ.security", "WARNING"):
            self.assertIsNone(self.unmask().context["revealed"])
        self.assertEqual(self.unmask("street").context["revealed"], ("联系电话", "13859201234"))  # another user
        with time_machine.travel(timezone.now() + timedelta(minutes=61)):
            self.assertEqual(self.unmask().context["revealed"], ("联系电话", "13859201234"))

    def test_the_security_administrator_finds_the_alerts_on_the_access_log(self):
        for _ in range(3):
            self.unmask()
        with self.assertLogs("shequ.security", "WARNING"):
            self.unmask()
        security = make_user("security_user", Role.SECURITY_ADMIN, self.tree["city"])
        self.client.force_login(security)
        page = self.client.get("/access-log/", {"event": AccessEvent.UNMASK_LIMIT})
        self.assertEqual(page.status_code, 200)
        self.assertEqual([row.event for row, _cells in page.context["rows"]], [AccessEvent.UNMASK_LIMIT])
        self.assertContains(page, "超出查看个人信息次数上限")

    def test_a_refused_unmask_without_the_right_does_not_count_or_alert(self):
        self.client.force_login(make_user("grid_user", Role.GRID_WORKER, self.tree["C1"]))
        response = self.client.post(f"/people/residents/{self.resident.pk}/", {"field": "phone", "reason": "好奇"})
        self.assertEqual(response.status_code, 403)
        self.assertFalse(AccessLog.objects.filter(event__in=[AccessEvent.UNMASK, AccessEvent.UNMASK_LIMIT]).exists())


class NoStoreTests(PeopleAuditTestCase):
    """Issue #12 audit (PI-4): pages that show an unmasked value, or take one, are never stored by a cache."""

    def assert_no_store(self, response):
        self.assertIn("no-store", response["Cache-Control"])
        self.assertIn("private", response["Cache-Control"])

    def test_the_unmask_answer_and_the_residents_page_are_not_stored(self):
        self.login("community")
        revealed = self.client.post(f"/people/residents/{self.resident.pk}/", {"field": "phone", "reason": "回访核实"})
        self.assertContains(revealed, "13859201234")
        self.assert_no_store(revealed)
        self.assert_no_store(self.client.get(f"/people/residents/{self.resident.pk}/"))

    def test_forms_that_take_plaintext_are_not_stored(self):
        self.login("community")
        refused = self.client.post(
            "/people/residents/add/",
            {"community": self.tree["C1"].code, "name": "李四", "id_number": "11010519491231002X", "phone": "1385920"},
        )
        self.assertEqual(refused.status_code, 200)
        self.assertContains(refused, "11010519491231002X")  # shown again as typed, so never stored
        self.assert_no_store(refused)
        for path in (
            "/people/residents/add/",
            f"/people/residents/{self.resident.pk}/edit/",
            "/people/households/add/",
            "/people/care/add/",
        ):
            self.assert_no_store(self.client.get(path))

    def test_other_pages_keep_their_caching(self):
        self.login("community")
        self.assertNotIn("no-store", self.client.get("/people/residents/").get("Cache-Control", ""))
