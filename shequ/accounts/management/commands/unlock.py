"""Clear a user's login lockout (issue #12, IA-3): `manage.py unlock USERNAME`. Access-logged."""

from django.core.management.base import BaseCommand, CommandError

from shequ.accounts.models import User
from shequ.accounts.services import unlock_user
from shequ.core.context import change_context


class Command(BaseCommand):
    help = "Clear every recorded login failure of USERNAME (django-axes), so that the account can sign in at once."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"User {username} does not exist.")
        with change_context(None, source="command:unlock"):
            count = unlock_user(acting_user=None, user=user)
        self.stdout.write(f"{username}: {count} failure record(s) cleared.")
