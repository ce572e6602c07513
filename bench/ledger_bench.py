"""Ledger benchmark (issue #19): a population ledger as offices keep it beside the same rows in the template layout,
imported through the real engine in the same run, with the raw-insert ceiling measured in the same run.

    nice -n 10 .venv/bin/python bench/ledger_bench.py sqlite 100000
    SHEQU_BENCH_DB=ledgers3 nice -n 10 .venv/bin/python bench/ledger_bench.py postgres 100000

Both files are .xlsx with the same residents (3 per household, valid ID numbers):
  template  the import template's sheet: its headers, codes, labels, 11-digit mobiles, half-width text;
  ledger    a notes sheet first (填表说明), then the data sheet with a merged title row and a blank row above the
            headers, the headers in the offices' words (序号, 社区, 户编号, 居民姓名, 公民身份号码, 与户主的关系,
            联系 电话, 现住址（必填）, 备注), the community by name, phones as 139-2312-0259, +86 139 2312 0259,
            139.2312.0259 or in full-width digits, 民族 "汉", relations 本人 / 妻 / 长女, one ID number in ten in
            full-width characters, and a footer (填表人 … 审核人 …).
Each import is `manage.py import_register residents FILE` on a fresh database (bench/import_bench.py's helpers);
the ceiling is import_bench's raw insert of the same rows. The figure the issue asks for is the ledger's time over
the template's (normalising costs at most 20 %).
"""

import csv
import json
import os
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.import_bench import ROOT, fresh_database, run_import  # noqa: E402
from shequ.people.synthetic import SyntheticPeople, id_number_for  # noqa: E402

COMMUNITIES = ["350203001001", "350203001004", "350203001006", "350203001011", "350203001015", "350203001018",
               "350203001020"]
TEMPLATE_HEADER = ["社区代码", "户号", "姓名", "身份证号码", "与户主关系", "民族", "联系电话", "详细地址"]
LEDGER_HEADER = ["序号", "社区", "户编号", "居民姓名", "公民身份号码", "与户主的关系", "民族", "联系 电话",
                 "现住址（必填）", "备注"]
RELATIONS = (("户主", "本人"), ("配偶", "妻"), ("子女", "长女"))
FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


def people(count: int):
    """(community code, household, name, ID number, relation index, mobile, address) per resident."""
    synthetic = SyntheticPeople(7)
    for n in range(count):
        household, member = divmod(n, 3)
        birth = date(1940, 1, 1) + timedelta(days=(n // 1000) % 30000)
        yield (COMMUNITIES[household % len(COMMUNITIES)], f"H{household:07d}", synthetic.name(),
               id_number_for("350203", birth, n % 1000), member, synthetic.mobile(),
               f"鸿山路{household % 500}号{member}单元")


def messy_phone(phone: str, n: int) -> str:
    variant = n % 5
    if variant == 0:
        return f"{phone[:3]}-{phone[3:7]}-{phone[7:]}"
    if variant == 1:
        return f"+86 {phone[:3]} {phone[3:7]} {phone[7:]}"
    if variant == 2:
        return f"{phone[:3]}.{phone[3:7]}.{phone[7:]}"
    if variant == 3:
        return phone.translate(FULL_WIDTH)
    return phone


def write_files(count: int, folder: Path, names: dict[str, str]) -> dict[str, Path]:
    import xlsxwriter

    paths = {"template": folder / f"template-{count}.xlsx", "ledger": folder / f"ledger-{count}.xlsx",
             "ceiling": folder / f"template-{count}.csv"}
    template = xlsxwriter.Workbook(str(paths["template"]), {"constant_memory": True})
    ledger = xlsxwriter.Workbook(str(paths["ledger"]), {"constant_memory": True})
    notes = ledger.add_worksheet("填表说明")
    notes.write_row(0, 0, ["填表说明：本表由社区每季度更新，身份证号码请设为文本格式。"])
    notes.write_row(1, 0, ["联系人：社区办公室"])
    plain, messy = template.add_worksheet("导入数据"), ledger.add_worksheet("常住人口")
    title = ledger.add_format({"bold": True, "align": "center"})
    messy.merge_range(0, 0, 0, len(LEDGER_HEADER) - 1, "厦港街道常住人口登记表", title)
    messy.write_row(2, 0, LEDGER_HEADER)
    plain.write_row(0, 0, TEMPLATE_HEADER)
    with paths["ceiling"].open("w", encoding="utf-8", newline="") as handle:
        flat = csv.writer(handle)
        flat.writerow(TEMPLATE_HEADER)
        row = 0
        for row, (code, household, name, number, member, phone, address) in enumerate(people(count), start=1):
            relation, relation_word = RELATIONS[member]
            cells = [code, household, name, number, relation, "汉族", phone, address]
            plain.write_row(row, 0, cells)
            flat.writerow(cells)
            wide = row % 10 == 0
            messy.write_row(row + 2, 0, [
                str(row), names[code], household, name,
                number.translate(FULL_WIDTH) if wide else number, relation_word, "汉", messy_phone(phone, row),
                address, "",
            ])
        messy.write_row(row + 4, 0, ["填表人：王芳", "", "审核人：李明", "", "填表日期：2026年12月1日"])
    template.close()
    ledger.close()
    return paths


def community_names(url: str) -> dict[str, str]:
    """The communities' names as offices write them: without 居民委员会 / 居委会."""
    query = f"SELECT code, name FROM regions_division WHERE code IN ({', '.join(repr(c) for c in COMMUNITIES)})"
    if url.startswith("sqlite"):
        import sqlite3

        rows = sqlite3.connect(url.removeprefix("sqlite:///")).execute(query).fetchall()
    else:
        import psycopg

        with psycopg.connect(url) as connection:
            rows = connection.execute(query).fetchall()
    return {code: name.removesuffix("居民委员会").removesuffix("居委会") for code, name in rows}


def main(engine: str, count: int) -> None:
    database = os.environ.get("SHEQU_BENCH_DB", "shequ_bench")
    folder = Path(tempfile.mkdtemp())
    url = fresh_database(engine, database)
    paths = write_files(count, folder, community_names(url))
    results: dict = {"engine": engine, "rows": count}
    child = subprocess.run([sys.executable, str(ROOT / "bench" / "import_bench.py"), "--ceiling", url,
                            str(paths["ceiling"])], capture_output=True, text=True, check=True)
    results["ceiling"] = json.loads(child.stdout)
    for kind in ("template", "ledger"):
        url = fresh_database(engine, database)
        results[kind] = run_import(url, paths[kind])
        results[kind]["share_of_ceiling"] = round(
            results[kind]["rows_per_second"] / results["ceiling"]["rows_per_second"], 3)
    results["ledger_over_template"] = round(results["ledger"]["seconds"] / results["template"]["seconds"], 3)
    print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
