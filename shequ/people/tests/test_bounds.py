"""Implausible values of the population register are refused (issue #12 "wrong answers", second bullet; SVC-4,
SVC-7, DESIGN.md §11): dates out of their sane range, a permit expiring before arrival, an origin county that is
not in the national code list, a disability grade outside 1–4, a care record ending before it starts."""

from datetime import date

import time_machine
from django.core.exceptions import ValidationError
from django.test import TestCase

from shequ.core.testing.bounds import NOW, BoundsMixin
from shequ.core.testing.fixtures import build_tree
from shequ.people.choices import CareCategory, MoveKind, ResidenceStatus
from shequ.people.models import CareRecord, FloatingRecord, ResidentMove
from shequ.people.testing import make_household, make_resident
from shequ.regions.counties import validate_community_code, validate_county_code

FUTURE = "不得是将来的日期（晚于 2026-11-30）。"


@time_machine.travel(NOW, tick=False)
class FloatingRecordBoundTests(BoundsMixin, TestCase):
    """SVC-7: origin county against the NBS list, arrival not in the future, permit at most 10 years ahead and not
    before arrival."""

    model = FloatingRecord
    URL = "/api/people/floating/"

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.resident = make_resident(cls.tree["C1"], "杜甫", registration_type="floating")

    def payload(self, **fields):
        return {"resident": self.resident.pk, "origin_code": "510104", "arrival_date": "2026-03-01", **fields}

    def test_origin_county_must_be_in_the_national_list(self):
        for code in ("abc", "350200", "999999"):
            self.assert_api_refuses(
                self.URL,
                self.payload(origin_code=code),
                "origin_code",
                f"{code} 不是全国统计用区划代码中的县级代码（6 位数字，如 350203）。",
            )
        self.assertEqual(self.assert_api_accepts(self.URL, self.payload()).data["origin_code"], "510104")

    def test_arrival_and_permit_dates(self):
        self.assert_api_refuses(self.URL, self.payload(arrival_date="9999-12-31"), "arrival_date", FUTURE)
        self.assert_api_refuses(
            self.URL, self.payload(arrival_date="1948-12-31"), "arrival_date", "不得早于 1949-01-01。"
        )
        self.assert_api_refuses(
            self.URL, self.payload(permit_expiry="2099-01-01"), "permit_expiry", "不得晚于 2036-11-30。"
        )
        self.assert_api_refuses(
            self.URL,
            self.payload(permit_expiry="2026-02-28"),
            "permit_expiry",
            "居住证有效期不能早于来到本地的日期。",
        )
        created = self.assert_api_accepts(self.URL, self.payload(permit_expiry="2027-03-01")).data
        self.assertEqual((created["arrival_date"], created["permit_expiry"]), ("2026-03-01", "2027-03-01"))

    def test_a_change_through_the_api_is_bounded_too(self):
        record = FloatingRecord.objects.create(
            resident=self.resident, origin_code="510104", arrival_date=date(2026, 3, 1)
        )
        url = f"{self.URL}{record.pk}/"
        self.assert_api_refuses(
            url,
            {"permit_expiry": "2025-01-01"},
            "permit_expiry",
            "居住证有效期不能早于来到本地的日期。",
            method="patch",
        )
        record.refresh_from_db()
        self.assertIsNone(record.permit_expiry)

    def test_the_page_refuses_with_the_same_messages(self):
        data = {
            "resident": self.resident.pk,
            "origin_code": "abc",
            "arrival_date": "2026-03-01",
            "permit_number": "",
            "permit_expiry": "",
        }
        url = "/people/floating/add/"
        self.assert_page_refuses(
            url, data, "origin_code", "abc 不是全国统计用区划代码中的县级代码（6 位数字，如 350203）。"
        )
        self.assert_page_refuses(
            url, {**data, "origin_code": "510104", "arrival_date": "2099-01-01"}, "arrival_date", FUTURE
        )
        self.assert_page_refuses(
            url,
            {**data, "origin_code": "510104", "permit_expiry": "2025-12-31"},
            "permit_expiry",
            "居住证有效期不能早于来到本地的日期。",
        )
        self.assert_page_accepts(url, {**data, "origin_code": "510104", "permit_expiry": "2027-03-01"})
        self.assertEqual(FloatingRecord.objects.restrict(self.tree.users["city"]).get().origin_code, "510104")


