"""Which file column is which field (issue #19): headers as clerks write them, matched after normalising.

A ledger's header says "联系 电话", "身份证号码（必填）" or "手机号码" where the template says "联系电话" and
"身份证号码". Headers are compared after `normalise_header` (full-width to half-width, no spaces, no brackets and
what they hold, no required marks) against each column's header and synonyms: the column's own, the register's
declaration's (`Register.synonyms`, by field name) and the platform's common ones (`COMMON_SYNONYMS`, by field name,
so that every register gains them). Columns that match nothing (序号, 备注, a column of the office's own) are
ignored and named in a warning; a required column that is missing, or two columns naming one field, refuse the file
before any row is read.
"""

import re
import unicodedata
from collections.abc import Iterable, Mapping

from django.utils.translation import gettext as _

from shequ.core.importing.base import FileInvalid, Importer

__all__ = ["COMMON_SYNONYMS", "HeaderMap", "normalise_header"]

# Synonyms every register gains, by field name: the words offices use for the same column.
COMMON_SYNONYMS: dict[str, tuple[str, ...]] = {
    "community": ("社区", "所属社区", "社区名称", "居委会", "社区居委会", "所属居委会", "社区(居委会)"),
    "id_number": ("身份证号码", "公民身份号码", "身份证号", "身份证", "身份证件号码", "证件号码", "公民身份证号码"),
    "phone": ("联系电话", "手机号码", "手机号", "手机", "电话", "电话号码", "联系方式", "移动电话", "联系号码"),
    "address": ("详细地址", "现住址", "居住地址", "住址", "家庭住址", "现居住地址", "实际居住地址", "现居地址"),
    "gender": ("性别",),
    "sex": ("性别",),
    "birth_date": ("出生日期", "出生年月日", "生日"),
}

# Brackets and what they hold: "（必填）", "[选填]", "【单位】"; required marks and a closing colon.
_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】|〔[^〔〕]*〕|<[^<>]*>|《[^《》]*》")
_MARKS = re.compile(r"^[*※★]+|[*※★:]+$")
_SPACE = re.compile(r"\s+")


def normalise_header(text: str) -> str:
    """A header as compared: NFKC (full-width letters, digits and brackets to half-width), no spaces, no brackets
    with their contents, no required marks (*) or closing colon, lower-case Latin."""
    text = unicodedata.normalize("NFKC", str(text or ""))
    text = _SPACE.sub("", text)
    text = _BRACKETED.sub("", text)
    return _MARKS.sub("", text).lower()


class HeaderMap:
    """An importer's columns by every name a file may give them."""

    def __init__(self, importer: Importer | type[Importer], synonyms: Mapping[str, Iterable[str]] | None = None):
        self.columns = importer.columns
        self.names: dict[str, str] = {}  # normalised name → the column's header
        self.alternatives: dict[str, list[str]] = {column.header: [] for column in self.columns}  # as declared
        # Own headers first: a synonym never takes the name of another column's header.
        for column in self.columns:
            self.names[normalise_header(column.header)] = column.header
        for column in self.columns:
            for name in (
                *column.synonyms,
                *(synonyms or {}).get(column.key, ()),
                *COMMON_SYNONYMS.get(column.key, ()),
            ):
                key = normalise_header(name)
                if key not in self.names:
                    self.names[key] = column.header
                    self.alternatives[column.header].append(name)

    def column_of(self, header: str) -> str | None:
        return self.names.get(normalise_header(header)) if header else None

    def score(self, row: list[str]) -> int:
        """How many of the importer's columns a row names: the header row names the most."""
        return len({found for cell in row if (found := self.column_of(cell)) is not None})

    def propose(self, headers: list[str]) -> list[str]:
        """The column each file column gives, by its header ("" for none): the mapping the web import proposes."""
        return [self.column_of(header) or "" for header in headers]

    def apply(self, headers: list[str], chosen: list[str] | None = None) -> tuple[list[str], list[str]]:
        """The file's headers as the importer's (an ignored column gets a key no column has), and the headers of
        the ignored columns. `chosen` is the column each file column gives ("" for none) as the clerk set it in the
        web import's mapping step; by default, the one its header names. Refuses, before any row is read, a
        mapping that leaves a required column without a file column or gives one column from two."""
        by_clerk = chosen is not None
        if chosen is None:
            chosen = self.propose(headers)
        problems = self.problems(headers, chosen, by_clerk=by_clerk)
        ignored = [header for header, column in zip(headers, chosen, strict=False) if header and not column]
        if problems:
            if ignored and not by_clerk:
                problems.append(_("Unknown columns: {columns}.").format(columns="、".join(ignored)))
            problems.append(
                _("Choose a field for each required one in the mapping step.")
                if by_clerk
                else _("Download the template for the right headers.")
            )
            raise FileInvalid(" ".join(problems))
        mapped = [column or f"\x00{index}" for index, column in enumerate(chosen)]
        return mapped, ignored

    def problems(self, headers: list[str], chosen: list[str], *, by_clerk: bool = True) -> list[str]:
        """What refuses a mapping (the column each file column gives, "" for none) before any row is read: two file
        columns giving one column, a required column given by none; each names the columns concerned."""
        known = {column.header for column in self.columns}
        if len(chosen) != len(headers) or any(column and column not in known for column in chosen):
            return [_("The column mapping does not fit this file; upload it again.")]
        taken: dict[str, str] = {}
        problems: list[str] = []
        for index, (header, column) in enumerate(zip(headers, chosen, strict=True)):
            if not column:
                continue
            name = header or _("column {number}").format(number=index + 1)
            if column in taken:
                problems.append(
                    _("Columns {first} and {second} both give {column}.").format(
                        first=taken[column], second=name, column=column
                    )
                )
            taken[column] = name
        missing = [c.header for c in self.columns if c.required and c.header not in taken]
        if missing:
            message = _("No column gives the required {columns}.") if by_clerk else _("Missing columns: {columns}.")
            problems.append(message.format(columns="、".join(missing)))
        return problems
