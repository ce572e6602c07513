from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "shequ.places"
    label = "places"
    verbose_name = _("Places")

    def ready(self):
        from shequ.places import importers, navigation  # noqa: F401  (registers importers and the menu)
