"""Importers of community registers, and the cell parsers their `parse` uses: codes resolved within the user's
jurisdiction, text, choices, dates, numbers, yes/no — each records an error for its column on bad input."""

import re
import unicodedata
from datetime import date, timedelta
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shequ.core.importing.base import Importer, RowInvalid
from shequ.core.importing.processes import ExcelNumber
from shequ.core.registry import register_of_importer
from shequ.core.scope import scope_q
from shequ.core.text import has_control_characters

__all__ = [
    "NO",
    "YES",
    "KeyedImporter",
    "RegisterImporter",
    "choice_text",
    "choice_words",
    "mangled_number",
    "mangled_number_message",
]

# A long number as Excel shows it, and writes it to CSV: 3.50203E+17 (an exponent of 11 or more: a code, not a count).
_E_NOTATION = re.compile(r"^[0-9](?:\.[0-9]+)?[Ee]\+?(?:1[1-9]|[2-9][0-9])$")


def mangled_number(value) -> bool:
    """Whether a cell holds a long code Excel has kept as a number: a number cell of more than 15 digits, or text in
    E-notation (a CSV saved by Excel). Its digits are not the clerk's, whatever a check digit says (issue #19)."""
    return isinstance(value, ExcelNumber) or bool(_E_NOTATION.match(str(value).strip()))


def mangled_number_message(column: str) -> str:
    return _(
        "Excel stored {column} as a number and kept only 15 significant digits: format the column as text and "
        "type the values again from the original documents."
    ).format(column=column)


# Dates as clerks write them: 2024-03-01, 2024/3/1, 2024.3.1, 2024年3月1日, 20240301 (a time after them is ignored);
# an Excel serial (45352) where the cell was a date kept as a number.
_DATE = re.compile(r"^(\d{4})(?:[-/.年](\d{1,2})[-/.月](\d{1,2})日?|(\d{2})(\d{2}))(?:[ T].*)?$")
_EXCEL_SERIAL = re.compile(r"^[1-9][0-9]{4}(?:\.0+)?$")
_EXCEL_EPOCH = date(1899, 12, 30)


@lru_cache(maxsize=256)
def _choice_lookup(choices, language) -> dict[str, str]:
    """Value and translated label → value, per choices class and language (built once, not per cell)."""
    return choice_words(choices.choices)


def choice_words(choices) -> dict[str, str]:
    """Each choice by its value, its label, and its label without 族 ("汉" for 汉族, issue #19)."""
    lookup: dict[str, str] = {}
    for key, label in choices:
        text = str(label)
        if len(text) >= 2 and text.endswith("族"):
            lookup.setdefault(text[:-1], key)
    for key, label in choices:
        lookup[str(key)] = key
        lookup[str(label)] = key
    return lookup


def choice_text(value: str) -> str:
    """A choice cell as compared: half-width, no spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", value))


# What follows a community's name in the register ("鸿山社区居委会") and not always in a clerk's cell ("鸿山社区").
_NAME_SUFFIX = re.compile(r"(居民委员会|居委会|村民委员会|村委会)$")


def division_name_key(name: str) -> str:
    """A division's name as compared with a cell: half-width, no spaces, no committee suffix."""
    return _NAME_SUFFIX.sub("", re.sub(r"\s+", "", unicodedata.normalize("NFKC", name or "")))


_COMMUNITY_MESSAGES = (
    gettext_lazy("Community {code} is outside your jurisdiction."),
    gettext_lazy("Community {code} does not exist."),
)
_DIVISION_MESSAGES = (
    gettext_lazy("Division {code} is outside your jurisdiction."),
    gettext_lazy("Division {code} does not exist."),
)


