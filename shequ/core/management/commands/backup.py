"""`manage.py backup DEST_DIR`: a consistent online copy of the database and the encrypted data-key file (issue #12).

See `shequ.core.backup` and docs/operations.md (nightly and off-site copies, the restore drill).
"""

import time

from django.core.management.base import BaseCommand, CommandError

from shequ.core.backup import BackupError, backup, read_passphrase


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite backup API or pg_dump) and the data-key file, encrypted with a passphrase, "
        "into a new directory with a manifest of checksums and row counts."
    )

    def add_arguments(self, parser):
        parser.add_argument("destination", metavar="DEST_DIR", help="a new or empty directory")
        parser.add_argument(
            "--passphrase-file",
            help="file whose first line is the passphrase for the key file (default: $SHEQU_BACKUP_PASSPHRASE)",
        )

    def handle(self, *args, destination, passphrase_file, **options):
        started = time.monotonic()
        try:
            manifest = backup(destination, read_passphrase(passphrase_file))
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["tables"].values())
        size = sum(entry["bytes"] for entry in manifest["files"].values())
        self.stdout.write(
            f"Backed up {manifest['engine']}: {len(manifest['tables'])} tables, {rows} rows, {size} bytes "
            f"to {destination} in {time.monotonic() - started:.1f} s."
        )
