"""`manage.py check_ledgers [--division CODE]`: reconcile the ledgers (FIN-3); exit 1 naming every entry or
balance changed behind the application's back, 0 when all reconcile."""

from django.core.management.base import BaseCommand, CommandError

from shequ.core.scope import code_prefix
from shequ.funding.ledgers import reconcile


class Command(BaseCommand):
    help = "Check that every ledger entry balances and is unchanged, and that balances match the postings."

    def add_arguments(self, parser):
        parser.add_argument("--division", default="", help="only the ledgers at or below this division code")

    def handle(self, *args, division, **options):
        findings = reconcile(code_prefix(division) if division else "")
        for finding in findings:
            self.stderr.write(finding)
        if findings:
            raise CommandError(f"{len(findings)} ledger finding(s).")
        self.stdout.write("All ledgers reconcile.")
