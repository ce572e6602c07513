from django.db.models import Count, Q
from django.utils import timezone

from shequ.core.querysets import RestrictedQuerySet
from shequ.workorders.choices import Alert, OrderStatus

__all__ = ["WorkOrderQuerySet", "overdue_q", "warned_q"]


def overdue_q(now) -> Q:
    """Red: on the clock and past the limit (read off the clock, ADR 0005)."""
    return Q(status__in=OrderStatus.on_the_clock(), red_at__lte=now)


def warned_q(now) -> Q:
    """Yellow: on the clock, past the warning, not yet the limit."""
    return Q(status__in=OrderStatus.on_the_clock(), yellow_at__lte=now, red_at__gt=now)


class WorkOrderQuerySet(RestrictedQuerySet):
    def also_visible(self, user, action: str) -> Q | None:
        """A handling unit's staff see and act on the orders now with their unit, wherever they are."""
        from shequ.workorders.access import unit_ids

        units = unit_ids(user) if action in ("view", "change") else ()
        return Q(unit_id__in=units) if units else None

    def open(self):
        return self.exclude(status=OrderStatus.CLOSED)

    def on_the_clock(self):
        return self.filter(status__in=OrderStatus.on_the_clock())

    def overdue(self, now=None):
        return self.filter(overdue_q(now or timezone.now()))

    def warned(self, now=None):
        return self.filter(warned_q(now or timezone.now()))

    def with_alert(self, alert: str, now=None):
        if alert == Alert.RED:
            return self.overdue(now)
        if alert == Alert.YELLOW:
            return self.warned(now)
        now = now or timezone.now()
        off_the_clock = ~Q(status__in=OrderStatus.on_the_clock()) | Q(red_at__isnull=True)
        return self.filter(off_the_clock | Q(red_at__gt=now) & (Q(yellow_at__isnull=True) | Q(yellow_at__gt=now)))

    def load(self, now, *keys) -> list[dict]:
        """Open orders counted by `keys` and stage — `n`, and `yellow` and `red` read off the clock at `now` — in
        one aggregate (on PostgreSQL from a covering index of open orders alone, migration 0004). Grouped by stage,
        the limits are compared alone; the stages off the clock get zero."""
        rows = (
            self.open()
            .values(*keys, "status")
            .annotate(  # counting `status`, not the id, which the covering index does not hold
                n=Count("status"),
                yellow=Count("status", filter=Q(yellow_at__lte=now, red_at__gt=now)),
                red=Count("status", filter=Q(red_at__lte=now)),
            )
            .order_by()
        )
        on_the_clock = OrderStatus.on_the_clock()
        return [row if row["status"] in on_the_clock else {**row, "yellow": 0, "red": 0} for row in rows]
