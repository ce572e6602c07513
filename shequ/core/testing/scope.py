"""Generated scope tests: declare a model and how to make one of it, and get the whole access matrix (issue #2).

For every registered model, as anonymous, unpermitted, permitted and out-of-scope users, through the UI and the API:
anonymous → login / 401; no permission → 403; out of scope → 404 and absent from lists, counts and exports; writes
outside the writer's scope → refused with nothing changed and no change-log row; writes inside → a change-log row
with exact before and after.

    class GridScopeTests(ScopeMatrix, TestCase):
        model = Grid
        writer_level = "community"

        @classmethod
        def make_object(cls, community): ...
        def create_payload(self, community_key): ...   # API body for a new object in that community
        def form_data(self, community_key): ...        # UI form data for a new object in that community
        def update_payload(self): ...                  # a PATCH body for an existing object
"""

import csv
import io
from urllib.parse import quote

from django.contrib.contenttypes.models import ContentType
from django.urls import resolve, reverse
from django.utils.timezone import now
from rest_framework import serializers
from rest_framework.test import APIClient

from shequ.core.choices import ChangeAction
from shequ.core.models import ObjectChange, ScopedModel
from shequ.core.restricted import SESSION_KEY, is_restricted
from shequ.core.testing.fixtures import COMMUNITIES, VISIBLE, build_tree

__all__ = ["ScopeMatrix"]

SCOPE_REASON = "范围矩阵测试"


def _import_every_matrix() -> None:
    """Import every app's test modules, so that each register's matrix is known by its model."""
    import importlib
    import pkgutil

    import shequ

    for module in pkgutil.walk_packages(shequ.__path__, "shequ."):
        if ".tests.test_" in module.name:
            importlib.import_module(module.name)


