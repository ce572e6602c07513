"""Recount the cockpit's figures from the registers (issue #13, DESIGN.md §10: figures come from rollups).

manage.py refresh_rollups                    # one run (cron, CI, after an import)
manage.py refresh_rollups --loop             # every --interval seconds (default an hour) until stopped, then
                                             # the apps' hourly jobs (the monthly disclosure's drafts, INFO-1)
manage.py refresh_rollups --day 2026-06-30   # file this run's state under that day's month

On several machines only the holder of the rollups' lock recounts (`core.singleton`, issue #18, ADR 0016).
"""

import logging

from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_date

from shequ.cockpit.rollups import refresh_rollups
from shequ.core.loops import GracefulStop
from shequ.core.registry import hourly_jobs
from shequ.core.singleton import SingletonLock

logger = logging.getLogger("shequ.jobs")


class Command(BaseCommand):
    help = "Recount the home page's figures (rollups) for every division."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true")
        parser.add_argument("--interval", type=int, default=3600)
        parser.add_argument("--day", default="")

    def handle(self, *args, loop, interval, day, **options):
        parsed = parse_date(day) if day else None
        if day and parsed is None:
            raise CommandError("--day takes a date, YYYY-MM-DD.")
        # systemctl stop: the run under way finishes (#18); on several machines one holds the lock (ADR 0016).
        stop = GracefulStop().install() if loop else None
        lock = SingletonLock("cockpit-rollups")
        standing_by = False
        try:
            while True:
                if lock.acquire():
                    standing_by = False
                    run = refresh_rollups(parsed)
                    if options["verbosity"] > 1 or not loop:
                        self.stdout.write(
                            f"figures {run.first_month:%Y-%m}..{run.last_month:%Y-%m}: {run.rows} rows in "
                            f"{run.seconds:.1f} s"
                        )
                    if loop:
                        self.hourly_jobs()
                elif not standing_by or options["verbosity"] > 1:
                    self.stdout.write("Another refresh holds the lock: standing by.")
                    standing_by = True
                if stop is None or stop.wait(interval):
                    return
        finally:
            lock.release()

    def hourly_jobs(self):
        """The apps' hourly jobs (`core.registry.register_hourly`), each on its own: one failing stops no other."""
        for job in hourly_jobs:
            try:
                job()
            except Exception:  # logged with its traceback; the loop goes on
                logger.exception("hourly job %s failed", getattr(job, "__qualname__", job))
