"""Every register is declared once, and every importable one imports and re-imports (issue #11).

The registers come from the declarations (`core.registers`), never from a hand list: a register added tomorrow is
tested here the day it is declared.
"""

import io
import tempfile
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.test import TestCase
from django.urls import get_resolver

from shequ.core.auditchain import seal_all, verify
from shequ.core.models import AuditSeal, ObjectChange
from shequ.core.registers import declaration_of, importable
from shequ.core.registry import registered_models
from shequ.core.testing.fixtures import build_tree
from shequ.core.testing.registers import ExampleImports


def setUpModule():
    _ = get_resolver().url_patterns  # every app's urls.py registers its models


class DeclarationTests(TestCase):
    def test_every_register_with_pages_is_declared(self):
        undeclared = [model._meta.label_lower for model in registered_models if declaration_of(model) is None]
        self.assertEqual(undeclared, [])

    def test_every_register_is_importable_or_says_why_not(self):
        for model in registered_models:
            declaration = declaration_of(model)
            with self.subTest(register=model._meta.label_lower):
                self.assertTrue(bool(declaration.natural_key) or bool(declaration.not_importable))

    def test_list_prints_one_importable_label_per_line(self):
        out = io.StringIO()
        call_command("import_register", "--list", stdout=out)
        labels = out.getvalue().split()
        self.assertEqual(labels, sorted(declaration.label() for declaration in importable()))
        self.assertIn("places.rental", labels)
        self.assertNotIn("core.objectchange", labels)
        self.assertNotIn("regions.division", labels)


class ImportEveryRegisterTests(TestCase):
    """A two-row file for each importable register as the city administrator: both rows created with their
    change-log entries under the job's request id; the same file again changes nothing and logs nothing."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()

    def setUp(self):
        self.folder = Path(tempfile.mkdtemp())
        self.examples = ExampleImports(self.tree.users["city"], self.tree.divisions["C1"], self.folder)

    def test_two_rows_import_and_reimport_unchanged(self):
        for declaration in importable():
            with self.subTest(register=declaration.label()):
                model = declaration.model
                rows = self.examples.rows(declaration)
                self.assertEqual(len(rows), 2)
                before = model._base_manager.count()
                first = self.examples.run(declaration, rows)
                self.assertEqual([(e.row, e.column, e.message) for e in first.errors], [])
                job = first.job
                self.assertEqual((job.status, job.total_rows), ("committed", 2))
                self.assertEqual(job.created_count + job.updated_count + job.unchanged_count, 2)
                self.assertEqual(model._base_manager.count(), before + job.created_count)
                entries = ObjectChange.objects.filter(
                    request_id=job.request_id, object_type=ContentType.objects.get_for_model(model)
                )
                self.assertEqual(entries.count(), job.created_count + job.updated_count)
                self.assertTrue(all(entry.source == "import" for entry in entries))
                for entry in entries:  # the bulk path's snapshot is the serializer's, field for field
                    stored = model._base_manager.get(pk=entry.object_id)
                    many = {field.name for field in model._meta.many_to_many}
                    expected = {k: v for k, v in stored.snapshot().items() if k not in many}
                    self.assertEqual({k: v for k, v in entry.postchange_data.items() if k not in many}, expected)
                second = self.examples.run(declaration, rows)
                self.assertEqual(
                    (second.job.status, second.job.created_count, second.job.updated_count, second.job.unchanged_count),
                    ("committed", 0, 0, 2),
                )
                self.assertEqual(ObjectChange.objects.filter(request_id=second.job.request_id).count(), 0)
                self.assertEqual(model._base_manager.count(), before + job.created_count)
        # The entries written in bulk carry the digests the audit chain recomputes from the stored rows.
        seal_all()
        self.assertIsNone(verify(AuditSeal.Log.CHANGE))


class ImportedUpdateTests(TestCase):
    """An update written in bulk (a hand-written importer) is logged with its exact before and after."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()

    def test_bulk_update_has_before_and_after(self):
        from shequ.places.models import ResidentialArea

        examples = ExampleImports(self.tree.users["street"], self.tree.divisions["C1"], Path(tempfile.mkdtemp()))
        declaration = declaration_of(ResidentialArea)
        row = {"社区代码": "350203001001", "小区名称": "鸿山花园", "地址": "鸿山路 1 号", "封闭管理": "是"}
        first = examples.run(declaration, [row])
        area = ResidentialArea.objects.unscoped("test").get(name="鸿山花园")
        created = ObjectChange.objects.get(request_id=first.job.request_id)
        self.assertEqual((created.action, created.object_id, created.prechange_data), ("create", str(area.pk), None))
        self.assertEqual(created.user_name, "street_user")
        second = examples.run(declaration, [{**row, "地址": "鸿山路 9 号", "封闭管理": "否"}])
        self.assertEqual((second.job.created_count, second.job.updated_count), (0, 1))
        updated = ObjectChange.objects.get(request_id=second.job.request_id)
        self.assertEqual((updated.action, updated.source, updated.object_id), ("update", "import", str(area.pk)))
        self.assertEqual((updated.prechange_data["address"], updated.prechange_data["enclosed"]), ("鸿山路 1 号", True))
        self.assertEqual(
            (updated.postchange_data["address"], updated.postchange_data["enclosed"]), ("鸿山路 9 号", False)
        )
        area.refresh_from_db()
        self.assertEqual(updated.postchange_data, area.snapshot())


