"""Clear a user's login lockout (issue #12, IA-3): `manage.py unlock USERNAME`; with `--two-factor` also remove the
user's authenticators (a lost phone), so that the next sign-in enrols a new one. Both are access-logged."""

from django.core.management.base import BaseCommand, CommandError

from shequ.accounts.models import User
from shequ.accounts.services import remove_two_factor, unlock_user
from shequ.core.context import change_context


class Command(BaseCommand):
    help = "Clear every recorded login failure of USERNAME (django-axes), so that the account can sign in at once."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--two-factor", action="store_true", help="also remove the user's TOTP devices (enrol again at next login)"
        )

    def handle(self, *args, username, two_factor, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"User {username} does not exist.")
        with change_context(None, source="command:unlock"):
            count = unlock_user(acting_user=None, user=user)
            self.stdout.write(f"{username}: {count} failure record(s) cleared.")
            if two_factor:
                removed = remove_two_factor(acting_user=None, user=user)
                self.stdout.write(f"{username}: {removed} two-factor device(s) removed.")
