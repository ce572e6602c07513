from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "shequ.people"
    label = "people"
    verbose_name = _("People")

    def ready(self):
        from shequ.people import importers, navigation  # noqa: F401  (registers importers and the menu)
