"""core.bulk: `append` writes the few append-only rows of a hot path in one statement, values prepared as `save()`
prepares them; `insert_unless_taken` writes a new record as `save()` does unless a unique value is taken (issue #5)."""

import uuid

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.test import TestCase
from django.utils import timezone

from shequ.core.bulk import append, insert_unless_taken
from shequ.core.context import change_context
from shequ.core.models import ObjectChange
from shequ.regions.models import Division
from shequ.workorders.models import Category


class AppendTests(TestCase):
    def test_rows_are_written_in_order_with_stamps_json_and_uuids_as_save_writes_them(self):
        division_type = ContentType.objects.get_for_model(Division)
        request_id = uuid.uuid4()
        before = timezone.now()
        append(
            ObjectChange,
            [
                ObjectChange(
                    request_id=request_id,
                    source="test",
                    action=action,
                    object_type=division_type,
                    object_id=str(number),
                    object_repr="鸿山社区",
                    division_code="350203001001",
                    prechange_data=None,
                    postchange_data={"name": "鸿山社区", "at": before, "n": number},
                )
                for number, action in enumerate(["create", "update", "delete"])
            ],
        )
        rows = list(ObjectChange.objects.unscoped("test").order_by("id"))
        self.assertEqual(
            [(row.action, row.object_id) for row in rows], [("create", "0"), ("update", "1"), ("delete", "2")]
        )
        self.assertEqual({row.request_id for row in rows}, {request_id})
        self.assertEqual(
            rows[2].postchange_data, {"name": "鸿山社区", "at": DjangoJSONEncoder().default(before), "n": 2}
        )
        self.assertIsNone(rows[0].prechange_data)
        self.assertTrue(all(before <= row.time <= timezone.now() for row in rows))  # auto_now_add stamped

    def test_nothing_to_append_writes_nothing(self):
        with self.assertNumQueries(0):
            append(ObjectChange, [])


LIMITS = {
    "accept_yellow": 30,
    "accept_red": 60,
    "handle_yellow": 1440,
    "handle_red": 2880,
    "emergency_accept_red": 10,
    "emergency_handle_red": 120,
}


class InsertUnlessTakenTests(TestCase):
    def test_written_as_save_writes_it_unless_a_unique_value_is_taken(self):
        with change_context(None, source="test"), transaction.atomic():
            first = Category(code="0101", name="楼道照明", **LIMITS)
            self.assertTrue(insert_unless_taken(first))
            self.assertIsNotNone(first.pk)
            self.assertFalse(first._state.adding)
            taken = Category(code="0101", name="另一个", **LIMITS)
            self.assertFalse(insert_unless_taken(taken))  # no IntegrityError: the transaction goes on
            self.assertIsNone(taken.pk)
            second = Category(code="0102", name="电梯", **LIMITS)
            self.assertTrue(insert_unless_taken(second))
        self.assertEqual(
            list(Category.objects.order_by("code").values_list("code", "name")),
            [("0101", "楼道照明"), ("0102", "电梯")],
        )
        logged = ObjectChange.objects.unscoped("test").filter(object_type=ContentType.objects.get_for_model(Category))
        self.assertEqual(
            sorted(logged.values_list("object_id", "action")),
            [(str(first.pk), "create"), (str(second.pk), "create")],
        )


class RawPathsAreFencedTests(TestCase):
    """The raw insert paths take only the models listed for them, and a listed model's `save()` chain is pinned: a
    change to it fails here until someone has checked the raw path does what the new `save()` does (issue #11)."""

    # sha256 of the source of every `save()` and `scope_code()` (the division code `save()` stores) in the model's
    # MRO (Model's own excluded), in MRO order; e3b0… is the empty chain (Model.save only).
    SAVE_FINGERPRINTS = {
        "people.household": "80d11d150ecf1b53155b7bf5f36e485892a3d936ca7a3b963c853aee9bf7dd33",
        "people.resident": "57f91db0c0f190a1dfdbc1f942529c12bb1da074dc476d365ddca19387863e84",
        "core.objectchange": "a68cb855aed77297e5c2b283199d27e0ac5ee35efa3a5f0113e7bb8f7f5f5db9",
        "workorders.orderevent": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "workorders.outboxmessage": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "workorders.category": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "workorders.workorder": "abae3dfebaaebcfb55bcb895f73ea59df843e67bb40d087af0db641f92fc105b",
    }

    @staticmethod
    def fingerprint(model) -> str:
        import hashlib
        import inspect

        from django.db.models import Model

        sources = [
            inspect.getsource(klass.__dict__[name])
            for klass in model.__mro__
            if klass is not Model
            for name in ("save", "scope_code")
            if name in klass.__dict__
        ]
        return hashlib.sha256("\n".join(sources).encode()).hexdigest()

    def test_every_listed_models_save_chain_is_the_reviewed_one(self):
        from django.apps import apps

        from shequ.core import bulk

        listed = bulk.FAST_INSERT_MODELS | bulk.APPEND_MODELS | bulk.UNLESS_TAKEN_MODELS
        self.assertEqual(set(self.SAVE_FINGERPRINTS), listed)
        for label in sorted(listed):
            with self.subTest(model=label):
                self.assertEqual(self.fingerprint(apps.get_model(label)), self.SAVE_FINGERPRINTS[label])

    def test_a_model_not_listed_is_refused_by_every_raw_path(self):
        from django.core.exceptions import ImproperlyConfigured

        from shequ.core import bulk
        from shequ.regions.models import Grid

        for call in (
            lambda: bulk.fast_insert(Grid, []),
            lambda: bulk.append(Grid, []),
            lambda: bulk.insert_unless_taken(Grid()),
        ):
            with self.assertRaisesMessage(ImproperlyConfigured, "regions.Grid is not listed for core.bulk."):
                call()
