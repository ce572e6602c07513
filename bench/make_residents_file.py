"""Write a synthetic residents file for the import benchmark: bench/make_residents_file.py N OUT.{csv,xlsx}

Rows spread over the Xiamen communities of street 350203001 (about 3,000 households each), valid ID numbers.
"""

import csv
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from shequ.people.synthetic import SyntheticPeople, id_number_for  # noqa: E402

HEADER = ["社区代码", "户号", "姓名", "身份证号码", "与户主关系", "民族", "联系电话", "详细地址"]
COMMUNITIES = ["350203001001", "350203001004", "350203001006", "350203001011", "350203001015", "350203001018",
               "350203001020"]


def rows(count: int):
    people = SyntheticPeople(7)
    for n in range(count):
        household, member = divmod(n, 3)
        community = COMMUNITIES[household % len(COMMUNITIES)]
        birth = date(1940, 1, 1) + timedelta(days=(n // 1000) % 30000)
        yield [community, f"H{household:07d}", people.name(), id_number_for("350203", birth, n % 1000),
               "户主" if member == 0 else "子女", "汉族", people.mobile(), f"鸿山路{household % 500}号{member}单元"]


def main(count: int, out: Path) -> None:
    if out.suffix == ".csv":
        with out.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADER)
            writer.writerows(rows(count))
    else:
        import xlsxwriter

        workbook = xlsxwriter.Workbook(str(out), {"constant_memory": True})
        sheet = workbook.add_worksheet()
        sheet.write_row(0, 0, HEADER)
        for index, row in enumerate(rows(count), start=1):
            sheet.write_row(index, 0, row)
        workbook.close()


if __name__ == "__main__":
    main(int(sys.argv[1]), Path(sys.argv[2]))