class RegisterImporter(Importer):
    """An importer for a community register: resolves community codes within the user's scope, parses cells."""

    def __init__(self, user):
        super().__init__(user)
        from shequ.regions.models import Division

        prefixes = [] if user.is_superuser else user.scope_prefixes(self.permission)
        communities = Division.objects.unscoped("resolving community codes").communities()
        if not user.is_superuser:
            communities = communities.filter(scope_q(prefixes, "code"))
        self.communities = {d.code: d for d in communities}
        self.language = translation.get_language()  # read once: choice() runs per cell
        self.community_codes: set[str] | None = None  # every loaded community's code, for worker processes
        self.community_names: set[str] | None = None  # and name (`division_name_key`), for their messages
        self._name_index: dict[str, dict[str, list]] = {}
        self.errors: list[tuple[str, str]] = []
        # The words offices write for a column's choices (`Register.value_synonyms`), by column header.
        self.value_synonyms = self._declared_value_synonyms()

    def _declared_value_synonyms(self) -> dict[str, dict[str, str]]:
        declaration = register_of_importer(type(self))
        declared = getattr(declaration, "value_synonyms", None) or {}
        return {column.header: declared[column.key] for column in self.columns if column.key in declared}

    def prepare_for_workers(self) -> None:
        """Load what `parse` would otherwise ask the database: which codes are communities at all."""
        from shequ.regions.models import Division

        communities = Division.objects.unscoped("resolving community codes").communities()
        self.community_codes = set(communities.values_list("code", flat=True))
        self.community_names = {division_name_key(name) for name in communities.values_list("name", flat=True)}

    def unpack(self, packed):
        record = super().unpack(packed)
        community_id = getattr(record, "community_id", None)
        if community_id is not None:
            if not hasattr(self, "_communities_by_pk"):
                self._communities_by_pk = {d.pk: d for d in self.communities.values()}
            record._state.fields_cache["community"] = self._communities_by_pk[community_id]
        return record

    # ---- cell parsers: each records an error for its column and returns None on bad input -------------------

    def fail(self, column: str, message: str):
        self.errors.append((column, message))

    def raise_errors(self):
        if self.errors:
            errors, self.errors = self.errors, []
            raise RowInvalid(errors)

    def text(self, row, column: str, *, required=False, max_length=200) -> str:
        raw = row.get(column, "")
        value = raw.strip()
        if mangled_number(raw):
            self.fail(column, mangled_number_message(column))
        elif required and not value:
            self.fail(column, _("This column is required."))
        elif len(value) > max_length:
            self.fail(column, _("At most {n} characters.").format(n=max_length))
        elif has_control_characters(value):
            self.fail(column, _("Contains control characters; remove them and try again."))
        return value

    def community(self, row, column: str):
        """A community within the user's scope, by its code or its name (issue #19)."""
        return self._by_code(row, column, "communities", self._community_exists, _COMMUNITY_MESSAGES)

    def division(self, row, column: str):
        """A division at any level (city, district, street, community) within the user's scope, by its code or
        its name."""
        return self._by_code(row, column, "divisions", self._division_exists, _DIVISION_MESSAGES)

    @cached_property
    def divisions(self) -> dict:
        from shequ.regions.models import Division

        divisions = Division.objects.unscoped("resolving division codes")
        if not self.user.is_superuser:
            divisions = divisions.filter(scope_q(self.user.scope_prefixes(self.permission), "code"))
        return {d.code: d for d in divisions}

    def _community_exists(self, code: str) -> bool:
        from shequ.regions.models import Division

        if self.community_codes is not None:
            return code in self.community_codes or division_name_key(code) in (self.community_names or set())
        return self._exists_by_code_or_name(Division.objects.unscoped("message").communities(), code)

    def _division_exists(self, code: str) -> bool:
        from shequ.regions.models import Division

        return self._exists_by_code_or_name(Division.objects.unscoped("message"), code)

    @staticmethod
    def _exists_by_code_or_name(divisions, text: str) -> bool:
        if text.isdigit():
            return divisions.filter(code=text).exists()
        key = division_name_key(text)
        names = [key, *(key + suffix for suffix in ("居民委员会", "居委会", "村民委员会", "村委会"))]
        return divisions.filter(name__in=names).exists()

    def _by_code(self, row, column: str, kind: str, exists, messages):
        """The division of the row's code — or name, if it names exactly one in the user's jurisdiction; else an
        error saying whether it is outside the user's jurisdiction or does not exist at all (asked only on
        failure: imports have a million rows)."""
        known = self.communities if kind == "communities" else self.divisions
        code = unicodedata.normalize("NFKC", row.get(column, "")).strip()
        if not code:
            self.fail(column, _("This column is required."))
            return None
        record = known.get(code)
        if record is None and not code.isdigit():
            matches = self._names_of(kind, known).get(division_name_key(code), [])
            if len(matches) > 1:
                listed = "、".join(f"{d.name}（{d.code}）" for d in sorted(matches, key=lambda d: d.code))
                message = _("{value} names {count} divisions in your jurisdiction: {divisions}. Write the code.")
                self.fail(column, message.format(value=code, count=len(matches), divisions=listed))
                return None
            record = matches[0] if matches else None
        if record is None:
            outside, unknown = messages
            self.fail(column, str(outside if exists(code) else unknown).format(code=code))
        return record

    def _names_of(self, kind: str, known: dict) -> dict[str, list]:
        """`known` by name (`division_name_key`), built on the first cell that gives a name."""
        if kind not in self._name_index:
            index: dict[str, list] = {}
            for division in known.values():
                index.setdefault(division_name_key(division.name), []).append(division)
            self._name_index[kind] = index
        return self._name_index[kind]

    def choice(self, row, column: str, choices, *, default=None):
        value = row.get(column, "").strip()
        if not value:
            if default is None:
                self.fail(column, _("This column is required."))
            return default
        lookup = _choice_lookup(choices, self.language)
        if value in lookup:
            return lookup[value]
        word = choice_text(value)
        found = lookup.get(word, self.value_synonyms.get(column, {}).get(word))
        if found is not None:
            return found
        allowed = "、".join(str(label) for _key, label in choices.choices)
        self.fail(column, _("{value} is not one of: {allowed}.").format(value=value, allowed=allowed))
        return default

    def date(self, row, column: str, *, required=False, validators=()):
        """A YYYY-MM-DD cell; `validators` bound it as the model field does (pass the field's `validators`:
        `shequ.core.dates`, issue #12), and the first refusal is the cell's error."""
        value = unicodedata.normalize("NFKC", row.get(column, "")).strip()
        if not value:
            if required:
                self.fail(column, _("This column is required."))
            return None
        match = _DATE.match(value)
        try:
            if match is None and _EXCEL_SERIAL.match(value):
                day = _EXCEL_EPOCH + timedelta(days=int(float(value)))
            else:
                year, month, day_ = match[1], match[2] or match[4], match[3] or match[5]  # type: ignore[index]
                day = date(int(year), int(month), int(day_))
        except (TypeError, ValueError):  # no match, or no such day
            self.fail(column, _("{value} is not a date (YYYY-MM-DD).").format(value=value))
            return None
        for validator in validators:
            try:
                validator(day)
            except ValidationError as error:
                self.fail(column, error.messages[0])
                return None
        return day

    def number(self, row, column: str, *, minimum=0, maximum=10**6, integer=True):
        value = row.get(column, "").strip()
        if not value:
            return None
        try:
            number = int(value) if integer else float(value)
        except ValueError:
            self.fail(column, _("{value} is not a number.").format(value=value))
            return None
        if not minimum <= number <= maximum:
            self.fail(
                column,
                _("{value} is outside {minimum}–{maximum}.").format(value=value, minimum=minimum, maximum=maximum),
            )
            return None
        return number


YES = {"是", "Y", "y", "yes", "1", "true", "封闭"}
NO = {"否", "N", "n", "no", "0", "false", "开放", ""}


class KeyedImporter(RegisterImporter):
    """A register keyed by what a clerk writes (natural keys are tuples starting with the community code): new
    rows are created, and the `compared` fields of stored ones updated. `records_in(codes)` gives the stored ones."""

    compared: tuple[str, ...] = ()

    def records_in(self, codes):
        raise NotImplementedError

    def load_existing(self, keys):
        codes = {key[0] for key in keys}
        return {self.natural_key(record): record for record in self.records_in(codes)}

    def compare(self, record, existing):
        changed = [name for name in self.compared if getattr(record, name) != getattr(existing, name)]
        for name in changed:
            setattr(existing, name, getattr(record, name))
        return bool(changed)

    def write(self, new, changed):
        model = type(new[0] if new else changed[0]) if (new or changed) else None
        if model is None:
            return
        model.objects.bulk_create(new, batch_size=2000)
        model.objects.bulk_update(changed, list(self.compared), batch_size=1000)

    def boolean(self, row, column):
        value = row.get(column, "").strip()
        if value in YES:
            return True
        if value not in NO:
            self.fail(column, _("Write 是 or 否."))
        return False
