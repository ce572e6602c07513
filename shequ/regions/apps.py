from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "shequ.regions"
    label = "regions"
    verbose_name = _("Regions")

    def ready(self):
        from shequ.regions import navigation  # noqa: F401
