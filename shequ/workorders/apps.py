from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkordersConfig(AppConfig):
    name = "shequ.workorders"
    label = "workorders"
    verbose_name = _("Call centre")

    def ready(self):
        # The importers, the menu, and the clock's readiness check and the orders' metrics (issue #18).
        from shequ.workorders import health, importers, navigation  # noqa: F401
