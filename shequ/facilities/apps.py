from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FacilitiesConfig(AppConfig):
    name = "shequ.facilities"
    label = "facilities"
    verbose_name = _("Facilities")

    def ready(self):
        from shequ.facilities import checks, navigation  # noqa: F401  (registers the check and the menu)
