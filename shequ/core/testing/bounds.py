"""Helpers for the bound tests of issue #12 ("implausible values accepted"): a refusal through the API, a page
or an import leaves nothing written and says exactly why; a sensible value still passes."""

import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from rest_framework.test import APIClient

from shequ.core.importing import run_import

__all__ = ["NOW", "BoundsMixin", "csv_file"]

# The tests travel here (time_machine), so that messages naming today's limits are exact.
NOW = datetime(2026, 11, 30, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def csv_file(rows) -> Path:
    handle = tempfile.NamedTemporaryFile(suffix=".csv", delete=False, mode="w", encoding="utf-8")
    handle.write("\n".join(",".join(row) for row in rows) + "\n")
    handle.close()
    return Path(handle.name)


class BoundsMixin:
    """Needs `self.tree` (build_tree) and `model` (the register under test, whose row count must not change)."""

    model = None
    level = "community"

    def count(self) -> int:
        objects = self.model.objects
        return (objects.unscoped("bound test") if hasattr(objects, "unscoped") else objects.all()).count()

    def api(self, level=None):
        client = APIClient()
        client.force_login(self.tree.users[level or self.level])
        return client

    def assert_api_refuses(self, url, payload, field, message, *, method="post", level=None):
        before = self.count()
        response = getattr(self.api(level), method)(url, payload, format="json")
        self.assertEqual(response.status_code, 400, response.content)
        self.assertEqual([str(m) for m in response.data[field]], [message])
        self.assertEqual(self.count(), before)

    def assert_api_accepts(self, url, payload, *, method="post", level=None):
        response = getattr(self.api(level), method)(url, payload, format="json")
        self.assertEqual(response.status_code, 201 if method == "post" else 200, response.content)
        return response

    def assert_page_refuses(self, url, data, field, message, *, level=None):
        before = self.count()
        self.client.force_login(self.tree.users[level or self.level])
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["form"].errors[field], [message])
        self.assertEqual(self.count(), before)

    def assert_page_accepts(self, url, data, *, level=None):
        self.client.force_login(self.tree.users[level or self.level])
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302, response.context and response.context["form"].errors)
        return response

    def run_import(self, importer_class, rows, *, level=None, dry_run=False):
        importer = importer_class(self.tree.users[level or self.level])
        result = run_import(importer, csv_file(rows), "file.csv", dry_run=dry_run)
        return result, [(e.row, e.column, e.message) for e in result.errors]
