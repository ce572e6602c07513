from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CockpitConfig(AppConfig):
    name = "shequ.cockpit"
    label = "cockpit"
    verbose_name = _("Cockpit")

    def ready(self):
        from shequ.cockpit import navigation  # noqa: F401  (menu)
