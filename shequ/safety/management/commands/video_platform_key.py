"""Issue or withdraw a video platform's key (issue #17, GOV-2): `video_platform_key NAME --division CODE [--revoke]`.

As for Open311 clients, the key is printed once and stored only as its SHA-256 digest; issuing again for the same
platform replaces the key (and may move the division it reports for). The platform posts with it in the `X-Api-Key`
header, only for the devices within that division.
"""

import secrets

from django.core.management.base import BaseCommand, CommandError

from shequ.core.audit import log_access
from shequ.core.choices import AccessEvent
from shequ.regions.models import Division
from shequ.safety.models import VideoPlatformClient
from shequ.safety.services import platform_key_digest


class Command(BaseCommand):
    help = "Issue (printed once) or revoke the key a video platform posts device status reports with."

    def add_arguments(self, parser):
        parser.add_argument("name", help="the platform's name, e.g. '思明区雪亮工程平台'")
        parser.add_argument("--division", default="", help="the 12-digit code of the division it reports for")
        parser.add_argument("--revoke", action="store_true", help="withdraw the platform's key")

    def handle(self, *args, name, division, revoke, **options):
        name = name.strip()
        if not name:
            raise CommandError("The platform needs a name.")
        if revoke:
            if not VideoPlatformClient.objects.filter(name=name, active=True).update(active=False):
                raise CommandError(f"No active video platform named {name!r}.")
            log_access(AccessEvent.TOKEN_ISSUED, username=name, video_platform=name, revoked=True)
            self.stdout.write(f"The key of {name} is withdrawn.")
            return
        area = Division.objects.unscoped("video platform key").filter(code=division.strip()).first()
        if area is None:
            raise CommandError("Give --division, the 12-digit code of the division the platform reports for.")
        key = secrets.token_urlsafe(32)
        VideoPlatformClient.objects.update_or_create(
            name=name, defaults={"key_digest": platform_key_digest(key), "division": area, "active": True}
        )
        log_access(AccessEvent.TOKEN_ISSUED, username=name, video_platform=name, division=area.code, issued=True)
        self.stdout.write(f"Key for {name}, reporting for {area.name} (shown once, store it now):\n{key}")
