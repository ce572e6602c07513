"""The call centre's clock (ADR 0005): an order's deadlines, set when it is dispatched and accepted, and the periodic
pass that `manage.py call_centre --loop` drives (`tick`) — alarm the units of orders turning yellow or red and recount
the supervision figures (`sweep`), deliver the outbox (`outbox.deliver_pending`), seal the audit logs' new rows into
their hash chains (`core.auditchain`, issue #12) and mark imports left running by a dead process failed (ADR 0007).
"""

import time
from datetime import timedelta

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from shequ.core import auditchain
from shequ.core.jobs import reap_stale_imports
from shequ.workorders import outbox
from shequ.workorders.choices import Alert
from shequ.workorders.models import OutboxMessage, SweepRun, UnitLoad, WorkOrder

__all__ = ["SWEEP_RUNS_KEPT", "set_clock", "sweep", "tick"]

SWEEP_RUNS_KEPT = timedelta(days=7)


def set_clock(order, stage: str, start) -> None:
    """Start the yellow warning and the red limit of `stage` ("accept" or "handle") at `start`."""
    yellow, red = order.category.limits(order.emergency)[stage]
    order.yellow_at = start + timedelta(minutes=yellow)
    order.red_at = start + timedelta(minutes=red)


def sweep(now=None) -> dict[str, int]:
    """One pass of the clock: count the orders that turned yellow or red since the previous pass and alarm each
    unit concerned with one outbox message (RL-3: delivered with retries), then recount the supervision figures
    (`UnitLoad`). Nothing is written to the orders: yellow and red are read off `yellow_at` / `red_at` wherever
    they are shown (ADR 0005). The first pass alarms everything already late.

    Returns how many orders turned red and yellow in this pass."""
    now = now or timezone.now()
    started = time.perf_counter()
    with transaction.atomic():
        # One pass at a time: the latest pass's row is the lock (a second clock waits, then starts after it).
        previous = SweepRun.objects.select_for_update().order_by("-until").first()
        since = previous.until if previous else None
        if since is not None and now <= since:
            return {"red": 0, "yellow": 0}
        orders = WorkOrder.objects.unscoped("sweep")
        red, yellow = orders.overdue(now), orders.warned(now)
        if since is not None:
            red, yellow = red.filter(red_at__gt=since), yellow.filter(yellow_at__gt=since)
        per_unit: dict[int | None, dict] = {}
        for level, crossed in ((Alert.RED, red), (Alert.YELLOW, yellow)):
            for row in crossed.values("unit", "unit__name").annotate(n=Count("pk")).order_by():
                unit = per_unit.setdefault(row["unit"], {"unit": row["unit"], "unit_name": row["unit__name"] or ""})
                unit[level] = row["n"]
        OutboxMessage.objects.bulk_create(
            OutboxMessage(
                kind="alarm",
                payload={
                    "unit": alarm["unit"],
                    "unit_name": alarm["unit_name"],
                    "red": alarm.get(Alert.RED, 0),
                    "yellow": alarm.get(Alert.YELLOW, 0),
                    "since": since.isoformat() if since else None,
                    "until": now.isoformat(),
                },
                next_attempt_at=now,
            )
            for alarm in per_unit.values()
        )
        counts = {level: sum(alarm.get(level, 0) for alarm in per_unit.values()) for level in (Alert.RED, Alert.YELLOW)}
        # The supervision counts as of this pass, in its transaction: readers see the previous set or this one.
        UnitLoad.objects.all().delete()
        UnitLoad.objects.bulk_create(
            (
                UnitLoad(
                    division_code=row["division_code"],
                    unit_id=row["unit"],
                    status=row["status"],
                    open=row["n"],
                    yellow=row["yellow"],
                    red=row["red"],
                )
                for row in orders.load(now, "division_code", "unit")
            ),
            batch_size=5000,
        )
        SweepRun.objects.filter(until__lt=now - SWEEP_RUNS_KEPT).delete()  # a pass every 30 s: a week is plenty
        SweepRun.objects.create(
            until=now,
            red=counts[Alert.RED],
            yellow=counts[Alert.YELLOW],
            units=len(per_unit),
            seconds=time.perf_counter() - started,
        )
    return {"red": counts[Alert.RED], "yellow": counts[Alert.YELLOW]}


def tick() -> dict:
    """One pass of the clockwork; what each part did."""
    marked = sweep()
    sent = outbox.deliver_pending()
    seals = auditchain.seal_all()
    reap_stale_imports()  # imports left "running" by a dead process are marked failed (ADR 0007)
    return {"marked": marked, "sent": sent, "seals": seals}
