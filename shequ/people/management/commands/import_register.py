import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from shequ.accounts.models import User
from shequ.core.importing import importers, run_import


class Command(BaseCommand):
    help = "Import a register file (.xlsx or .csv): import_register KIND FILE --user USERNAME [--dry-run]."

    def add_arguments(self, parser):
        parser.add_argument("kind", help="one of: " + ", ".join(sorted(importers)))
        parser.add_argument("file")
        parser.add_argument("--user", required=True, help="the account the import runs as (its scope applies)")
        parser.add_argument("--dry-run", action="store_true", help="check every row, write nothing")

    def handle(self, *args, kind, file, user, dry_run, **options):
        importer_class = importers.get(kind)
        if importer_class is None:
            raise CommandError(f"Unknown kind {kind!r}; one of: {', '.join(sorted(importers))}.")
        account = User.objects.filter(username=user, is_active=True).first()
        if account is None:
            raise CommandError(f"User {user} does not exist or is inactive.")
        if not account.has_perm(importer_class.permission):
            raise CommandError(f"User {user} may not import {kind}.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file} does not exist.")
        result = run_import(importer_class(account), path, path.name, dry_run=dry_run, progress=self.progress)
        sys.stderr.write("\n")
        job = result.job
        for error in result.errors[:50]:
            self.stderr.write(f"row {error.row} · {error.column}: {error.message}")
        if len(result.errors) > 50:
            self.stderr.write(f"… and {len(result.errors) - 50} more")
        self.stdout.write(
            f"{job.get_status_display()}: rows {job.total_rows}, new {job.created_count}, "
            f"updated {job.updated_count}, unchanged {job.unchanged_count}, errors {job.error_count}"
        )
        if not result.ok:
            raise CommandError("Nothing was imported.")

    @staticmethod
    def progress(rows: int) -> None:
        sys.stderr.write(f"\rchecked {rows:,} rows")
        sys.stderr.flush()
