"""`manage.py restore SRC_DIR`: restore a `manage.py backup` into the configured database and key file (issue #12).

Checksums, the engine and the passphrase are checked before anything is written; the database must be empty unless
--force is given. Stop the web server and the workers before restoring over a database in use.
"""

from django.core.management.base import BaseCommand, CommandError

from shequ.core.backup import BackupError, read_passphrase, restore


class Command(BaseCommand):
    help = "Restore a backup directory into the configured (empty, or --force) database and data-key file."

    def add_arguments(self, parser):
        parser.add_argument("source", metavar="SRC_DIR", help="a directory written by manage.py backup")
        parser.add_argument(
            "--passphrase-file",
            help="file whose first line is the backup's passphrase (default: $SHEQU_BACKUP_PASSPHRASE)",
        )
        parser.add_argument("--force", action="store_true", help="replace the contents of a database that is not empty")

    def handle(self, *args, source, passphrase_file, force, **options):
        try:
            outcome = restore(source, read_passphrase(passphrase_file), force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = outcome["manifest"]
        if outcome["replaced_key_file"]:
            self.stdout.write(f"The key file that was there is kept as {outcome['replaced_key_file']}.")
        self.stdout.write(
            f"Restored the {manifest['engine']} backup of {manifest['created']}: {len(manifest['tables'])} tables, "
            f"{sum(manifest['tables'].values())} rows, counts verified."
        )
