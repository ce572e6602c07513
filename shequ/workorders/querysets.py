from django.db import models

from shequ.core.querysets import RestrictedQuerySet
from shequ.workorders.choices import Alert, OrderStatus

__all__ = ["WorkOrderQuerySet"]


class WorkOrderQuerySet(RestrictedQuerySet):
    def open(self):
        return self.exclude(status=OrderStatus.CLOSED)

    def overdue(self):
        return self.open().filter(alert=Alert.RED)

    def warned(self):
        return self.open().filter(alert=Alert.YELLOW)

    def by_stage(self) -> dict[str, int]:
        return dict(self.values("status").annotate(n=models.Count("pk")).values_list("status", "n"))
