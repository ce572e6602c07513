"""What an import is made of: columns, row errors, the result, and the `Importer` every register's import subclasses
(DESIGN.md §7, ADR 0002)."""

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models.base import ModelState

from shequ.core.models import ImportJob

__all__ = [
    "BATCH",
    "MAX_REPORTED_ERRORS",
    "Column",
    "FileInvalid",
    "ImportResult",
    "Importer",
    "RowError",
    "RowInvalid",
    "importers",
    "parse_row",
    "register_importer",
]

MAX_REPORTED_ERRORS = 10_000
BATCH = 2000


@dataclass(frozen=True)
class Column:
    header: str  # the Chinese header clerks see in the template
    key: str
    required: bool = False
    help: str = ""
    synonyms: tuple[str, ...] = ()  # other headers offices give this column (issue #19; `headers`)


@dataclass(frozen=True)
class RowError:
    row: int  # spreadsheet row number (the header is row 1)
    column: str
    message: str


class RowInvalid(Exception):
    """Raised by `Importer.parse` with (column header, message) pairs."""

    def __init__(self, errors: list[tuple[str, str]]):
        super().__init__(errors)
        self.errors = errors


class FileInvalid(Exception):
    """The file as a whole cannot be read: wrong type, corrupt, empty, wrong headers."""


@dataclass
class ImportResult:
    job: ImportJob
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class Importer:
    """One register's import. Subclasses set `kind`, `label`, `permission`, `columns`, and implement `parse`,
    `natural_key`, `load_existing` and `write`."""

    kind = ""
    label = ""
    permission = ""
    columns: tuple[Column, ...] = ()
    seen: Any  # the natural keys of the whole file, set by the engine before `check_batch`
    do_not_call_in_templates = True  # pages show the class's label; templates must not instantiate it
    # Whether large files may be parsed in worker processes: only if `parse` never touches the database.
    parallel = False
    # Tables the import grows: on PostgreSQL their statistics are refreshed as they grow inside the import's one
    # transaction, or the planner, believing them empty, scans them whole for every look-up.
    analyze_tables: tuple[str, ...] = ()
    # Whether `write` goes through `save()` (the change-log signals then record each row); else the engine writes
    # the change-log entries of each batch itself (issue #11).
    logs_own_changes = False
    # The column whose value is the natural key, if one is: a duplicate row is reported on it (issue #19).
    key_column = ""

    def __init__(self, user):
        self.user = user
        self.warnings: list[tuple[str, str]] = []
        self._prototypes: dict = {}

    def new(self, model, **values):
        """An unsaved instance for a hot path (a million rows): the attributes of a default instance, made once,
        copied, then `values` set through the model's descriptors — `Model.__init__` was a third of the parse.
        Only for models without mutable defaults (they would be shared)."""
        prototype = self._prototypes.get(model)
        if prototype is None:
            prototype = {name: value for name, value in model().__dict__.items() if name != "_state"}
            self._prototypes[model] = prototype
        record = model.__new__(model)
        record.__dict__.update(prototype)
        record._state = ModelState()
        for name, value in values.items():
            setattr(record, name, value)
        return record

    def parse(self, row: dict[str, str]):
        """Turn one row (header → text) into an unsaved record, or raise RowInvalid."""
        raise NotImplementedError

    def prepare_for_workers(self) -> None:
        """Called before worker processes start: load anything `parse` needs, since workers have no database."""

    def pack(self, record):
        """A parsed record as plain data for the trip back from a worker process: its attributes, no caches."""
        return type(record), {name: value for name, value in record.__dict__.items() if name != "_state"}

    def unpack(self, packed):
        """The record again, built without `Model.__init__` (it has run in the worker)."""
        model, attributes = packed
        record = model.__new__(model)
        record.__dict__.update(attributes)
        record._state = ModelState()
        return record

    def natural_key(self, record):
        raise NotImplementedError

    def load_existing(self, keys: list) -> dict:
        """The stored records for these natural keys (restricted or checked by the importer)."""
        raise NotImplementedError

    def compare(self, record, existing) -> bool:
        """Whether `record` changes `existing`; updates `existing` in place when it does."""
        raise NotImplementedError

    def write(self, new: list, changed: list) -> None:
        raise NotImplementedError

    def stored_keys(self, keys: list) -> dict:
        """Natural key → primary key of stored records: after a raw insert, which returns no keys, the change log
        reads them back this way. Importers with a cheaper query than `load_existing` override it."""
        return {key: record.pk for key, record in self.load_existing(keys).items()}

    def check_existing(self, record, existing) -> list[tuple[str, str]]:
        """Errors for a row whose key matches a stored record the user may not change (default: none)."""
        return []

    def observe(self, number: int, record) -> None:
        """Note what a rule across rows needs of a valid row (keep it small: files have millions of rows)."""

    def failure_note(self):
        """After `parse` refused a row: a small value a rule across rows needs of it (e.g. the household a failed
        head of household was meant for), handed to `observe_failure`; None: nothing."""
        return

    def observe_failure(self, number: int, note) -> None:
        """Note what `failure_note` said of a row that failed (in the importing process, whoever parsed it)."""

    def check_batch(self) -> list[tuple[int, str, str]]:
        """Rules across rows (e.g. one head per household), after every row was seen and, unless this is a dry
        run, written: (row number, column, message) per problem. `self.seen` maps natural keys to row numbers."""
        return []

    def warn(self, column: str, message: str) -> None:
        self.warnings.append((column, message))

    def export_cell(self, column: Column, record, *, reveal: bool) -> str:
        """`record`'s cell of `column` as this importer reads it back (the import-layout export, issue #19): by
        default its field `column.key` by type (`layout.cell`); an importer whose column is no field overrides it.
        A protected value is written only if `reveal`."""
        from shequ.core.importing.layout import cell

        return cell(record, column.key, reveal=reveal)


importers: dict[str, type[Importer]] = {}


def register_importer(cls: type[Importer]) -> type[Importer]:
    importers[cls.kind] = cls
    return cls


def parse_row(importer: Importer, headers: list[str], number: int, values: list[str]):
    """(row number, record or None, errors, warnings, failure note) for one row."""
    row = dict(zip(headers, values + [""] * (len(headers) - len(values)), strict=False))
    importer.warnings = []
    try:
        return number, importer.parse(row), [], importer.warnings, None
    except RowInvalid as invalid:
        return number, None, invalid.errors, importer.warnings, importer.failure_note()
    except ValidationError as error:
        errors = [("", message) for message in error.messages]
        return number, None, errors, importer.warnings, importer.failure_note()
