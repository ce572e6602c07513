import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from shequ.core.importing import run_import
from shequ.core.registers import importable, importer_for


class Command(BaseCommand):
    help = (
        "Import a register file (.xlsx, .xls, .ods or .csv): "
        "import_register REGISTER FILE --user USERNAME [--dry-run] [--sheet NAME]; "
        "import_register --list prints the registers that can be imported (issue #11)."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", nargs="?", help="a register label (app_label.model_name), see --list")
        parser.add_argument("file", nargs="?")
        parser.add_argument("--list", action="store_true", help="print one importable register label per line")
        parser.add_argument("--user", help="the account the import runs as (its scope applies)")
        parser.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
        parser.add_argument("--sheet", default="", help="the sheet to read (default: the one holding the data)")

    def handle(self, *args, kind, file, user, dry_run, sheet="", **options):
        if options["list"]:
            for declaration in importable():
                self.stdout.write(declaration.label())
            return
        if not (kind and file and user):
            raise CommandError("Give REGISTER FILE --user USERNAME, or --list.")
        importer_class = importer_for(kind)
        if importer_class is None:
            raise CommandError(f"Unknown register {kind!r}; import_register --list prints those that can be imported.")
        account = get_user_model().objects.filter(username=user, is_active=True).first()
        if account is None:
            raise CommandError(f"User {user} does not exist or is inactive.")
        if not account.has_perm(importer_class.permission):
            raise CommandError(f"User {user} may not import {kind}.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file} does not exist.")
        result = run_import(
            importer_class(account), path, path.name, dry_run=dry_run, progress=self.progress, sheet=sheet
        )
        sys.stderr.write("\n")
        job = result.job
        # Every error and warning the run kept, as the page and the annotated workbook show them (issue #19).
        for error in result.errors:
            self.stderr.write(f"row {error.row} · {error.column}: {error.message}")
        if job.error_count > len(result.errors):
            self.stderr.write(
                f"… and {job.error_count - len(result.errors)} more errors, not listed: correct these and run again"
            )
        for warning in result.warnings:
            where = f"row {warning.row} · {warning.column}" if warning.column else f"row {warning.row}"
            self.stderr.write(f"warning: {where}: {warning.message}")
        self.stdout.write(
            f"{job.get_status_display()}: rows {job.total_rows}, new {job.created_count}, "
            f"updated {job.updated_count}, unchanged {job.unchanged_count}, errors {job.error_count}, "
            f"warnings {len(result.warnings)}"
        )
        if not result.ok:
            raise CommandError("Nothing was imported.")

    @staticmethod
    def progress(rows: int) -> None:
        sys.stderr.write(f"\rchecked {rows:,} rows")
        sys.stderr.flush()
