"""Real ledgers imported unedited (issue #19): workbooks built the way community offices keep them — numbers as
IDs, title rows, synonyms, the clerk's own words and formats — each imported with its exact outcome."""

import tempfile
from datetime import date
from pathlib import Path

import openpyxl
from django.core.management import CommandError
from django.test import TestCase
from stdnum.cn import ric

from shequ.core.importing import run_import
from shequ.core.testing.fixtures import build_tree
from shequ.core.testing.imports import import_through_pages
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


LEDGER_HEADER = ["序号", "社区", "户号", "姓名", "身份证号码（必填）", "与户主关系", "联系 电话", "现住址", "备注"]


class HeaderDetectionTests(LedgerTestCase):
    """Item 1 and 2: the header under title and blank rows, on the sheet that holds the data, matched by synonyms
    after normalising; 序号 and 备注 ignored with a warning; the community by name."""

    def ledger(self, rows, suffix=".xlsx"):
        notes = [["填表说明"], ["1. 身份证号码请设为文本格式。"], ["2. 每户只填一个户主。"]]
        title = ["厦港街道鸿山社区常住人口登记表", *[None] * 8]
        data = [title, [], LEDGER_HEADER, *rows, [], ["填表人：张三", None, None, "审核人：李四"]]
        return workbook({"填表说明": notes, "常住人口": data}, suffix, merges={"常住人口": ["A1:I1"]})

    def test_an_office_ledger_goes_in_unedited(self):
        rows = [
            [1, "鸿山社区", "A001", "陈一", idn(1), "户主", "13912345678", "鸿山路1号", "党员"],
            [2, "鸿山社区居委会", "A001", "林二", idn(2), "配偶", "", "鸿山路1号", ""],
            ["  ", "", "", "", "", "", "", "", ""],  # a whitespace-only row: left out
            [3, "350203001004", "B001", "王三", idn(3), "户主", "", "", ""],
        ]
        result = self.run_file(self.ledger(rows))
        self.assertEqual(self.errors(result), [])
        self.assertEqual((result.job.status, result.job.total_rows, result.job.created_count), ("committed", 3, 3))
        self.assertEqual(
            [(w.row, w.message) for w in result.warnings if not w.column],
            [(3, "以下列未导入：序号、备注。")],
        )
        chen = Resident.objects.unscoped("test").get(name="陈一")
        self.assertEqual(
            (chen.community.code, chen.household.number, chen.reveal("phone"), chen.reveal("address")),
            ("350203001001", "A001", "13912345678", "鸿山路1号"),
        )

    def test_errors_name_the_row_the_clerk_sees(self):
        rows = [
            [1, "鸿山社区", "A001", "陈一", idn(1), "户主", "", "", ""],
            [2, "鸿山社区", "A002", "", idn(2), "户主", "", "", ""],
        ]
        result = self.run_file(self.ledger(rows), dry_run=True)
        self.assertEqual(self.errors(result), [(5, "姓名", "此列必填。")])

    def test_the_sheet_can_be_named(self):
        rows = [[1, "鸿山社区", "A001", "陈一", idn(1), "户主", "", "", ""]]
        path = self.ledger(rows)
        user = self.tree.users["street"]
        result = run_import(ResidentImporter(user), path, path.name, dry_run=True, sheet="填表说明")
        self.assertEqual(
            self.errors(result),
            [
                (
                    0,
                    "",
                    "缺少列：社区代码、户号、姓名、身份证号码、与户主关系。 无法识别的列：填表说明。 "
                    "请下载模板，按模板的列标题填写。",
                )
            ],
        )
        result = run_import(ResidentImporter(user), path, path.name, dry_run=True, sheet="户籍")
        self.assertEqual(self.errors(result), [(0, "", "工作簿中没有工作表“户籍”，其工作表为：填表说明、常住人口。")])

    def test_communities_by_name_within_the_users_scope(self):
        from shequ.regions.models import Division

        # A second 鸿山社区 under the same street: the name no longer says which.
        Division.objects.unscoped("test").create(
            code="350203001099", name="鸿山社区", level="community", parent=self.tree["S1"]
        )
        rows = [
            [1, "鸿山社区", "A001", "陈一", idn(1), "户主", "", "", ""],
            [2, "湖里社区", "C001", "林二", idn(2), "户主", "", "", ""],
            [3, "月球社区", "D001", "王三", idn(3), "户主", "", "", ""],
        ]
        result = self.run_file(self.ledger(rows), dry_run=True)
        self.assertEqual(
            self.errors(result),
            [
                (
                    4,
                    "社区代码",
                    "“鸿山社区”在您的管辖范围内对应 2 个区划："
                    "鸿山社区居委会（350203001001）、鸿山社区（350203001099）。请改填代码。",
                ),
                (5, "社区代码", "社区 湖里社区 不在您的管辖范围内。"),
                (6, "社区代码", "社区 月球社区 不存在。"),
            ],
        )

    def test_two_columns_for_one_field_and_a_missing_required_column_are_refused(self):
        header = ["社区代码", "户号", "姓名", "身份证号", "公民身份号码", "手机"]
        result = self.run_file(workbook({"人口": [header, ["350203001001", "A001", "陈一", idn(1), idn(1), ""]]}))
        self.assertEqual(
            self.errors(result),
            [
                (
                    0,
                    "",
                    "列“身份证号”和“公民身份号码”都对应身份证号码。 缺少列：与户主关系。 "
                    "请下载模板，按模板的列标题填写。",
                )
            ],
        )

    def test_csv_in_gb18030_with_a_title_row(self):
        path = Path(tempfile.mkstemp(suffix=".csv")[1])
        lines = [
            "鸿山社区人口台账,,,,",
            "",
            "社区代码,户号,姓名,身份证号,与户主关系",
            f"350203001001,A001,陈一,{idn(1)},户主",
        ]
        path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gb18030"))
        result = self.run_file(path)
        self.assertEqual((self.errors(result), result.job.created_count), ([], 1))


