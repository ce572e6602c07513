from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "shequ.organizations"
    label = "organizations"
    verbose_name = _("Organisations")

    def ready(self):
        from shequ.organizations import checks, importers, navigation  # noqa: F401  (registers checks, importers and the menu)
