"""The call centre's clockwork: alarm the units of orders turning yellow or red and recount the supervision
figures (`services.sweep`, ADR 0005), deliver the outbox (issue #5), and seal the audit logs' new rows into their
hash chains (`core.auditchain`, issue #12).

manage.py call_centre            # one pass (cron, CI)
manage.py call_centre --loop     # every --interval seconds until stopped (`make run` starts it)
"""

import time

from django.core.management.base import BaseCommand

from shequ.core import auditchain
from shequ.core.jobs import reap_stale_imports
from shequ.workorders import outbox, services


class Command(BaseCommand):
    help = "Alarm the units of late work orders, recount supervision and deliver pending notifications."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true")
        parser.add_argument("--interval", type=int, default=30)

    def handle(self, *args, loop, interval, **options):
        while True:
            marked = services.sweep()
            sent = outbox.deliver_pending()
            seals = auditchain.seal_all()
            reap_stale_imports()  # imports left "running" by a dead process are marked failed (ADR 0007)
            if options["verbosity"] > 1 or not loop:
                self.stdout.write(
                    f"turned red {marked['red']}, yellow {marked['yellow']}; delivered {sent['delivered']}, "
                    f"to retry {sent['failed']}, given up {sent['given_up']}; audit seals {seals}"
                )
            if not loop:
                return
            time.sleep(interval)
