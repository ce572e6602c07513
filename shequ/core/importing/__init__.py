"""The import engine (DESIGN.md §7, ADR 0002), in parts:

- `base`: columns, row errors, results and the `Importer` every register's import subclasses;
- `cells`: `RegisterImporter` / `KeyedImporter` and their cell parsers (codes within the user's jurisdiction, …);
- `declared`: the importer derived from a register's declaration (`core.registers`, issue #11);
- `readers`: .xlsx / .csv to rows of text; `processes`: entry points of the import's own processes;
- `parallel`: parsing large files in worker processes; `engine`: `run_import`, all-or-nothing and change-logged;
- `reports`: the template and the annotated report; `uploads`: an upload's deletion or sealing after its job.

Names are re-exported here lazily, so that a spawned process can load `processes` before Django is set up.
"""

from importlib import import_module
from typing import TYPE_CHECKING

__all__ = [
    "SEALED_SUFFIX",
    "Column",
    "FileInvalid",
    "ImportResult",
    "Importer",
    "KeyedImporter",
    "RegisterImporter",
    "RowError",
    "RowInvalid",
    "estimate_rows",
    "importers",
    "read_table",
    "register_importer",
    "release_upload",
    "run_import",
    "unseal_upload",
    "write_report",
    "write_template",
]

_HOMES = {
    "Column": "base",
    "FileInvalid": "base",
    "ImportResult": "base",
    "Importer": "base",
    "RowError": "base",
    "RowInvalid": "base",
    "importers": "base",
    "register_importer": "base",
    "KeyedImporter": "cells",
    "RegisterImporter": "cells",
    "estimate_rows": "readers",
    "read_table": "readers",
    "run_import": "engine",
    "write_report": "reports",
    "write_template": "reports",
    "SEALED_SUFFIX": "uploads",
    "release_upload": "uploads",
    "unseal_upload": "uploads",
}

if TYPE_CHECKING:
    from shequ.core.importing.base import (
        Column,
        FileInvalid,
        Importer,
        ImportResult,
        RowError,
        RowInvalid,
        importers,
        register_importer,
    )
    from shequ.core.importing.cells import KeyedImporter, RegisterImporter
    from shequ.core.importing.engine import run_import
    from shequ.core.importing.readers import estimate_rows, read_table
    from shequ.core.importing.reports import write_report, write_template
    from shequ.core.importing.uploads import SEALED_SUFFIX, release_upload, unseal_upload


def __getattr__(name: str):
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{home}"), name)
