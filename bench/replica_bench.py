"""The read replica, shown with a real streaming replica (issue #18 item 5, ADR 0016).

    .venv/bin/python bench/replica_bench.py [--json]

Makes a throw-away primary (Unix socket only) and a streaming replica of it on 127.0.0.1:5433
(`shequ.core.testing.pgreplica`), migrates a database there, and signs a city user in to the cockpit home page,
whose figure is read from `cockpit_figure`. Each step counts the page's reads of that table on each connection and
reads the number the page shows:

1. replica caught up: the page is read on the replica;
2. replay paused (`pg_wal_replay_pause()`), the figure changed on the primary, 3 s later: with a 3,600 s bound the
   page still shows the old number (the replica served it, lag reported), with a 2 s bound it shows the new number
   from the primary;
3. replay resumed: back on the replica, new number;
4. replica stopped between two checks (the check cached for an hour): the view fails on the replica, runs again on
   the primary, answers 200; the next page goes to the primary at once;
5. the time a check costs.

Prints a report (or JSON with --json); exits 2 with the reason when no pair can be made here.
"""

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from shequ.core.testing.pgreplica import StreamingPair, Unavailable  # noqa: E402

CITY = "350200000000"


def main() -> int:
    as_json = "--json" in sys.argv
    try:
        pair = StreamingPair().start()
    except Unavailable as error:
        print(f"SKIP: {error}", file=sys.stderr)
        return 2
    try:
        pair.createdb("shequ")
        os.environ.update(
            DJANGO_SETTINGS_MODULE="shequ.settings",
            SHEQU_DATABASE_URL=pair.primary_url("shequ"),
            SHEQU_DATABASE_REPLICA_URL=pair.replica_url("shequ"),
            SHEQU_REPLICA_MAX_LAG="2",
            SHEQU_REPLICA_CHECK_SECONDS="0",
            SHEQU_REQUIRE_2FA="false",
            SHEQU_TASK_BACKEND="immediate",
        )
        results = scenario(pair)
    finally:
        pair.stop()
    if as_json:
        print(json.dumps(results, ensure_ascii=False))
    else:
        for step in results["steps"]:
            print(
                f"{step['step']:<55} HTTP {step['status']}  shows {step['shows']:>6}  figure reads: "
                f"replica {step['replica_reads']}, primary {step['primary_reads']}  ({step['state']})"
            )
        print(f"migrate: {results['migrate_seconds']:.1f} s; one replica check: {results['check_ms']:.2f} ms")
    return 0


def scenario(pair: StreamingPair) -> dict:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client
    from django.utils import timezone

    from shequ.cockpit.models import Figure
    from shequ.cockpit.rollups import month_start
    from shequ.core import dbrouters
    from shequ.core.testing.fixtures import build_tree

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    migrate_seconds = time.monotonic() - started
    tree = build_tree()
    month = month_start(timezone.localdate())
    Figure.objects.create(division_code=CITY, month=month, metric="residents", value=4321)
    pair.wait_caught_up()

    reads = {"default": 0, "replica": 0}

    def counter(alias):
        def wrapper(execute, sql, params, many, context):
            if "cockpit_figure" in sql:
                reads[alias] += 1
            return execute(sql, params, many, context)

        return wrapper

    client = Client()
    client.force_login(tree.users["city"])
    steps = []

    def page(step: str) -> dict:
        reads.update(default=0, replica=0)
        with connections["default"].execute_wrapper(counter("default")):
            with connections["replica"].execute_wrapper(counter("replica")):
                response = client.get("/", {"division": CITY})
        body = response.content.decode()
        shows = next((n for n in ("4,321", "8,765") if n in body), "?")
        state = dbrouters._state
        described = (
            "no check"
            if state is None
            else ("replica usable" if state.usable else f"replica not used: {state.reason}")
            + (f", lag {state.lag:.1f} s" if state.lag is not None else "")
        )
        row = {
            "step": step,
            "status": response.status_code,
            "shows": shows,
            "replica_reads": reads["replica"],
            "primary_reads": reads["default"],
            "state": described,
        }
        steps.append(row)
        return row

    page("1. replica caught up")

    pair.pause_replay()
    Figure.objects.filter(division_code=CITY, metric="residents").update(value=8765)
    time.sleep(3)
    settings.SHEQU_REPLICA_MAX_LAG = 3600
    page("2a. replay paused 3 s, bound 3600 s")
    settings.SHEQU_REPLICA_MAX_LAG = 2
    page("2b. replay paused 3 s, bound 2 s")

    pair.resume_replay()
    pair.wait_caught_up()
    page("3. replay resumed")

    settings.SHEQU_REPLICA_CHECK_SECONDS = 3600
    dbrouters.replica_state(refresh=True)
    pair.stop_replica()
    page("4a. replica stopped after the last check")
    page("4b. next page")

    pair.start_replica()
    pair.wait_caught_up()
    timings = []
    for _ in range(20):
        t = time.perf_counter()
        dbrouters.replica_state(refresh=True)
        timings.append(time.perf_counter() - t)
    timings.sort()
    return {"steps": steps, "migrate_seconds": migrate_seconds, "check_ms": timings[len(timings) // 2] * 1000}


if __name__ == "__main__":
    sys.exit(main())