class ClerksValuesTests(LedgerTestCase):
    """Item 3: values as clerks write them; and a failed head of household reported once, as the cause."""

    def test_phones_ethnicities_relations_and_full_width_ids_as_written(self):
        header = ["社区代码", "户号", "姓名", "性别", "出生日期", "身份证号码", "与户主关系", "民族", "联系电话"]
        wide = idn(5).translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))
        rows = [
            header,
            ["350203001001", "A001", "陈一", "男", "1980-01-01", idn(1), "本人", "汉", "139-2312-0259"],
            ["350203001001", "A001", "林二", "女", "19800101", idn(2), "妻", "回", "+86-139-2312-0258"],
            ["350203001001", "A001", "陈三", "男", None, idn(3), "长子", "汉族", "１３９２３１２０２５７"],
            ["350203001001", "A001", "陈四", "女", None, idn(4), "次女", "", "2345678"],
            ["350203001001", "A001", "陈五", "男", None, wide, "孙子", "", "158 1234 5678/0592-2345678"],
        ]
        path = workbook({"人口": rows})
        birth_cell = openpyxl.load_workbook(path)
        birth_cell["人口"]["E2"].value = date(1980, 1, 1)  # a real date cell, as Excel keeps one
        birth_cell.save(path)
        result = self.run_file(path)
        self.assertEqual(self.errors(result), [])
        self.assertEqual(
            [(w.row, w.column, w.message) for w in result.warnings],
            [(6, "联系电话", "这一格有 2 个号码：只导入了第一个，其余的请另行记录。")],
        )
        stored = {r.name: r for r in Resident.objects.unscoped("test").all()}
        self.assertEqual(
            [
                (stored[n].relation, stored[n].ethnicity, stored[n].reveal("phone"))
                for n in ("陈一", "林二", "陈三", "陈四", "陈五")
            ],
            [
                ("head", "01", "13923120259"),
                ("spouse", "03", "13923120258"),
                ("child", "01", "13923120257"),
                ("child", "01", "0592-2345678"),
                ("grandchild", "01", "15812345678"),
            ],
        )
        self.assertEqual(stored["陈五"].reveal("id_number"), idn(5))

    def test_sex_and_birth_date_are_checked_against_the_id_number(self):
        header = ["社区代码", "户号", "姓名", "性别", "出生日期", "身份证号码", "与户主关系"]
        rows = [header, ["350203001001", "A001", "陈一", "女", "1981-01-01", idn(1), "户主"]]
        result = self.run_file(workbook({"人口": rows}), dry_run=True)
        self.assertEqual(
            self.errors(result),
            [(2, "性别", "“女”与身份证号码不符。"), (2, "出生日期", "“1981-01-01”与身份证号码不符。")],
        )

    def test_a_failed_head_is_the_only_error_of_its_household(self):
        rows = [
            HEADER,
            ["350203001001", "A001", "陈一", "12345", "户主"],
            ["350203001001", "A001", "林二", idn(2), "配偶"],
            ["350203001001", "A001", "陈三", idn(3), "子女"],
            ["350203001001", "B001", "王四", idn(4), "子女"],  # no head at all: still said
        ]
        result = self.run_file(workbook({"人口": rows}), dry_run=True)
        self.assertEqual(
            self.errors(result),
            [(2, "身份证号码", "身份证号码应为 17 位数字加 1 位数字或 X。"), (5, "与户主关系", "户 B001 没有户主。")],
        )

    def test_people_born_before_their_countys_code_get_no_birthplace_warning(self):
        rows = [
            HEADER,
            ["350203001001", "A001", "陈一", idn(1, date(1950, 3, 1)), "户主"],
            ["350203001001", "A002", "陈二", idn(2, date(1990, 3, 1), "350299"), "户主"],
        ]
        result = self.run_file(workbook({"人口": rows}), dry_run=True)
        self.assertEqual(
            [(w.row, w.column, w.message) for w in result.warnings],
            [(3, "身份证号码", "出生地代码 350299 不在县级区划表中（请核实）。")],
        )


