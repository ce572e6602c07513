from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GridworkConfig(AppConfig):
    name = "shequ.gridwork"
    label = "gridwork"
    verbose_name = _("Grid work")

    def ready(self):
        from shequ.gridwork import navigation  # noqa: F401  (registers the menu)
