"""No control characters in stored text (issue #12 "wrong answers", DESIGN.md §11): refused in forms, the API and
import cells, naming the field; ordinary line breaks and tabs pass."""

from django.test import SimpleTestCase, TestCase
from django.urls import reverse
from rest_framework.test import APIClient

from shequ.core.importing import RegisterImporter
from shequ.core.testing.fixtures import build_tree
from shequ.core.text import has_control_characters
from shequ.volunteers.models import VolunteerTeam

MESSAGE = "含有控制字符，请删除后重试。"


class ControlCharacterTests(SimpleTestCase):
    def test_what_counts(self):
        for text in ("a\x01", "\x1b[31m", "x\x00", "\x7f", "\x85", "\ufffe", "\ud800"):
            with self.subTest(text=repr(text)):
                self.assertTrue(has_control_characters(text))
        for text in ("鸿山社区", "第一行\n第二行\r\n", "a\tb", "", None, 12):
            with self.subTest(text=repr(text)):
                self.assertFalse(has_control_characters(text))


class RefusedEverywhereTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()

    def test_api_refuses_naming_the_field_and_writes_nothing(self):
        api = APIClient()
        api.force_login(self.tree.users["community"])
        body = {"community": self.tree["C1"].code, "name": "服务队\x1b[2J", "members": []}
        response = api.post("/api/volunteers/teams/", body, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json(), {"name": [MESSAGE]})
        self.assertFalse(VolunteerTeam.objects.exists())

    def test_page_refuses_naming_the_field(self):
        self.client.force_login(self.tree.users["community"])
        response = self.client.post(
            reverse("volunteers:volunteerteam_add"), {"community": self.tree["C1"].pk, "name": "服务队\x01"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["form"].errors, {"name": [MESSAGE]})
        self.assertFalse(VolunteerTeam.objects.exists())

    def test_import_cell_is_refused_naming_the_column(self):
        importer = RegisterImporter(self.tree.users["community"])
        self.assertEqual(importer.text({"名称": "服务队\x07"}, "名称"), "服务队\x07")
        self.assertEqual(importer.errors, [("名称", MESSAGE)])