class ReportingTests(LedgerTestCase):
    """Item 4 (issue item 5): every error marked and listed, page by page; failed runs import nothing and say so;
    the command line shows warnings."""

    def bad_rows(self, count: int) -> list[list]:
        return [["350203001001", f"A{n:04d}", "", idn(n + 1), "户主"] for n in range(count)]

    def test_every_error_is_marked_listed_page_by_page_and_counted(self):
        import io

        from python_calamine import CalamineWorkbook

        rows = [HEADER, *self.bad_rows(1500)]
        self.client.force_login(self.tree.users["street"])
        response = import_through_pages(self.client, "residents", workbook({"人口": rows}), dry_run=True, follow=True)
        job = response.context["job"]
        self.assertEqual((job.status, job.error_count, len(job.errors), job.created_count), ("failed", 1500, 1500, 0))
        self.assertContains(response, "第 1–200 个错误，共 1500 个。")
        self.assertContains(response, '<div class="datagrid-content" id="count-created">0</div>', html=True)
        page = self.client.get(f"/imports/jobs/{job.pk}/?errors_page=8")
        self.assertContains(page, "第 1401–1500 个错误，共 1500 个。")
        self.assertContains(page, "<td>1501</td>", html=True)
        report = self.client.get(f"/imports/jobs/{job.pk}/report/")
        sheet = (
            CalamineWorkbook.from_filelike(io.BytesIO(b"".join(report.streaming_content)))
            .get_sheet_by_index(0)
            .to_python()
        )
        marked = [row[-1] for row in sheet[1:]]
        self.assertEqual(marked, ["姓名：此列必填。"] * 1500)

    def test_where_the_errors_kept_end_the_report_and_the_command_line_say_so(self):
        import io
        from unittest.mock import patch

        from django.core.management import call_command
        from python_calamine import CalamineWorkbook

        from shequ.core.importing import engine
        from shequ.core.importing.reports import write_report

        path = workbook({"人口": [HEADER, *self.bad_rows(30)]})
        with patch.object(engine, "MAX_REPORTED_ERRORS", 10):
            result = self.run_file(path, dry_run=True)
            out, err = io.StringIO(), io.StringIO()
            with self.assertRaises(CommandError):
                call_command(
                    "import_register", "residents", str(path), user="street_user", dry_run=True, stdout=out, stderr=err
                )
        self.assertEqual((result.job.error_count, len(result.job.errors)), (30, 10))
        spool = io.BytesIO()
        write_report(path, path.name, result.errors, spool, ResidentImporter, total=result.job.error_count)
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(spool.getvalue())).get_sheet_by_index(0).to_python()
        self.assertEqual(
            sheet[0][-1],
            "共 30 个错误，只标出了前 10 个（至第 11 行）：错误太多，其余未标出。请先改正这些错误，再检查一次文件。",
        )
        self.assertEqual([row[len(HEADER)] for row in sheet[1:13]], [*["姓名：此列必填。"] * 10, "", ""])
        lines = err.getvalue().splitlines()
        self.assertEqual(lines[-1], "… and 20 more errors, not listed: correct these and run again")
        self.assertEqual(len([line for line in lines if line.startswith("row ")]), 10)

    def test_the_command_line_shows_warnings(self):
        import io

        from django.core.management import call_command

        rows = [["序号", *HEADER], [1, "350203001001", "A001", "陈一", idn(1, date(1990, 3, 1), "350299"), "户主"]]
        out, err = io.StringIO(), io.StringIO()
        path = workbook({"人口": rows})
        call_command(
            "import_register", "residents", str(path), user="street_user", dry_run=True, stdout=out, stderr=err
        )
        self.assertEqual(
            [line for line in err.getvalue().splitlines() if line.startswith("warning")],
            [
                "warning: row 1: 以下列未导入：序号。",
                "warning: row 2 · 身份证号码: 出生地代码 350299 不在县级区划表中（请核实）。",
            ],
        )
        self.assertIn("errors 0, warnings 2", out.getvalue())


