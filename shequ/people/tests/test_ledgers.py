"""Real ledgers imported unedited (issue #19): workbooks built the way community offices keep them — numbers as
IDs, title rows, synonyms, the clerk's own words and formats — each imported with its exact outcome."""

import tempfile
from datetime import date
from pathlib import Path

import openpyxl
from django.test import TestCase
from stdnum.cn import ric

from shequ.core.importing import run_import
from shequ.core.testing.fixtures import build_tree
from shequ.people.importers import ResidentImporter
from shequ.people.models import Resident
from shequ.people.synthetic import id_number_for

HEADER = ["社区代码", "户号", "姓名", "身份证号码", "与户主关系"]
MANGLED = "Excel 以数字保存了身份证号码，只保留 15 位有效数字：请把该列设为文本格式，按户口簿重新录入。"


def idn(n: int, birth: date = date(1980, 1, 1), area: str = "350203") -> str:
    return id_number_for(area, birth, n)


def as_excel_keeps_it(number: str) -> float:
    """The value Excel stores for an 18-digit number typed into an ordinary cell: 15 significant digits."""
    return float(f"{float(number):.14e}")


def check_digit_passes(number: str) -> bool:
    return ric.calc_check_digit(number) == number[-1]


def passing_mangled_id() -> tuple[str, float]:
    """A real ID number whose 15-digit rendering passes the check digit by chance (as 12 % of them do)."""
    for sequence in range(1, 3000):
        body = f"35020319750309{sequence:03d}"
        number = body + ric.calc_check_digit(body + "0")
        kept = as_excel_keeps_it(number) if not number.endswith("X") else None
        if kept is not None and check_digit_passes(str(int(kept))):
            return number, kept
    raise AssertionError("no such number")


def workbook(sheets: dict[str, list[list]], suffix: str = ".xlsx", merges: dict[str, list[str]] | None = None) -> Path:
    """A workbook written by openpyxl (as Excel writes one): sheets in order, cells as given (numbers stay numbers)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for cells in (merges or {}).get(title, []):
            sheet.merge_cells(cells)
    path = Path(tempfile.mkstemp(suffix=suffix)[1])
    book.save(path)
    return path


class LedgerTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()

    def run_file(self, path, *, dry_run=False, level="street"):
        return run_import(ResidentImporter(self.tree.users[level]), path, path.name, dry_run=dry_run)

    def errors(self, result):
        return [(e.row, e.column, e.message) for e in result.errors]


class MangledIdNumberTests(LedgerTestCase):
    """Item 4 of the issue: an ID number Excel kept as a number is never imported, whatever its check digit says."""

    def test_numbers_as_ids_are_refused_even_when_the_check_digit_passes(self):
        real, kept = passing_mangled_id()
        self.assertTrue(check_digit_passes(str(int(kept))))  # the trap: this one would have gone in with a wrong number
        failing = idn(7)
        rows = [
            HEADER,
            ["350203001001", "A001", "陈一", kept, "户主"],
            ["350203001001", "A002", "陈二", as_excel_keeps_it(failing), "户主"],
            ["350203001001", "A003", "陈三", int(idn(8)), "户主"],  # an exact integer cell: still a number
            ["350203001001", "A004", "陈四", idn(9), "户主"],
        ]
        result = self.run_file(workbook({"人口": rows}))
        self.assertEqual(
            self.errors(result), [(2, "身份证号码", MANGLED), (3, "身份证号码", MANGLED), (4, "身份证号码", MANGLED)]
        )
        self.assertEqual(result.job.status, "failed")
        self.assertEqual(Resident.objects.unscoped("test").count(), 0)

    def test_e_notation_text_in_a_csv_saved_by_excel_is_refused(self):
        path = Path(tempfile.mkstemp(suffix=".csv")[1])
        lines = [",".join(HEADER), "350203001001,A001,陈一,3.50203E+17,户主", f"350203001001,A002,陈二,{idn(2)},户主"]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        result = self.run_file(path, dry_run=True)
        self.assertEqual(self.errors(result), [(2, "身份证号码", MANGLED)])

    def test_a_household_number_of_more_than_15_digits_kept_as_a_number_is_refused(self):
        rows = [HEADER, ["350203001001", 3.50203001001001e15, "陈一", idn(1), "户主"]]
        result = self.run_file(workbook({"人口": rows}), dry_run=True)
        self.assertEqual(
            self.errors(result),
            [(2, "户号", "Excel 以数字保存了户号，只保留 15 位有效数字：请把该列设为文本格式，按原始材料重新录入。")],
        )
