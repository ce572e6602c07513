import sys

from django.core.management.base import BaseCommand, CommandError

from shequ.accounts.roles import Role
from shequ.accounts.services import GrantError, grant_role
from shequ.core.context import change_context


class Command(BaseCommand):
    help = "Create or update a user's assignment: grant USERNAME ROLE DIVISION_CODE."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("role", help=", ".join(Role.values))
        parser.add_argument("division_code")
        parser.add_argument("--department", help="department name (for department_staff)")
        parser.add_argument("--full-name", default="")
        parser.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
        parser.add_argument("--existing", action="store_true", help="refuse to create the user if it does not exist")

    def handle(self, *args, username, role, division_code, department, full_name, password_stdin, existing, **opts):
        password = None
        if password_stdin:
            password = sys.stdin.readline().rstrip("\n")
            if not password:
                raise CommandError("No password on standard input.")
        try:
            with change_context(None, source="command:grant"):
                result = grant_role(
                    acting_user=None,
                    username=username,
                    role=role,
                    division_code=division_code,
                    department=department,
                    password=password,
                    create_user=not existing,
                    full_name=full_name,
                )
        except GrantError as error:
            raise CommandError(str(error))
        self.stdout.write(
            f"{result.user.username}: {result.assignment.get_role_display()} @ "
            f"{result.assignment.division} ({result.assignment.division.code})"
        )
        if result.password:
            self.stdout.write(f"password (shown once): {result.password}")
