"""`manage.py seal_audit [--prune]`: seal the audit logs' new rows into their hash chains (the clock does it every
pass); with --prune, also delete rows older than SHEQU_AUDIT_RETENTION_DAYS (never fewer than 180), whole seals."""

from django.core.management.base import BaseCommand

from shequ.core import auditchain


class Command(BaseCommand):
    help = "Seal new audit-log rows into the hash chain; --prune also drops rows past the retention period."

    def add_arguments(self, parser):
        parser.add_argument("--prune", action="store_true")

    def handle(self, *args, prune=False, **options):
        self.stdout.write(f"{auditchain.seal_all()} seal(s) written.")
        if prune:
            for log in auditchain.LOGS:
                self.stdout.write(f"{log}: {auditchain.prune(log)} row(s) past retention deleted.")
