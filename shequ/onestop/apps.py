from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnestopConfig(AppConfig):
    name = "shequ.onestop"
    label = "onestop"
    verbose_name = _("One-stop services")

    def ready(self):
        from shequ.onestop import navigation  # noqa: F401  (registers the menu)
