from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkordersConfig(AppConfig):
    name = "shequ.workorders"
    label = "workorders"
    verbose_name = _("Call centre")

    def ready(self):
        from shequ.workorders import importers, navigation  # noqa: F401  (registers importers and the menu)
