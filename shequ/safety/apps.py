from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafetyConfig(AppConfig):
    name = "shequ.safety"
    label = "safety"
    verbose_name = _("Safe community")

    def ready(self):
        from shequ.safety import checks, navigation  # noqa: F401  (registers the check and the menu)