class ScopeMatrix:
    model = None
    # The level of the user who holds add / change / delete on this model in the fixture tree.
    writer_level = "community"
    # Query parameters that narrow lists to the matrix objects (e.g. Division: only communities).
    list_filter: dict = {}
    # The field in the first column of the register's table (and so of its export).
    export_key = "name"
    # Registers written only by services (e.g. move history) have no add / edit / delete pages or API writes.
    read_only = False

    # Every matrix by its model: the generated reference cases make an out-of-scope record of a related register
    # with that register's own `make_object`.
    matrices: dict = {}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.model is not None:
            ScopeMatrix.matrices[cls.model] = cls

    # ---- declared by each model's test ------------------------------------------------------------------------

    @classmethod
    def make_object(cls, community):
        raise NotImplementedError

    def create_payload(self, community_key: str) -> dict:
        raise NotImplementedError

    def form_data(self, community_key: str) -> dict:
        raise NotImplementedError

    def update_payload(self) -> dict:
        raise NotImplementedError

    # ---- plumbing ---------------------------------------------------------------------------------------------

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.objects = {key: cls.make_object(cls.tree[key]) for key in COMMUNITIES}

    @property
    def meta(self):
        return self.model._meta

    def ui_url(self, kind: str, *args) -> str:
        return reverse(f"{self.meta.app_label}:{self.meta.model_name}_{kind}", args=args)

    def api_url(self, kind: str, *args) -> str:
        return reverse(f"{self.meta.app_label}-api:{self.meta.model_name}-{kind}", args=args)

    @property
    def restricted(self) -> bool:
        return is_restricted(self.model)

    @property
    def visible(self) -> dict[str, set[str]]:
        """Each level's expected communities; a restricted register is not seen by community staff at all (GOV-4,
        `test_restricted_register_is_closed_to_community_staff`)."""
        if self.restricted:
            return {level: keys for level, keys in VISIBLE.items() if level != "community"}
        return VISIBLE

    def api(self, level: str | None) -> APIClient:
        client = APIClient()
        if level is not None:
            client.force_login(self.tree.users[level])
            if self.restricted:  # a restricted register's API answers only with a stated reason
                client.credentials(HTTP_X_ACCESS_REASON=quote(SCOPE_REASON))
        return client

    def login(self, level: str):
        self.client.force_login(self.tree.users[level])
        if self.restricted:  # as if the reason page had been answered (core.restricted)
            session = self.client.session
            session[SESSION_KEY] = {self.model._meta.label_lower: {"reason": SCOPE_REASON, "at": now().isoformat()}}
            session.save()

    def expected_ids(self, level: str) -> set[int]:
        return {self.objects[key].pk for key in self.visible[level]}

    def matrix_ids(self) -> set[int]:
        return {obj.pk for obj in self.objects.values()}

    def changes(self):
        return ObjectChange.objects.filter(object_type=ContentType.objects.get_for_model(self.model))

    # ---- anonymous and unpermitted -----------------------------------------------------------------------------

    def test_anonymous_is_sent_to_login_and_refused_by_the_api(self):
        response = self.client.get(self.ui_url("list"))
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(reverse("accounts:login")))
        self.assertEqual(self.api(None).get(self.api_url("list")).status_code, 401)
        obj = self.objects["C1"]
        self.assertEqual(self.client.get(self.ui_url("detail", obj.pk)).status_code, 302)
        self.assertEqual(self.api(None).get(self.api_url("detail", obj.pk)).status_code, 401)

    def test_user_without_permission_gets_403(self):
        self.login("unpermitted")
        obj = self.objects["C1"]
        self.assertEqual(self.client.get(self.ui_url("list")).status_code, 403)
        self.assertEqual(self.client.get(self.ui_url("detail", obj.pk)).status_code, 403)
        api = self.api("unpermitted")
        self.assertEqual(api.get(self.api_url("list")).status_code, 403)
        self.assertEqual(api.get(self.api_url("detail", obj.pk)).status_code, 403)

    def test_restricted_register_is_closed_to_community_staff(self):
        if not self.restricted:
            self.skipTest("not a restricted register")
        self.login("community")
        obj = self.objects["C1"]
        self.assertEqual(self.client.get(self.ui_url("list")).status_code, 403)
        self.assertEqual(self.client.get(self.ui_url("detail", obj.pk)).status_code, 403)
        api = self.api("community")
        self.assertEqual(api.get(self.api_url("list")).status_code, 403)
        self.assertEqual(api.get(self.api_url("detail", obj.pk)).status_code, 403)

    def test_view_only_role_cannot_write(self):
        if self.read_only:
            self.skipTest("read-only register")
        api = self.api("auditor")
        before = self.model.objects.unscoped("count").count()
        response = api.post(self.api_url("list"), self.create_payload("C1"), format="json")
        self.assertEqual(response.status_code, 403)
        self.assertEqual(api.delete(self.api_url("detail", self.objects["C1"].pk)).status_code, 403)
        self.assertEqual(self.model.objects.unscoped("count").count(), before)
        self.assertFalse(self.changes().exists())

    # ---- reading: lists, counts, details, exports ----------------------------------------------------------------

    def test_api_list_and_count_hold_exactly_the_scope(self):
        for level in self.visible:
            with self.subTest(level=level):
                response = self.api(level).get(self.api_url("list"), {**self.list_filter, "page_size": 1000})
                self.assertEqual(response.status_code, 200)
                ids = {row["id"] for row in response.data["results"]} & self.matrix_ids()
                self.assertEqual(ids, self.expected_ids(level))
                self.assertEqual(response.data["count"], len(self.visible[level]))

    def test_ui_list_holds_exactly_the_scope(self):
        for level in self.visible:
            with self.subTest(level=level):
                self.login(level)
                response = self.client.get(self.ui_url("list"), self.list_filter)
                self.assertEqual(response.status_code, 200)
                content = response.content.decode()
                shown = {pk for pk in self.matrix_ids() if f'href="{self.ui_url("detail", pk)}"' in content}
                self.assertEqual(shown, self.expected_ids(level))
                self.assertEqual(response.context["page"].paginator.count, len(self.visible[level]))

    def test_export_holds_exactly_the_scope(self):
        for level in self.visible:
            with self.subTest(level=level):
                self.login(level)
                response = self.client.get(self.ui_url("list"), {**self.list_filter, "export": "csv"})
                self.assertEqual(response.status_code, 200)
                text = b"".join(response.streaming_content).decode("utf-8-sig")
                rows = list(csv.reader(io.StringIO(text)))[1:]
                self.assertEqual(len(rows), len(self.visible[level]))
                first_cells = {row[0] for row in rows}
                expected = {str(getattr(self.objects[key], self.export_key)) for key in self.visible[level]}
                self.assertEqual(first_cells, expected)

    def test_out_of_scope_detail_is_404_like_a_missing_one(self):
        for level in self.visible:
            self.login(level)
            api = self.api(level)
            for key, obj in self.objects.items():
                with self.subTest(level=level, object=key):
                    expected = 200 if key in self.visible[level] else 404
                    self.assertEqual(self.client.get(self.ui_url("detail", obj.pk)).status_code, expected)
                    self.assertEqual(api.get(self.api_url("detail", obj.pk)).status_code, expected)
        self.assertEqual(self.api("city").get(self.api_url("detail", 10**9)).status_code, 404)

    # ---- writing -------------------------------------------------------------------------------------------

    def test_read_only_register_refuses_writes(self):
        if not self.read_only:
            self.skipTest("writable register: covered by the write tests below")
        api = self.api("city")
        before = self.model.objects.unscoped("count").count()
        self.assertEqual(api.post(self.api_url("list"), {}, format="json").status_code, 405)
        self.assertEqual(api.delete(self.api_url("detail", self.objects["C1"].pk)).status_code, 405)
        self.assertEqual(self.model.objects.unscoped("count").count(), before)

    def test_out_of_scope_edit_and_delete_are_404_and_change_nothing(self):
        if self.read_only:
            self.skipTest("read-only register")
        self.login(self.writer_level)
        api = self.api(self.writer_level)
        target = self.objects["C4"]
        snapshot = target.snapshot()
        self.assertEqual(self.client.get(self.ui_url("edit", target.pk)).status_code, 404)
        self.assertEqual(self.client.post(self.ui_url("delete", target.pk)).status_code, 404)
        self.assertEqual(
            api.patch(self.api_url("detail", target.pk), self.update_payload(), format="json").status_code, 404
        )
        self.assertEqual(api.delete(self.api_url("detail", target.pk)).status_code, 404)
        target.refresh_from_db()
        self.assertEqual(target.snapshot(), snapshot)
        self.assertFalse(self.changes().exists())

    def test_api_create_outside_scope_is_403_and_writes_nothing(self):
        if self.read_only:
            self.skipTest("read-only register")
        api = self.api(self.writer_level)
        before = self.model.objects.unscoped("count").count()
        response = api.post(self.api_url("list"), self.create_payload("C4"), format="json")
        self.assertEqual(response.status_code, 403, response.data)
        self.assertEqual(self.model.objects.unscoped("count").count(), before)
        self.assertFalse(self.changes().exists())

    def test_api_create_update_delete_inside_scope_are_change_logged(self):
        if self.read_only:
            self.skipTest("read-only register")
        api = self.api(self.writer_level)
        response = api.post(self.api_url("list"), self.create_payload("C1"), format="json")
        self.assertEqual(response.status_code, 201, response.data)
        obj = self.model.objects.unscoped("test").get(pk=response.data["id"])
        self.assertEqual(obj.created_by, self.tree.users[self.writer_level])
        created = self.changes().get()
        self.assertEqual(
            (created.action, created.prechange_data, created.postchange_data, created.user_name, created.object_id),
            (ChangeAction.CREATE, None, obj.snapshot(), self.tree.users[self.writer_level].username, str(obj.pk)),
        )
        before = obj.snapshot()
        response = api.patch(self.api_url("detail", obj.pk), self.update_payload(), format="json")
        self.assertEqual(response.status_code, 200, response.data)
        obj.refresh_from_db()
        updated = self.changes().filter(action=ChangeAction.UPDATE).get()
        self.assertEqual((updated.prechange_data, updated.postchange_data), (before, obj.snapshot()))
        self.assertNotEqual(before, obj.snapshot())
        final = obj.snapshot()
        self.assertEqual(api.delete(self.api_url("detail", obj.pk)).status_code, 204)
        deleted = self.changes().filter(action=ChangeAction.DELETE).get()
        self.assertEqual((deleted.prechange_data, deleted.postchange_data), (final, None))
        self.assertFalse(self.model.objects.unscoped("test").filter(pk=obj.pk).exists())

    def test_ui_create_inside_scope_and_refusal_outside(self):
        if self.read_only:
            self.skipTest("read-only register")
        self.login(self.writer_level)
        before = self.model.objects.unscoped("count").count()
        response = self.client.post(self.ui_url("add"), self.form_data("C4"))
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors)
        self.assertEqual(self.model.objects.unscoped("count").count(), before)
        self.assertFalse(self.changes().exists())
        response = self.client.post(self.ui_url("add"), self.form_data("C1"))
        self.assertEqual(
            response.status_code, 302, getattr(response, "context", None) and response.context["form"].errors
        )
        self.assertEqual(self.model.objects.unscoped("count").count(), before + 1)
        self.assertEqual(self.changes().get().action, ChangeAction.CREATE)

    # ---- references: every foreign key and many-to-many a write carries (issues #11, #12) -----------------------

    def reference_fields(self):
        """(model field, API field) of every writable reference to a jurisdiction-bound register."""
        serializer = resolve(self.api_url("list")).func.cls.serializer_for()()
        for field in self.model._meta.get_fields():
            if not (field.concrete and (field.many_to_one or field.many_to_many)) or not field.editable:
                continue
            if not issubclass(field.related_model, ScopedModel):
                continue
            api_field = serializer.fields.get(field.name)
            if api_field is not None and not api_field.read_only:
                yield field, api_field

    def outside_record(self, model):
        """A record of `model` in C4, outside every writer's scope but the city's."""
        existing = model.objects.unscoped("test data").within(self.tree["C4"].prefix).first()
        if existing is not None:
            return existing
        if model not in self.matrices:
            _import_every_matrix()
        return self.matrices[model].make_object(self.tree["C4"])

    def test_references_outside_scope_are_refused_naming_the_field(self):
        if self.read_only or self.writer_level == "city":
            self.skipTest("no write, or no jurisdiction outside the writer's")
        api = self.api(self.writer_level)
        fields = list(self.reference_fields())
        for field, api_field in fields:
            with self.subTest(field=field.name):
                target = self.outside_record(field.related_model)
                relation = getattr(api_field, "child_relation", api_field)
                value = (
                    getattr(target, relation.slug_field)
                    if isinstance(relation, serializers.SlugRelatedField)
                    else target.pk
                )
                value = [value] if field.many_to_many else value
                before = self.model.objects.unscoped("count").count()
                response = api.post(
                    self.api_url("list"), {**self.create_payload("C1"), field.name: value}, format="json"
                )
                self.assertEqual(response.status_code, 403, response.data)
                self.assertEqual(response.data["detail"], f"{field.verbose_name}：引用的记录不在您的管辖范围内。")
                self.assertEqual(self.model.objects.unscoped("count").count(), before)
                mine = self.objects["C1"]
                snapshot = mine.snapshot()
                response = api.patch(self.api_url("detail", mine.pk), {field.name: value}, format="json")
                self.assertEqual(response.status_code, 403, response.data)
                mine.refresh_from_db()
                self.assertEqual(mine.snapshot(), snapshot)
                if field.many_to_many:
                    self.assertNotIn(target, getattr(mine, field.name).all())
                self.assertFalse(self.changes().exists())

    def test_pages_refuse_references_outside_scope_on_the_field(self):
        if self.read_only or self.writer_level == "city":
            self.skipTest("no write, or no jurisdiction outside the writer's")
        self.login(self.writer_level)
        form_fields = resolve(self.ui_url("add")).func.view_initkwargs["views"].form.base_fields
        for field, _api_field in self.reference_fields():
            if field.name not in form_fields:
                continue
            with self.subTest(field=field.name):
                target = self.outside_record(field.related_model)
                value = [target.pk] if field.many_to_many else target.pk
                before = self.model.objects.unscoped("count").count()
                response = self.client.post(self.ui_url("add"), {**self.form_data("C1"), field.name: value})
                self.assertEqual(response.status_code, 200)
                self.assertIn(field.name, response.context["form"].errors)
                self.assertEqual(self.model.objects.unscoped("count").count(), before)
                self.assertFalse(self.changes().exists())
