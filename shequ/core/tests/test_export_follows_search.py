"""An export downloads what the list shows: after a search through htmx the export links are sent again with the
search's token (issue #13: 导出 gave the whole community after a search, more personal data than the clerk meant)."""

import re
from unittest import mock
from urllib.parse import quote

from django.test import TestCase

from shequ.core.testing.fixtures import build_tree
from shequ.places.models import ResidentialArea


class ExportFollowsSearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        for name in ("鸿山花园", "蜂巢新村", "鸿山小区"):
            ResidentialArea.objects.create(community=cls.tree.divisions["C1"], name=name)

    def test_the_export_link_after_an_htmx_search_exports_only_the_rows_found(self):
        self.client.force_login(self.tree.users["community"])
        response = self.client.post("/places/areas/", {"q": "鸿山"}, HTTP_HX_REQUEST="true")
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn('id="list-actions" hx-swap-oob="true"', html)
        links = re.findall(r'href="\?([^"]*export=csv)"', html)
        self.assertEqual(len(links), 1)
        self.assertIn("qt=", links[0])
        export = self.client.get("/places/areas/?" + links[0].replace("&amp;", "&"))
        self.assertEqual(export.status_code, 200)
        rows = b"".join(export.streaming_content).decode("utf-8-sig").strip().splitlines()
        self.assertEqual(sorted(row.split(",")[0] for row in rows[1:]), ["鸿山小区", "鸿山花园"])
        # The file says it holds a search's rows.
        name = quote("小区（筛选结果）")
        self.assertRegex(export["Content-Disposition"], rf"^attachment; filename\*=UTF-8''{name}-\d{{8}}-\d{{4}}\.csv$")

    def test_the_whole_registers_export_is_named_plainly(self):
        self.client.force_login(self.tree.users["community"])
        export = self.client.get("/places/areas/?export=csv")
        self.assertRegex(export["Content-Disposition"], rf"filename\*=UTF-8''{quote('小区')}-\d{{8}}-\d{{4}}\.csv$")

    def test_the_full_page_sends_the_buttons_once(self):
        self.client.force_login(self.tree.users["community"])
        html = self.client.get("/places/areas/").content.decode()
        self.assertEqual(html.count('id="list-actions"'), 1)
        self.assertNotIn("hx-swap-oob", html)


class YesNoWordsTests(TestCase):
    """Yes/no values read 是 / 否 on detail pages and in exports, and a yes/no filter offers 全部 / 是 / 否 — not
    "True", "—" for False, or 未知 meaning "any" (issue #13)."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.open_area = ResidentialArea.objects.create(
            community=cls.tree.divisions["C1"], name="开放小区", enclosed=False
        )

    def test_detail_and_export_say_yes_or_no(self):
        self.client.force_login(self.tree.users["community"])
        detail = self.client.get(f"/places/areas/{self.open_area.pk}/").content.decode()
        self.assertIn('封闭式管理</dt><dd class="col-sm-9">否</dd>', detail)
        export = self.client.get("/places/areas/?export=csv")
        rows = b"".join(export.streaming_content).decode("utf-8-sig").strip().splitlines()
        self.assertEqual(rows[1].split(",")[-1], "否")

    def test_a_yes_no_filter_offers_any_yes_no(self):
        self.client.force_login(self.tree.users["community"])
        html = self.client.get("/places/areas/").content.decode()
        select = re.search(r'<select name="enclosed"[^>]*>(.*?)</select>', html, re.S)[1]
        self.assertEqual(re.findall(r"<option[^>]*>([^<]*)</option>", select), ["全部", "是", "否"])
        self.assertNotIn("未知", html)
        found = self.client.get("/places/areas/?enclosed=false").content.decode()
        self.assertIn("开放小区", found)
        self.assertNotIn("开放小区", self.client.get("/places/areas/?enclosed=true").content.decode())


class EmptyChoiceWordsTests(TestCase):
    """A select with nothing chosen says so in Chinese, never Django's "---------" (issue #13)."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()

    def test_forms_say_choose_instead_of_dashes(self):
        self.client.force_login(self.tree.users["community"])
        html = self.client.get("/places/areas/add/").content.decode()
        self.assertNotIn("---------", html)
        grid = re.search(r'<select name="grid"[^>]*>(.*?)</select>', html, re.S)[1]
        self.assertEqual(re.findall(r"<option[^>]*>([^<]*)</option>", grid)[0], "（请选择）")


class TamperedFilterTests(TestCase):
    """A filter naming a division outside the user's jurisdiction is refused, never widened (issue #13, bad input):
    the list and its export hold nothing, and the division picker offers none of it."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        ResidentialArea.objects.create(community=cls.tree.divisions["C1"], name="鸿山花园")
        ResidentialArea.objects.create(community=cls.tree.divisions["C4"], name="湖里花园")

    def test_an_export_filtered_to_another_jurisdiction_is_empty(self):
        self.client.force_login(self.tree.users["street"])
        export = self.client.get("/places/areas/?division=350206001001&export=csv")
        rows = b"".join(export.streaming_content).decode("utf-8-sig").strip().splitlines()
        self.assertEqual(rows[1:], [])
        mine = self.client.get("/places/areas/?division=350203001001&export=csv")
        rows = b"".join(mine.streaming_content).decode("utf-8-sig").strip().splitlines()
        self.assertEqual([row.split(",")[0] for row in rows[1:]], ["鸿山花园"])

    def test_the_division_picker_offers_only_the_jurisdiction(self):
        self.client.force_login(self.tree.users["street"])
        with mock.patch("shequ.core.pickers.PICKER_AFTER", 0):
            html = self.client.get("/places/areas/").content.decode()
            self.assertIn('data-picker="division"', html)
            ask = self.client.post("/places/areas/", {"_picker": "division", "q": "社区"}).json()["results"]
        self.assertEqual(
            [(row["value"], row["text"]) for row in ask],
            [("350203001001", "鸿山社区居委会（厦港街道）"), ("350203001004", "蜂巢山社区居委会（厦港街道）")],
        )
        # After filtering, the picker holds the division chosen, by its code.
        with mock.patch("shequ.core.pickers.PICKER_AFTER", 0):
            html = self.client.get("/places/areas/?division=350203001004").content.decode()
        self.assertIn('<option value="350203001004" selected>蜂巢山社区居委会（厦港街道）</option>', html)
