"""Importers of community registers, and the cell parsers their `parse` uses: codes resolved within the user's
jurisdiction, text, choices, dates, numbers, yes/no — each records an error for its column on bad input."""

import re
from datetime import date
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shequ.core.importing.base import Importer, RowInvalid
from shequ.core.importing.processes import ExcelNumber
from shequ.core.scope import scope_q
from shequ.core.text import has_control_characters

__all__ = ["NO", "YES", "KeyedImporter", "RegisterImporter", "mangled_number", "mangled_number_message"]

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


# Dates as clerks write them: 2024-03-01, 2024/3/1, 2024.3.1, 2024年3月1日 (a time after them is ignored).
_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T].*)?$")


@lru_cache(maxsize=256)
def _choice_lookup(choices, language) -> dict[str, str]:
    """Value and translated label → value, per choices class and language (built once, not per cell)."""
    lookup = {}
    for key, label in choices.choices:
        lookup[key] = key
        lookup[str(label)] = key
    return lookup


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
        self.errors: list[tuple[str, str]] = []

    def prepare_for_workers(self) -> None:
        """Load what `parse` would otherwise ask the database: which codes are communities at all."""
        from shequ.regions.models import Division

        self.community_codes = set(
            Division.objects.unscoped("resolving community codes").communities().values_list("code", flat=True)
        )

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
        """A community within the user's scope, by its code."""
        return self._by_code(row, column, self.communities, self._community_exists, _COMMUNITY_MESSAGES)

    def division(self, row, column: str):
        """A division at any level (city, district, street, community) within the user's scope, by its code."""
        return self._by_code(row, column, self.divisions, self._division_exists, _DIVISION_MESSAGES)

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
            return code in self.community_codes
        return Division.objects.unscoped("message").communities().filter(code=code).exists()

    @staticmethod
    def _division_exists(code: str) -> bool:
        from shequ.regions.models import Division

        return Division.objects.unscoped("message").filter(code=code).exists()

    def _by_code(self, row, column: str, known: dict, exists, messages):
        """The record `known` holds for the row's code; else an error saying whether the code is outside the
        user's jurisdiction or does not exist at all (asked only on failure: imports have a million rows)."""
        code = row.get(column, "").strip()
        if not code:
            self.fail(column, _("This column is required."))
            return None
        record = known.get(code)
        if record is None:
            outside, unknown = messages
            self.fail(column, str(outside if exists(code) else unknown).format(code=code))
        return record

    def choice(self, row, column: str, choices, *, default=None):
        value = row.get(column, "").strip()
        if not value:
            if default is None:
                self.fail(column, _("This column is required."))
            return default
        lookup = _choice_lookup(choices, self.language)
        if value in lookup:
            return lookup[value]
        allowed = "、".join(str(label) for _key, label in choices.choices)
        self.fail(column, _("{value} is not one of: {allowed}.").format(value=value, allowed=allowed))
        return default

    def date(self, row, column: str, *, required=False, validators=()):
        """A YYYY-MM-DD cell; `validators` bound it as the model field does (pass the field's `validators`:
        `shequ.core.dates`, issue #12), and the first refusal is the cell's error."""
        value = row.get(column, "").strip()
        if not value:
            if required:
                self.fail(column, _("This column is required."))
            return None
        match = _DATE.match(value)
        try:
            day = date(int(match[1]), int(match[2]), int(match[3]))  # type: ignore[index]  # None: TypeError, caught
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
