"""Numbers typed into a work order's free text are masked wherever staff read it (issue #12; found by the crawl,
`core/tests/test_crawl.py`): pages, exports and the API through the table and the serializer, the change log here."""

from django.test import SimpleTestCase

from shequ.workorders.models import WorkOrder


class ChangeLogMaskingTests(SimpleTestCase):
    def test_free_text_is_masked_and_other_fields_are_not(self):
        self.assertEqual(
            WorkOrder.changelog_value("description", "回电13720509988，身份证350203198409033171", None),
            "回电***********，身份证******************",
        )
        self.assertEqual(WorkOrder.changelog_value("reply", "已联系 0592-2345678", None), "已联系 ****-*******")
        self.assertEqual(WorkOrder.changelog_value("status", "closed", None), "closed")
        self.assertIsNone(WorkOrder.changelog_value("description", None, None))
