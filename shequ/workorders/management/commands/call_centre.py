"""The call centre's clockwork, one pass or a pass every `--interval` seconds (`services.clock.tick`): alarm the units
of orders turning yellow or red and recount the supervision figures (ADR 0005), deliver the outbox (issue #5), seal
the audit logs' new rows into their hash chains (`core.auditchain`, issue #12) and mark dead imports failed.

manage.py call_centre            # one pass (cron, CI)
manage.py call_centre --loop     # every --interval seconds until stopped (`make run` starts it)

On several machines only one clock works: a pass runs only while this process holds the clock's lock
(`core.singleton`: a PostgreSQL advisory lock); the others stand by and take over when its holder stops (issue
#18, ADR 0016). A single pass while another clock holds the lock is skipped.
"""

from django.core.management.base import BaseCommand

from shequ.core.loops import GracefulStop
from shequ.core.singleton import SingletonLock
from shequ.workorders.services import clock

STANDING_BY = "Another clock holds the lock: standing by."


class Command(BaseCommand):
    help = "Alarm the units of late work orders, recount supervision and deliver pending notifications."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true")
        parser.add_argument("--interval", type=int, default=30)

    def handle(self, *args, loop, interval, **options):
        stop = GracefulStop().install() if loop else None  # systemctl stop: the pass under way finishes (#18)
        lock = SingletonLock("call-centre-clock")
        standing_by = False
        try:
            while True:
                if lock.acquire():
                    standing_by = False
                    self.pass_(loop, options["verbosity"])
                elif not standing_by or options["verbosity"] > 1:
                    self.stdout.write(STANDING_BY)
                    standing_by = True
                if stop is None or stop.wait(interval):
                    return
        finally:
            lock.release()

    def pass_(self, loop, verbosity):
        done = clock.tick()
        marked, sent = done["marked"], done["sent"]
        if verbosity > 1 or not loop:
            self.stdout.write(
                f"turned red {marked['red']}, yellow {marked['yellow']}; delivered {sent['delivered']}, "
                f"to retry {sent['failed']}, given up {sent['given_up']}; audit seals {done['seals']}"
            )
