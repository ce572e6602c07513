from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "shequ.volunteers"
    label = "volunteers"
    verbose_name = _("Volunteers")

    def ready(self):
        from shequ.volunteers import importers, navigation  # noqa: F401  (registers importers and the menu)
