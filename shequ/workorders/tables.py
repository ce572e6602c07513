from django.utils.translation import gettext_lazy as _

from shequ.core.tables import Table
from shequ.workorders import models
from shequ.workorders.publication import mask_personal_numbers

__all__ = ["WorkOrderTable"]


class WorkOrderTable(Table):
    model = models.WorkOrder
    fields = ("number", "request_type", "category", "community", "status", "unit", "alert", "red_at", "created")
    extra_labels = {"alert": _("time limit")}

    def render_alert(self, order):
        return order.get_alert_display() if order.alert else ""

    # Numbers a caller typed into the request, or a handler into the reply, are masked on pages and in exports as
    # the caller's own phone is (issue #12); the caller's number is unmasked per order, with a reason.
    def render_description(self, order):
        return mask_personal_numbers(order.description)

    def render_reply(self, order):
        return mask_personal_numbers(order.reply)
