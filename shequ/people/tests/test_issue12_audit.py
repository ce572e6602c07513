"""The population register's part of issue #12's audit bullet and crawl (DESIGN.md §5, §6, §11; AC-4, AU-1).

- The residents' care filter offers only the categories the user may see (found by the crawl, `core/tests/test_crawl`).
"""

from django.test import TestCase
from rest_framework.test import APIClient

from shequ.core.testing.fixtures import build_tree
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
