from django.core.management.base import BaseCommand, CommandError

from shequ.accounts.models import User
from shequ.accounts.services import issue_token
from shequ.core.context import change_context


class Command(BaseCommand):
    help = "Issue an API token for USERNAME; it is printed once and stored only as a digest."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="api")

    def handle(self, *args, username, name, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"User {username} does not exist or is inactive.")
        with change_context(None, source="command:issue_token"):
            raw = issue_token(acting_user=None, user=user, name=name)
        self.stdout.write(raw)
