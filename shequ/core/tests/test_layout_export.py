"""The export in the import layout imports back unchanged (issue #19 item 6, ADR 0019).

Every importable register, from the declarations (never a hand list): its two example rows are imported, exported
in the import layout, and the file imported back — no error, nothing created or updated. Residents through the list
page: full ID numbers only for a user who may unmask them, with a reason, and the access-log row written.
"""

import csv
import io
import tempfile
from pathlib import Path

from django.test import TestCase
from django.urls import get_resolver, reverse

from shequ.accounts.roles import Role
from shequ.core.choices import AccessEvent
from shequ.core.importing import run_import
from shequ.core.importing.layout import layout_rows, protected_columns
from shequ.core.models import AccessLog
from shequ.core.registers import declaration_of, importable
from shequ.core.testing.fixtures import build_tree, make_user
from shequ.core.testing.registers import ExampleImports, write_rows
from shequ.people.models import Resident
from shequ.people.registers import EXAMPLE_IDS


def setUpModule():
    _ = get_resolver().url_patterns  # every app's urls.py registers its models


def _stored(model, user):
    manager = model.objects
    return manager.restrict(user, "view") if hasattr(manager.all(), "restrict") else manager.all()


class EveryRegisterRoundTripTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()

    def test_export_in_import_layout_imports_back_unchanged(self):
        user = self.tree.users["city"]
        folder = Path(tempfile.mkdtemp())
        examples = ExampleImports(user, self.tree.divisions["C1"], folder)
        for declaration in importable():
            with self.subTest(register=declaration.label()):
                model = declaration.model
                examples.ensure(model)
                importer_class = declaration.importer_class()
                stored = _stored(model, user).order_by("pk")
                count = stored.count()
                self.assertGreaterEqual(count, 2)
                rows = list(layout_rows(importer_class(user), stored, reveal=True))
                headers = [column.header for column in importer_class.columns]
                path = folder / f"{declaration.label()}-layout.csv"
                write_rows(path, headers, [dict(zip(headers, row, strict=True)) for row in rows])
                result = run_import(importer_class(user), path, "layout.csv", dry_run=False)
                self.assertEqual([(e.row, e.column, e.message) for e in result.errors], [])
                job = result.job
                self.assertEqual(
                    (job.status, job.created_count, job.updated_count, job.unchanged_count),
                    ("committed", 0, 0, count),
                )


