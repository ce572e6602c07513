"""core.bulk.append: the few append-only rows of a hot path written in one statement, values prepared as `save()`
prepares them (issue #5)."""

import uuid

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.test import TestCase
from django.utils import timezone

from shequ.core.bulk import append
from shequ.core.models import ObjectChange
from shequ.regions.models import Division


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
