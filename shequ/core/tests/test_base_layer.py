"""The base layer: change log with exact before/after, fail-closed querysets, log redaction, settings (issue #2)."""

import logging
import os
import subprocess
import sys
import uuid

from django.conf import settings
from django.test import TestCase
from rest_framework.test import APIClient

from shequ.core.context import change_context
from shequ.core.logging import RedactPersonalDataFilter, redact
from shequ.core.models import AccessLog, ObjectChange
from shequ.core.querysets import UnscopedQueryError
from shequ.core.scope import code_prefix, code_range, minimal_prefixes
from shequ.core.testing.fixtures import build_tree
from shequ.regions.models import Grid


class ScopeArithmeticTests(TestCase):
    def test_prefixes_and_ranges(self):
        self.assertEqual(
            [code_prefix(c) for c in ("350200000000", "350203000000", "350203001000", "350203001001")],
            ["3502", "350203", "350203001", "350203001001"],
        )
        self.assertEqual(code_range("350203001"), ("350203001000", "350203001999"))
        self.assertEqual(minimal_prefixes(["350203001", "350203", "350206001001"]), ["350203", "350206001001"])


class ChangeLogTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()

    def setUp(self):
        self.api = APIClient()
        self.api.force_login(self.tree.users["community"])

    def test_create_update_delete_record_exact_before_and_after(self):
        community = self.tree["C1"]
        response = self.api.post(
            "/api/regions/grids/", {"community": community.code, "sequence": 7, "name": "七号网格"}, format="json"
        )
        self.assertEqual(response.status_code, 201)
        grid_id = response.data["id"]
        user = self.tree.users["community"]
        after_create = {
            "division_code": "350203001001",
            "created_by": user.pk,
            "community": community.pk,
            "sequence": 7,
            "code": "350203001001007",
            "name": "七号网格",
            "description": "",
        }
        create = ObjectChange.objects.get()
        self.assertEqual(
            (
                create.action,
                create.user,
                create.user_name,
                create.object_id,
                create.object_repr,
                create.division_code,
                create.prechange_data,
                create.postchange_data,
            ),
            (
                "create",
                user,
                "community_user",
                str(grid_id),
                "七号网格（350203001001007）",
                "350203001001",
                None,
                after_create,
            ),
        )
        self.assertEqual(str(create.request_id), response["X-Request-ID"])

        self.api.patch(
            f"/api/regions/grids/{grid_id}/", {"name": "七号网格（东）", "description": "沿河"}, format="json"
        )
        update = ObjectChange.objects.get(action="update")
        self.assertEqual(update.prechange_data, after_create)
        self.assertEqual(update.postchange_data, {**after_create, "name": "七号网格（东）", "description": "沿河"})

        self.assertEqual(self.api.delete(f"/api/regions/grids/{grid_id}/").status_code, 204)
        delete = ObjectChange.objects.get(action="delete")
        self.assertEqual(
            (delete.prechange_data, delete.postchange_data),
            ({**after_create, "name": "七号网格（东）", "description": "沿河"}, None),
        )
        self.assertEqual(ObjectChange.objects.count(), 3)

    def test_denied_write_leaves_no_row(self):
        response = self.api.post(
            "/api/regions/grids/", {"community": self.tree["C3"].code, "sequence": 1, "name": "越权网格"}, format="json"
        )
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.data, {"detail": "社区：引用的记录不在您的管辖范围内。"})
        self.assertFalse(Grid.objects.exists())
        self.assertFalse(ObjectChange.objects.exists())

    def test_service_writes_are_logged_only_inside_a_change_context(self):
        Grid.objects.create(community=self.tree["C1"], sequence=1, name="无上下文")
        self.assertFalse(ObjectChange.objects.exists())
        request_id = uuid.uuid4()
        with change_context(None, source="command:test", request_id=request_id):
            Grid.objects.create(community=self.tree["C1"], sequence=2, name="有上下文")
        change = ObjectChange.objects.get()
        self.assertEqual(
            (change.source, change.request_id, change.user, change.user_name), ("command:test", request_id, None, "")
        )

    def test_history_page_shows_the_changes_to_whoever_sees_the_object(self):
        self.api.post(
            "/api/regions/grids/", {"community": self.tree["C1"].code, "sequence": 3, "name": "三号"}, format="json"
        )
        grid = Grid.objects.get()
        self.client.force_login(self.tree.users["street"])
        response = self.client.get(f"/regions/grids/{grid.pk}/changes/")
        self.assertEqual([c.action for c in response.context["changes"]], ["create"])
        self.client.force_login(self.tree.users["district"])
        detail = self.client.get(f"/changes/{ObjectChange.objects.get().pk}/")
        self.assertEqual(detail.status_code, 200)
        self.assertIn(("name", None, "三号"), detail.context["diff"])


class FailClosedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        Grid.objects.create(community=cls.tree["C1"], sequence=1, name="一号")

    def test_fail_closed_model_refuses_unrestricted_iteration(self):
        Grid.fail_closed = True
        try:
            with self.assertRaises(UnscopedQueryError):
                list(Grid.objects.all())
            with self.assertRaises(UnscopedQueryError):
                list(Grid.objects.filter(name="一号"))
            self.assertEqual(len(Grid.objects.restrict(self.tree.users["street"]).filter(name="一号")), 1)
            self.assertEqual(len(Grid.objects.restrict(self.tree.users["unpermitted"])), 0)
            self.assertEqual(len(Grid.objects.unscoped("nightly job").all()), 1)
            with self.assertRaises(ValueError):
                Grid.objects.unscoped("")
        finally:
            Grid.fail_closed = False


class AccessLogTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()

    def test_export_is_access_logged_and_the_log_is_append_only(self):
        self.client.force_login(self.tree.users["street"])
        response = self.client.get("/regions/grids/", {"export": "xlsx"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        row = AccessLog.objects.get(event="export")
        self.assertEqual(
            (row.username, row.detail["model"], row.detail["format"]), ("street_user", "regions.grid", "xlsx")
        )
        with self.assertRaises(RuntimeError):
            row.save()
        with self.assertRaises(RuntimeError):
            row.delete()


class RedactionTests(TestCase):
    def test_id_numbers_and_mobiles_never_reach_a_log_line(self):
        self.assertEqual(
            redact("居民 11010519491231002X 电话 13812345678 户 12"), "居民 [id-number] 电话 [phone] 户 12"
        )
        record = logging.LogRecord("x", logging.WARNING, __file__, 1, "lookup %s failed", ("110105194912310021",), None)
        RedactPersonalDataFilter().filter(record)
        self.assertEqual(record.getMessage(), "lookup [id-number] failed")


class ProductionSettingsTests(TestCase):
    def run_check(self, **env):
        # A clean production environment: none of the test run's own settings (nor its async-unsafe flag).
        environment = {
            k: v for k, v in os.environ.items() if not k.startswith("SHEQU_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
        }
        environment.update({"SHEQU_ENV": "production", "DJANGO_SETTINGS_MODULE": "shequ.settings", **env})
        return subprocess.run(
            [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
            cwd=settings.BASE_DIR,
            env=environment,
            capture_output=True,
            text=True,
            timeout=60,
        )

    def test_refuses_to_start_without_secrets(self):
        # One line naming the first missing variable, exit 78 (issue #18; shequ.core.startup, test_startup.py).
        result = self.run_check()
        self.assertEqual(result.returncode, 78)
        self.assertEqual(
            result.stderr,
            "配置错误 SHEQU_SECRET_KEY：生产环境必须设置（见 .env.example） / "
            "Configuration error SHEQU_SECRET_KEY: required in production (see .env.example)\n",
        )

    def test_passes_the_deploy_check_when_configured(self):
        result = self.run_check(
            SHEQU_SECRET_KEY="x" * 20 + "-production-secret-key-with-enough-entropy-0123456789",
            SHEQU_DATA_KEY_FILE=str(settings.DATA_KEY_FILE),
            SHEQU_ALLOWED_HOSTS="shequ.example.cn",
        )
        self.assertEqual(result.returncode, 0, result.stderr)
