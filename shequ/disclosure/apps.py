from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "shequ.disclosure"
    label = "disclosure"
    verbose_name = _("Monthly disclosure")

    def ready(self):
        from shequ.core.registry import register_hourly
        from shequ.disclosure import checks, navigation  # noqa: F401  (registers the check and the menu)
        from shequ.disclosure.services import compile_due

        register_hourly(compile_due)
