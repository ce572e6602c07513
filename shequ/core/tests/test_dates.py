"""Date bounds (issue #12 "implausible values accepted"; DESIGN.md §11): `shequ.core.dates` and the import cell."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine
from django.core.exceptions import ValidationError
from django.test import SimpleTestCase

from shequ.core.dates import add_years, not_before, not_in_future, within_years
from shequ.core.importing import RegisterImporter

SHANGHAI = ZoneInfo("Asia/Shanghai")


def refusal(validator, value) -> str | None:
    try:
        validator(value)
    except ValidationError as error:
        return error.messages[0]
    return None


@time_machine.travel(datetime(2026, 11, 30, 10, 0, tzinfo=SHANGHAI), tick=False)
class DateBoundTests(SimpleTestCase):
    def test_not_before_names_the_first_day_of_the_year(self):
        self.assertEqual(refusal(not_before(1949), date(1948, 12, 31)), "不得早于 1949-01-01。")
        self.assertIsNone(refusal(not_before(1949), date(1949, 1, 1)))
        self.assertIsNone(refusal(not_before(1949), None))

    def test_not_in_future_is_today_in_the_local_time_zone(self):
        self.assertEqual(refusal(not_in_future(), date(9999, 12, 31)), "不得是将来的日期（晚于 2026-11-30）。")
        self.assertIsNone(refusal(not_in_future(), date(2026, 11, 30)))
        # 2026-11-30 20:00 UTC is already 1 December in Shanghai.
        self.assertEqual(
            refusal(not_in_future(), datetime(2026, 11, 30, 20, 0, tzinfo=ZoneInfo("UTC"))),
            "不得是将来的日期（晚于 2026-11-30）。",
        )
        self.assertIsNone(refusal(not_in_future(), datetime(2026, 11, 30, 15, 0, tzinfo=ZoneInfo("UTC"))))

    def test_not_in_future_with_a_margin(self):
        self.assertEqual(refusal(not_in_future(days=30), date(2027, 1, 1)), "不得晚于 2026-12-30。")
        self.assertIsNone(refusal(not_in_future(days=30), date(2026, 12, 30)))

    def test_within_years(self):
        bound = within_years(past=5, future=10)
        self.assertEqual(refusal(bound, date(2021, 11, 29)), "不得早于 2021-11-30。")
        self.assertEqual(refusal(bound, date(2099, 1, 1)), "不得晚于 2036-11-30。")
        self.assertIsNone(refusal(bound, date(2036, 11, 30)))
        self.assertIsNone(refusal(within_years(future=1), date(1900, 1, 1)))

    def test_validators_compare_and_deconstruct_by_their_arguments(self):
        self.assertEqual(not_before(1949), not_before(1949))
        self.assertNotEqual(not_before(1949), not_before(2000))
        self.assertEqual(within_years(future=10).deconstruct(), ("shequ.core.dates.WithinYears", (None, 10), {}))

    def test_add_years_keeps_29_february_in_range(self):
        self.assertEqual(add_years(date(2024, 2, 29), 1), date(2025, 2, 28))
        self.assertEqual(add_years(date(9990, 1, 1), 100), date(9999, 1, 1))


class ProbeImporter(RegisterImporter):
    def __init__(self):  # no user, no database: only the cell parsers
        self.errors = []


@time_machine.travel(datetime(2026, 11, 30, 10, 0, tzinfo=SHANGHAI), tick=False)
class DateCellTests(SimpleTestCase):
    def test_the_cell_is_bounded_by_the_validators_given(self):
        importer = ProbeImporter()
        bounds = [not_before(1990), not_in_future()]
        self.assertIsNone(importer.date({"日期": "9999-12-31"}, "日期", validators=bounds))
        self.assertIsNone(importer.date({"日期": "1989-01-01"}, "日期", validators=bounds))
        self.assertEqual(importer.date({"日期": "2026-11-30"}, "日期", validators=bounds), date(2026, 11, 30))
        self.assertEqual(
            importer.errors, [("日期", "不得是将来的日期（晚于 2026-11-30）。"), ("日期", "不得早于 1990-01-01。")]
        )
