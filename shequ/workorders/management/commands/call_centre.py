"""The call centre's clockwork: mark yellow and red, deliver the outbox (issue #5).

manage.py call_centre            # one pass (cron, CI)
manage.py call_centre --loop     # every --interval seconds until stopped (`make run` starts it)
"""

import time

from django.core.management.base import BaseCommand

from shequ.workorders import outbox, services


class Command(BaseCommand):
    help = "Mark overdue work orders and deliver pending notifications."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true")
        parser.add_argument("--interval", type=int, default=30)

    def handle(self, *args, loop, interval, **options):
        while True:
            marked = services.sweep()
            sent = outbox.deliver_pending()
            if options["verbosity"] > 1 or not loop:
                self.stdout.write(
                    f"red {marked['red']}, yellow {marked['yellow']}; delivered {sent['delivered']}, "
                    f"to retry {sent['failed']}, given up {sent['given_up']}"
                )
            if not loop:
                return
            time.sleep(interval)
