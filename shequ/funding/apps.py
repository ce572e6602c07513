from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "shequ.funding"
    label = "funding"
    verbose_name = _("Funds")

    def ready(self):
        from shequ.funding import checks, navigation  # noqa: F401  (registers the checks and the menu)
