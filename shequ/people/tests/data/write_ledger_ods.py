"""Writes `ledger-2021.ods`, an OpenDocument ledger as LibreOffice or WPS keeps one (issue #19): no library, the
format's own XML in a zip. Run from the repository root: `.venv/bin/python shequ/people/tests/data/write_ledger_ods.py`.

A notes sheet first; on the second, a title cell spanning the columns, a blank row, headers as the office
writes them (序号, 所属社区, 户编号, 公民身份号码, 与户主的关系, 民族, 出生日期, 手机号码), a birth date kept as a date
cell, phones with spaces and +86, 汉 and 长子, and a footer.
"""

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).parent
TARGET = HERE / "ledger-2021.ods"

NOTES = [["填表说明"], ["1. 身份证号码请设为文本格式。"], ["2. 每户只填一个户主。"]]
HEADER = ["序号", "所属社区", "户编号", "姓名", "公民身份号码", "与户主的关系", "民族", "出生日期", "手机号码"]
ROWS = [
    [1, "蜂巢山社区", "G001", "郑一", "350203198204150016", "本人", "汉", ("date", "1982-04-15"), "139 5000 3344"],
    [2, "蜂巢山社区", "G001", "何二", "350203198507200025", "妻", "汉族", "", "+86-139-5000-3355"],
    [3, "蜂巢山社区", "G001", "郑三", "350203201009010039", "长子", "", ("date", "2010-09-01"), ""],
]
FOOTER = ["填表人：王五", "", "", "审核人：赵六"]


def cell(value) -> str:
    if isinstance(value, tuple):  # a date cell, as a spreadsheet keeps a typed date
        kind, text = value
        typed = f'office:value-type="{kind}" office:date-value="{text}"'
        return f"<table:table-cell {typed}><text:p>{text}</text:p></table:table-cell>"
    if isinstance(value, int):
        typed = f'office:value-type="float" office:value="{value}"'
        return f"<table:table-cell {typed}><text:p>{value}</text:p></table:table-cell>"
    if value == "":
        return "<table:table-cell/>"
    return f'<table:table-cell office:value-type="string"><text:p>{escape(value)}</text:p></table:table-cell>'


def row(values) -> str:
    return "<table:table-row>" + "".join(cell(v) for v in values) + "</table:table-row>"


def table(name: str, rows: list[str]) -> str:
    return f'<table:table table:name="{name}">' + "".join(rows) + "</table:table>"


def content() -> str:
    title = (
        '<table:table-row><table:table-cell office:value-type="string" '
        f'table:number-columns-spanned="{len(HEADER)}"><text:p>蜂巢山社区居民花名册（2021年）</text:p>'
        f"</table:table-cell>{'<table:covered-table-cell/>' * (len(HEADER) - 1)}</table:table-row>"
    )
    ledger = [
        title,
        "<table:table-row><table:table-cell/></table:table-row>",
        row(HEADER),
        *map(row, ROWS),
        row(FOOTER),
    ]
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        "<office:body><office:spreadsheet>"
        + table("填表说明", [row(r) for r in NOTES])
        + table("居民", ledger)
        + "</office:spreadsheet></office:body></office:document-content>"
    )


MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def main() -> None:
    with zipfile.ZipFile(TARGET, "w") as archive:
        # The mimetype comes first and uncompressed: that is how readers recognise the format.
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", MANIFEST, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content(), zipfile.ZIP_DEFLATED)


if __name__ == "__main__":
    main()