class XlsLedgerTests(LedgerTestCase):
    def test_an_xls_ledger_of_2019_goes_in(self):
        """`data/ledger-2019.xls` (Excel 97–2003, written with xlwt): a notes sheet first, a merged title, synonyms
        (所属社区, 户编号, 公民身份号码, 与户主的关系, 手机号码), a community by name, 妻 and 长女, a footer."""
        path = Path(__file__).parent / "data" / "ledger-2019.xls"
        result = self.run_file(path)
        self.assertEqual(self.errors(result), [])
        self.assertEqual((result.job.status, result.job.total_rows, result.job.created_count), ("committed", 3, 3))
        self.assertEqual([(w.row, w.message) for w in result.warnings], [(3, "以下列未导入：序号。")])
        stored = Resident.objects.unscoped("test").order_by("name")
        self.assertEqual(
            [(r.name, r.community.code, r.household.number, r.relation, r.reveal("phone")) for r in stored],
            [
                ("许二", "350203001004", "F001", "spouse", "13950001122"),
                ("黄一", "350203001004", "F001", "head", "0592-2211334"),
                ("黄三", "350203001004", "F001", "child", ""),
            ],
        )


class OdsLedgerTests(LedgerTestCase):
    def test_an_ods_ledger_of_2021_goes_in(self):
        """`data/ledger-2021.ods` (OpenDocument, written by `data/write_ledger_ods.py`): a notes sheet first, a title
        spanning the columns, synonyms (所属社区, 户编号, 公民身份号码, 与户主的关系, 手机号码), 本人 / 妻 / 长子, 汉,
        birth dates kept as date cells, phones with spaces and +86, a footer."""
        path = Path(__file__).parent / "data" / "ledger-2021.ods"
        result = self.run_file(path)
        self.assertEqual(self.errors(result), [])
        self.assertEqual((result.job.status, result.job.total_rows, result.job.created_count), ("committed", 3, 3))
        self.assertEqual([(w.row, w.message) for w in result.warnings], [(3, "以下列未导入：序号。")])
        stored = Resident.objects.unscoped("test")  # ethnicity as stored: its GB 3304 code, 01 for 汉族
        self.assertEqual(
            sorted(
                (
                    r.name,
                    r.community.code,
                    r.household.number,
                    r.relation,
                    r.ethnicity,
                    str(r.birth_date),
                    r.sex,
                    r.reveal("phone"),
                )
                for r in stored
            ),
            [
                ("何二", "350203001004", "G001", "spouse", "01", "1985-07-20", "female", "13950003355"),
                ("郑一", "350203001004", "G001", "head", "01", "1982-04-15", "male", "13950003344"),
                ("郑三", "350203001004", "G001", "child", "01", "2010-09-01", "male", ""),
            ],
        )


