"""Search pickers instead of whole registers in a select (issue #13; AC-1, DESIGN.md §5)."""

import re
from unittest import mock

from django.test import TestCase

from shequ.core.pickers import PICKER_AFTER
from shequ.core.testing.fixtures import build_tree
from shequ.people.models import Household
from shequ.people.testing import make_household, make_households, make_resident

ID_NUMBER = "11010519491231002X"


def options(html: str, name: str) -> list[str]:
    """The option values of the select named `name` in a page."""
    match = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert match, f"no select {name}"
    return re.findall(r'<option value="([^"]*)"', match.group(1))


class PickerTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        # One more household than a select may list, in the street user's two communities (odd numbers in C1).
        for household in make_households(cls.tree["C1"], PICKER_AFTER + 1):
            if int(household.number[1:]) % 2 == 0:
                household.community, household.division_code = cls.tree["C2"], cls.tree["C2"].code
                household.save()
        cls.outside = make_household(cls.tree["C4"], "Z999")

    def page(self, level, url):
        self.client.force_login(self.tree.users[level])
        return self.client.get(url).content.decode()

    def ask(self, level, url, field, text):
        self.client.force_login(self.tree.users[level])
        response = self.client.post(url, {"_picker": field, "q": text})
        self.assertEqual(response.status_code, 200, response.content)
        return [(row["text"]) for row in response.json()["results"]]

    def test_a_large_choice_renders_no_list_only_the_picker(self):
        html = self.page("street", "/people/residents/add/")
        self.assertTrue('data-picker="household"' in html)
        self.assertEqual(options(html, "household"), [""])

    def test_an_edit_page_carries_only_the_chosen_record(self):
        resident = make_resident(self.tree["C1"], "陈一", household=Household.objects.get(number="A007"))
        html = self.page("street", f"/people/residents/{resident.pk}/edit/")
        self.assertEqual(options(html, "household"), ["", str(resident.household_id)])
        self.assertIn("A007 · 鸿山社区居委会", html)

    def test_matches_come_from_the_users_jurisdiction_only(self):
        self.assertEqual(
            self.ask("street", "/people/residents/add/", "household", "A09"),
            # in register order: by community code (鸿山 before 蜂巢山), then number
            [f"A{n:03d} · 鸿山社区居委会" for n in range(91, 100, 2)]
            + [f"A{n:03d} · 蜂巢山社区居委会" for n in range(90, 100, 2)],
        )
        self.assertEqual(self.ask("street", "/people/residents/add/", "household", "Z99"), [])
        self.assertEqual(self.ask("city", "/people/residents/add/", "household", "Z99"), ["Z999 · 湖里社区居委会"])

    def test_an_empty_query_answers_the_first_twenty(self):
        self.assertEqual(len(self.ask("street", "/people/residents/add/", "household", "")), 20)

    def test_a_forged_choice_outside_the_jurisdiction_is_refused(self):
        self.client.force_login(self.tree.users["street"])
        response = self.client.post(
            "/people/residents/add/",
            {"community": self.tree["C1"].pk, "household": self.outside.pk, "name": "王五", "relation": "head"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("household", response.context["form"].errors)
        self.assertEqual(options(response.content.decode(), "household"), [""])

    def test_a_garbage_choice_is_an_error_not_a_crash(self):
        self.client.force_login(self.tree.users["street"])
        response = self.client.post("/people/residents/add/", {"household": "abc", "name": "王五"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("household", response.context["form"].errors)

    def test_an_unknown_field_or_hostile_text_is_a_clear_400(self):
        self.client.force_login(self.tree.users["street"])
        for data in ({"_picker": "nope", "q": "A"}, {"_picker": "household", "q": "A\x00"},
                     {"_picker": "household", "q": "A" * 51}):  # fmt: skip
            response = self.client.post("/people/residents/add/", data)
            self.assertEqual(response.status_code, 400, data)
            self.assertIn("error", response.json())

    def test_a_lone_choice_is_chosen_in_advance(self):
        html = self.page("community", "/people/residents/add/")
        match = re.search(r'<select name="community"[^>]*>(.*?)</select>', html, re.S)
        self.assertRegex(match.group(1), rf'<option value="{self.tree["C1"].pk}" selected>')

    def test_a_resident_reads_with_the_masked_id_number_never_the_whole(self):
        make_resident(self.tree["C1"], "曾国藩", id_number=ID_NUMBER)
        with mock.patch("shequ.core.pickers.PICKER_AFTER", 0):
            html = self.page("street", "/people/care/add/")
            self.assertTrue('data-picker="resident"' in html)
            for text in ("曾国", "zgf", ID_NUMBER):
                answer = self.ask("street", "/people/care/add/", "resident", text)
                self.assertEqual(answer, ["曾国藩 · 110***********002X · 鸿山社区居委会"], text)

    def test_an_empty_choice_reads_in_words_not_dashes(self):
        html = self.page("street", "/people/residents/add/")
        self.assertEqual(html.count("---------"), 0)
        empty = re.findall(r'<select name="education"[^>]*>\s*<option value="" selected>([^<]*)<', html)
        self.assertEqual(empty, ["（请选择）"])
