from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "shequ.services"
    label = "services"
    verbose_name = _("One-stop services")

    def ready(self):
        from shequ.services import navigation  # noqa: F401  (registers the menu)