class TemplateTests(LedgerTestCase):
    def test_the_template_names_the_synonyms_and_keeps_codes_as_text(self):
        import io

        self.client.force_login(self.tree.users["street"])
        response = self.client.get("/imports/residents/template/")
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
        self.assertEqual(
            sheet["D1"].comment.text,
            "必填。 18 位；性别和出生日期由此得出。 "
            "也可用列标题：公民身份号码、身份证号、身份证、身份证件号码、证件号码、公民身份证号码。",
        )
        # Every column formatted as text (xlsxwriter writes neighbouring columns of one width as one range).
        formats = {
            column: dimension.number_format
            for dimension in sheet.column_dimensions.values()
            for column in range(dimension.min, dimension.max + 1)
        }
        self.assertEqual(formats, dict.fromkeys(range(1, len(ResidentImporter.columns) + 1), "@"))

    def test_the_template_notes_say_how_cells_may_be_written(self):
        """Item 6: beside the synonyms, the forms the import reads — dates, phones, choices and their words, a
        community by code or name — derived from the register's fields, so every register's template has them."""
        import io

        self.client.force_login(self.tree.users["street"])
        response = self.client.get("/imports/residents/template/")
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
        notes = {cell.value: cell.comment.text if cell.comment else "" for cell in sheet[1]}
        self.assertEqual(
            notes["社区代码"],
            "必填。 12 位社区代码。 12 位代码，或您管辖范围内的区划名称。 "
            "也可用列标题：社区、所属社区、社区名称、居委会、社区居委会、所属居委会。",
        )
        self.assertEqual(
            notes["联系电话"],
            "电话可写作：13912345678、139-1234-5678、+86 139 1234 5678、0592-2345678，或不带区号的本地号码"
            "（自动加本市区号）；填了多个号码时取第一个。 "
            "也可用列标题：手机号码、手机号、手机、电话、电话号码、联系方式、移动电话、联系号码。",
        )
        self.assertEqual(
            notes["出生日期"],
            "可不填；填写时须与身份证号码一致。 "
            "日期可写作：2024-03-01、2024/3/1、2024.3.1、2024年3月1日、20240301，或 Excel 日期。 "
            "也可用列标题：出生年月日、生日。",
        )
        self.assertEqual(
            notes["与户主关系"],
            "必填。 每户必须有且只有一名户主。 可填：户主、配偶、子女、父母、孙子女、祖父母、兄弟姐妹、其他。 "
            "也可填：本人、户主本人、妻、妻子、夫、丈夫、老伴、爱人、夫妻、配偶、子、女…。 "
            "也可用列标题：关系、与户主的关系、家庭关系。",
        )
        self.assertTrue(notes["民族"].endswith("可省略“族”字（如“汉”即汉族）。"), notes["民族"])
        self.assertEqual(notes["婚姻状况"], "可填：未婚、已婚、离婚、丧偶。 也可用列标题：婚姻情况。")