class CanonicalTextTests(TestCase):
    def test_the_bulk_path_encodes_as_row_digest_does(self):
        """The change-log rows an import writes raw are hashed over the same text `auditchain.row_digest` builds
        with json.dumps: quotes, backslashes, Chinese, line and paragraph separators, nested data."""
        import json

        from django.core.serializers.json import DjangoJSONEncoder

        from shequ.core.importing.changes import _SORTED, _text, canonical_text

        after = {
            "name": '王"小\\明',
            "note": "第一行\n第二行\u2028",
            "floor": 3,
            "area": "72.00",
            "ok": True,
            "x": None,
        }
        before = {"name": "旧", "list": [1, "二"]}
        content = {
            "time": "2026-11-30T05:00:00.123456+00:00", "user_name": "街道 用户", "request_id": "abc",
            "source": "import", "action": "update", "object_type_id": 12, "object_id": "7",
            "object_repr": "王\"小明\t", "division_code": "350203001001",
            "prechange_data": before, "postchange_data": after,
        }  # fmt: skip
        tail = (
            f'"request_id": {_text("abc")}, "source": {_text("import")}, '
            f'"time": {_text("2026-11-30T05:00:00.123456+00:00")}, "user_name": {_text("街道 用户")}}}'
        )
        text = canonical_text(
            "update", "350203001001", "7", '王"小明\t', 12, _SORTED.encode(after), _SORTED.encode(before), tail
        )
        self.assertEqual(text, json.dumps(content, sort_keys=True, ensure_ascii=False, cls=DjangoJSONEncoder))


class ImportReferencesOutsideScopeTests(TestCase):
    """A row naming a record outside the importer's jurisdiction is refused on its cell, and nothing is written
    (issue #11, bad input)."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()

    def test_a_reference_outside_scope_is_refused_by_row_and_column(self):
        from shequ.places.models import Building, Dwelling, Rental

        folder = Path(tempfile.mkdtemp())
        building = Building.objects.create(community=self.tree.divisions["C4"], number="7")  # 湖里区, another district
        dwelling = Dwelling.objects.create(building=building, unit="1", room="909")
        street = ExampleImports(self.tree.users["street"], self.tree.divisions["C1"], folder)
        declaration = declaration_of(Rental)
        rows = street.rows(declaration)
        header = str(Rental._meta.get_field("dwelling").verbose_name)
        rows[1][header] = ExampleImports.name_of(dwelling)
        before = (Rental.objects.unscoped("test").count(), ObjectChange.objects.count())
        result = street.run(declaration, rows)
        self.assertEqual(result.job.status, "failed")
        self.assertEqual(
            [(e.row, e.column, e.message) for e in result.errors],
            [
                (
                    3,
                    header,
                    f"“{ExampleImports.name_of(dwelling)}”不是您在此可以引用的记录（不存在、不在您的管辖范围内或有重名）。",
                )
            ],
        )
        self.assertEqual((Rental.objects.unscoped("test").count(), ObjectChange.objects.count()), before)

    def test_a_register_the_user_may_not_write_is_refused_before_reading(self):
        from shequ.places.models import Rental

        self.client.force_login(self.tree.users["auditor"])
        label = declaration_of(Rental).label()
        self.assertEqual(self.client.get(f"/imports/{label}/").status_code, 403)
        self.assertEqual(self.client.get(f"/imports/{label}/template/").status_code, 403)
        self.client.force_login(self.tree.users["street"])
        page = self.client.get(f"/imports/{label}/")
        self.assertEqual(page.status_code, 200)
        listing = self.client.get("/places/rentals/")
        self.assertContains(listing, f'href="/imports/{label}/"')


class DeclaredImportUpdateTests(TestCase):
    """A row that changes a stored record through the derived importer is logged once, with its exact before."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()

    def test_a_changed_row_is_logged_with_before_and_after(self):
        from shequ.organizations.models import ResidentGroup

        examples = ExampleImports(self.tree.users["street"], self.tree.divisions["C1"], Path(tempfile.mkdtemp()))
        declaration = declaration_of(ResidentGroup)
        rows = examples.rows(declaration)
        header = str(ResidentGroup._meta.get_field("leader_name").verbose_name)
        first = examples.run(declaration, rows)
        self.assertEqual(first.job.created_count, 2)
        old = rows[0][header]
        rows[0][header] = "新组长"
        second = examples.run(declaration, rows)
        self.assertEqual((second.job.created_count, second.job.updated_count, second.job.unchanged_count), (0, 1, 1))
        entry = ObjectChange.objects.get(request_id=second.job.request_id)
        self.assertEqual((entry.action, entry.source), ("update", "import"))
        self.assertEqual((entry.prechange_data["leader_name"], entry.postchange_data["leader_name"]), (old, "新组长"))
