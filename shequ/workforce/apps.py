from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkforceConfig(AppConfig):
    name = "shequ.workforce"
    label = "workforce"
    verbose_name = _("Community workforce")

    def ready(self):
        from shequ.workforce import checks, importers, navigation  # noqa: F401  (registers checks, importers and the menu)