@time_machine.travel(NOW, tick=False)
class CareRecordBoundTests(BoundsMixin, TestCase):
    """SVC-4 care records: disability grade 1–4 (GB/T 26341), start at most a year ahead, end not before start."""

    model = CareRecord
    URL = "/api/people/care/"

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.resident = make_resident(cls.tree["C1"], "李白")

    def payload(self, **fields):
        return {"resident": self.resident.pk, "category": CareCategory.DISABILITY, **fields}

    def test_disability_grade(self):
        self.assert_api_refuses(
            self.URL, self.payload(disability_grade=9), "disability_grade", "请确保该值小于或者等于 4。"
        )
        self.assert_api_refuses(
            self.URL, self.payload(disability_grade=0), "disability_grade", "请确保该值大于或者等于 1。"
        )
        self.assertEqual(
            self.assert_api_accepts(self.URL, self.payload(disability_grade=4)).data["disability_grade"], 4
        )

    def test_dates(self):
        self.assert_api_refuses(self.URL, self.payload(start_date="2099-01-01"), "start_date", "不得晚于 2027-11-30。")
        self.assert_api_refuses(
            self.URL,
            self.payload(start_date="2026-01-01", end_date="2025-12-31"),
            "end_date",
            "结束日期不能早于开始日期。",
        )
        self.assert_api_accepts(self.URL, self.payload(start_date="2026-01-01", end_date="2026-12-31"))

    def test_the_page_refuses_a_grade_beyond_four(self):
        data = {
            "resident": self.resident.pk,
            "category": CareCategory.DISABILITY,
            "disability_type": "肢体",
            "disability_grade": "5",
            "start_date": "",
            "end_date": "",
            "detail": "",
        }
        self.assert_page_refuses("/people/care/add/", data, "disability_grade", "确保该值小于或等于4。")
        self.assert_page_accepts("/people/care/add/", {**data, "disability_grade": "2"})


@time_machine.travel(NOW, tick=False)
class MoveBoundTests(BoundsMixin, TestCase):
    """Issue #3 moves: a move dated in the future or before 1949 is refused on the move page; nothing changes."""

    model = ResidentMove

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.resident = make_resident(cls.tree["C1"], "王维", household=make_household(cls.tree["C1"], "A001"))

    def test_the_move_page_bounds_the_date(self):
        url = f"/people/residents/{self.resident.pk}/move/"
        self.assert_page_refuses(url, {"kind": MoveKind.MOVE_OUT, "date": "9999-12-31"}, "date", FUTURE)
        self.assert_page_refuses(url, {"kind": MoveKind.DEATH, "date": "1900-01-01"}, "date", "不得早于 1949-01-01。")
        self.resident.refresh_from_db()
        self.assertEqual(self.resident.residence_status, ResidenceStatus.PRESENT)
        self.assert_page_accepts(url, {"kind": MoveKind.MOVE_OUT, "date": "2026-11-30"})
        self.assertEqual(ResidentMove.objects.unscoped("test").get().date, date(2026, 11, 30))


class DivisionCodeTests(TestCase):
    """Issue #12: codes against their register (the NBS 2023 code list shipped in shequ/regions/data)."""

    def messages(self, validator, value):
        try:
            validator(value)
        except ValidationError as error:
            return error.messages
        return []

    def test_county_codes(self):
        for code in ("350203", "510104", "441900", "429004", ""):  # 东莞 and 仙桃 have no county above them
            self.assertEqual(self.messages(validate_county_code, code), [], code)
        for code in ("abc", "350200", "350000", "３５０２０３", "000000"):
            self.assertEqual(
                self.messages(validate_county_code, code),
                [f"{code} 不是全国统计用区划代码中的县级代码（6 位数字，如 350203）。"],
            )

    def test_community_codes(self):
        self.assertEqual(self.messages(validate_community_code, "350203001001"), [])
        for code in ("350203001000", "999999001001", "abc"):
            self.assertEqual(
                self.messages(validate_community_code, code),
                [f"{code} 不是社区（村）区划代码（12 位数字，如 350203001001）。"],
            )