class ResidentLayoutExportTests(TestCase):
    """Residents: the ID number, phone and address are personal data (DESIGN.md §5)."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.masked_user = make_user("grid_layout_user", Role.GRID_WORKER, cls.tree.divisions["C1"])

    def setUp(self):
        self.folder = Path(tempfile.mkdtemp())
        examples = ExampleImports(self.tree.users["city"], self.tree.divisions["C1"], self.folder)
        rows = examples.rows(declaration_of(Resident))
        rows[0] = {**rows[0], "联系电话": "13912345678", "详细地址": "鸿山路 1 号 101 室", "民族": "回族"}
        result = examples.run(declaration_of(Resident), rows)
        self.assertEqual(result.errors, [])
        self.url = reverse("people:resident_list")

    def export(self, user, fmt="csv", reason=None):
        self.client.force_login(user)
        query = f"?export={fmt}&layout=import"
        if reason is None:
            return self.client.get(self.url + query)
        return self.client.post(self.url + query, {"export": fmt, "layout": "import", "export_reason": reason})

    def test_unmask_user_gets_full_ids_and_the_file_imports_back(self):
        user = self.tree.users["city"]
        self.client.force_login(user)
        self.assertContains(self.client.get(self.url), "导出（导入格式）")
        asking = self.export(user)
        self.assertEqual(asking.status_code, 200)
        self.assertContains(asking, 'name="export_reason"')
        self.assertEqual(AccessLog.objects.filter(event=AccessEvent.EXPORT).count(), 0)
        self.assertEqual(self.export(user, reason="").status_code, 400)
        response = self.export(user, reason="核对户籍")
        self.assertEqual(response.status_code, 200)
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
        importer_class = declaration_of(Resident).importer_class()
        self.assertEqual(rows[0], [column.header for column in importer_class.columns])
        rows[1:] = sorted(rows[1:], key=lambda row: row[3])
        self.assertEqual(
            rows[1],
            ["350203001001", "H001", "陈一", EXAMPLE_IDS[0], "户主", "回族", "13912345678", "鸿山路 1 号 101 室"]
            + ["户籍人口", "在住", "群众", "", "", "", "男", "1980-01-01"],
        )
        self.assertEqual([row[3] for row in rows[1:]], list(EXAMPLE_IDS))
        log = AccessLog.objects.get(event=AccessEvent.EXPORT)
        self.assertEqual(
            (log.user, log.detail["model"], log.detail["format"], log.detail["reason"], log.detail["layout"]),
            (user, "people.resident", "csv", "核对户籍", "import"),
        )
        self.assertIs(log.detail["personal"], True)
        path = self.folder / "back.csv"
        path.write_text(text, encoding="utf-8")
        result = run_import(importer_class(user), path, "back.csv", dry_run=False)
        self.assertEqual(result.errors, [])
        self.assertEqual((result.job.created_count, result.job.updated_count, result.job.unchanged_count), (0, 0, 2))

    def test_xlsx_imports_back_unchanged(self):
        user = self.tree.users["city"]
        response = self.export(user, fmt="xlsx", reason="核对户籍")
        self.assertEqual(response.status_code, 200)
        path = self.folder / "back.xlsx"
        path.write_bytes(b"".join(response.streaming_content))
        importer_class = declaration_of(Resident).importer_class()
        result = run_import(importer_class(user), path, "back.xlsx", dry_run=False)
        self.assertEqual(result.errors, [])
        self.assertEqual((result.job.created_count, result.job.updated_count, result.job.unchanged_count), (0, 0, 2))

    def test_user_without_unmask_gets_no_ids(self):
        self.client.force_login(self.masked_user)
        page = self.client.get(self.url)
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, "layout=import")
        response = self.export(self.masked_user, reason="核对户籍")
        self.assertEqual(response.status_code, 302)
        followed = self.client.get(response["Location"])
        self.assertContains(followed, "需要对导出的每条记录都有查看完整个人信息的权限")
        self.assertNotContains(followed, EXAMPLE_IDS[0])
        self.assertEqual(AccessLog.objects.filter(event=AccessEvent.EXPORT).count(), 0)

    def test_unmask_must_cover_every_exported_record(self):
        """A community's unmask right covers its own residents, not another community's in the same file."""
        from shequ.core.rights import user_may_all

        community_user = make_user("community_layout_user", Role.COMMUNITY_STAFF, self.tree.divisions["C1"])
        everyone = Resident.objects.unscoped("test")
        self.assertTrue(user_may_all(community_user, "people.unmask_resident", everyone))
        everyone.filter(id_number_masked__endswith="0025").update(
            community=self.tree.divisions["C2"], division_code=self.tree.divisions["C2"].code
        )
        self.assertFalse(user_may_all(community_user, "people.unmask_resident", everyone))
        self.assertTrue(
            user_may_all(community_user, "people.unmask_resident", everyone.filter(division_code="350203001001"))
        )
        self.assertFalse(
            user_may_all(self.masked_user, "people.unmask_resident", everyone.filter(division_code="350203001001"))
        )

    def test_protected_columns_are_named(self):
        importer_class = declaration_of(Resident).importer_class()
        self.assertEqual(
            protected_columns(importer_class, Resident),
            dict.fromkeys(["身份证号码", "联系电话", "详细地址"], "people.unmask_resident"),
        )
        care = declaration_of(declaration_of(Resident).model.care_records.rel.related_model)
        self.assertEqual(protected_columns(care.importer_class(), care.model), {"居民": "people.unmask_resident"})


class PlainRegisterLayoutExportTests(TestCase):
    """A register without personal data: one click below the reason threshold, access-logged as any export."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()

    def test_areas_export_without_reason_and_import_back(self):
        from shequ.places.models import ResidentialArea

        user = self.tree.users["street"]
        folder = Path(tempfile.mkdtemp())
        ExampleImports(user, self.tree.divisions["C1"], folder).ensure(ResidentialArea)
        self.client.force_login(user)
        response = self.client.get(reverse("places:residentialarea_list") + "?export=csv&layout=import")
        self.assertEqual(response.status_code, 200)
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        self.assertEqual(text.splitlines()[0], "社区代码,小区名称,地址,封闭管理")
        log = AccessLog.objects.get(event=AccessEvent.EXPORT)
        self.assertEqual(
            (log.detail["layout"], log.detail["personal"], "reason" in log.detail), ("import", False, False)
        )
        path = folder / "areas.csv"
        path.write_text(text, encoding="utf-8")
        importer_class = declaration_of(ResidentialArea).importer_class()
        result = run_import(importer_class(user), path, "areas.csv", dry_run=False)
        self.assertEqual(result.errors, [])
        self.assertEqual((result.job.created_count, result.job.updated_count, result.job.unchanged_count), (0, 0, 2))
