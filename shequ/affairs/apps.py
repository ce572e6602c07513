from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AffairsConfig(AppConfig):
    name = "shequ.affairs"
    label = "affairs"
    verbose_name = _("Community affairs")

    def ready(self):
        from shequ.affairs import checks, navigation  # noqa: F401  (registers the check and the menu)
