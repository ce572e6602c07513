"""`manage.py verify_audit`: check the change log and the access log against their hash chains (issue #12).

Prints the first row changed or removed behind the application's back, per log, and exits 1; exits 0 when both
verify. Seals what is not sealed yet first, unless --no-seal."""

from django.core.management.base import BaseCommand, CommandError

from shequ.core import auditchain


class Command(BaseCommand):
    help = "Verify the audit logs' hash chains; name the first row changed or removed."

    def add_arguments(self, parser):
        parser.add_argument("--no-seal", action="store_true", help="Do not seal unsealed rows before verifying.")

    def handle(self, *args, no_seal=False, **options):
        if not no_seal:
            auditchain.seal_all()
        problems = [problem for log in auditchain.LOGS if (problem := auditchain.verify(log)) is not None]
        for problem in problems:
            self.stderr.write(str(problem))
        if problems:
            raise CommandError("The audit logs do not verify.", returncode=1)
        self.stdout.write("Both audit logs verify.")
