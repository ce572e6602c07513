"""Issue or withdraw an Open311 client's api_key (issue #5): `open311_key CLIENT_NAME [--revoke]`.

The key is printed once and stored only as its SHA-256 digest; issuing again for the same client replaces it.
"""

import secrets

from django.core.management.base import BaseCommand, CommandError

from shequ.core.audit import log_access
from shequ.core.choices import AccessEvent
from shequ.workorders.catalogue import CLIENTS
from shequ.workorders.models import Open311Client
from shequ.workorders.public.open311 import key_digest


class Command(BaseCommand):
    help = "Issue (printed once) or revoke the Open311 api_key of a client."

    def add_arguments(self, parser):
        parser.add_argument("name", help="the client's name, e.g. 'FixMyStreet Xiamen'")
        parser.add_argument("--revoke", action="store_true", help="withdraw the client's key")

    def handle(self, *args, name, revoke, **options):
        name = name.strip()
        if not name:
            raise CommandError("The client needs a name.")
        if revoke:
            updated = Open311Client.objects.filter(name=name, active=True).update(active=False)
            if not updated:
                raise CommandError(f"No active Open311 client named {name!r}.")
            CLIENTS.invalidate()  # an update sends no signal: every process must drop the key now
            log_access(AccessEvent.TOKEN_ISSUED, username=name, open311_client=name, revoked=True)
            self.stdout.write(f"The api_key of {name} is withdrawn.")
            return
        key = secrets.token_urlsafe(32)
        Open311Client.objects.update_or_create(name=name, defaults={"key_digest": key_digest(key), "active": True})
        log_access(AccessEvent.TOKEN_ISSUED, username=name, open311_client=name, issued=True)
        self.stdout.write(f"api_key for {name} (shown once, store it now):\n{key}")
