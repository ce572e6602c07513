"""Exports above a threshold need a reason (issue #12, audit; AU-1, PI-4).

A list's export of more than `SHEQU_EXPORT_REASON_ROWS` rows answers with a page asking for the reason instead of the
file; the page sends the reason back with the same filters, and the reason is kept in the export's access-log row.
Smaller exports stay one click. The fixture tree has ten divisions, four of them communities.
"""

import csv
import io

from django.test import TestCase, override_settings

from shequ.core.choices import AccessEvent
from shequ.core.models import AccessLog
from shequ.core.testing.fixtures import build_tree

LIST = "/regions/divisions/"


def rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


@override_settings(SHEQU_EXPORT_REASON_ROWS=5)
class ExportReasonTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()

    def setUp(self):
        self.client.force_login(self.tree.users["city"])

    def exports(self):
        return AccessLog.objects.filter(event=AccessEvent.EXPORT)

    def test_a_small_export_is_one_click(self):
        response = self.client.get(LIST, {"level": "community", "export": "csv"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertEqual(len(rows(response)), 1 + 4)
        log = self.exports().get()
        self.assertEqual(
            log.detail, {"model": "regions.division", "format": "csv", "query": "level=community&export=csv"}
        )

    def test_a_large_export_asks_for_a_reason_and_writes_nothing(self):
        response = self.client.get(LIST, {"export": "csv"})
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("Content-Disposition", response)
        self.assertTemplateUsed(response, "generic/export_reason.html")
        self.assertEqual(response.context["hidden"], [("export", "csv")])
        self.assertContains(response, 'name="export_reason"')
        self.assertContains(response, f'action="{LIST}"')
        self.assertFalse(self.exports().exists())

    def test_without_a_reason_the_file_is_refused(self):
        for reason in ("", " ", "x"):
            response = self.client.post(LIST, {"export": "csv", "export_reason": reason})
            self.assertEqual(response.status_code, 400)
            self.assertNotIn("Content-Disposition", response)
            self.assertEqual(response.context["error"], "请填写本次导出的理由。")
        self.assertFalse(self.exports().exists())

    def test_with_a_reason_the_file_comes_and_the_reason_is_logged(self):
        response = self.client.post(LIST, {"export": "csv", "export_reason": " 年度区划核对 "})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertEqual(len(rows(response)), 1 + 10)
        log = self.exports().get()
        self.assertEqual(
            log.detail, {"model": "regions.division", "format": "csv", "query": "export=csv", "reason": "年度区划核对"}
        )
        self.assertEqual(log.user, self.tree.users["city"])

    def test_the_reason_page_keeps_the_filters_and_the_format(self):
        with self.settings(SHEQU_EXPORT_REASON_ROWS=2):
            page = self.client.get(LIST, {"level": "community", "export": "xlsx"})
            self.assertEqual(page.context["hidden"], [("level", "community"), ("export", "xlsx")])
            response = self.client.post(LIST, {**dict(page.context["hidden"]), "export_reason": "社区换届统计"})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response["Content-Disposition"].endswith(".xlsx"), response["Content-Disposition"])
        self.assertEqual(self.exports().get().detail["query"], "level=community&export=xlsx")

    def test_a_private_search_stays_out_of_the_reason_page(self):
        # The searched text lives in the session under a token (`qt`); the reason page carries the token only.
        searched = self.client.post(LIST, {"q": "社区"})
        token = searched["Location"].split("qt=")[1]
        with self.settings(SHEQU_EXPORT_REASON_ROWS=2):
            page = self.client.get(LIST, {"qt": token, "export": "csv"})
            self.assertEqual(page.context["hidden"], [("qt", token), ("export", "csv")])
            self.assertNotContains(page, 'value="社区"')
            response = self.client.post(LIST, {"qt": token, "export": "csv", "export_reason": "核对社区名单"})
        self.assertEqual(
            [row[0] for row in rows(response)[1:]],
            ["鸿山社区居委会", "蜂巢山社区居委会", "仁安社区居委会", "湖里社区居委会"],
        )
