from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PropertyConfig(AppConfig):
    name = "shequ.property"
    label = "property"
    verbose_name = _("Property management")

    def ready(self):
        from shequ.property import navigation  # noqa: F401  (registers the menu)
