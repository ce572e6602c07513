from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "shequ.organizations"
    label = "organizations"
    verbose_name = _("Organisations")

    def ready(self):
        from shequ.core.registry import register_division_panel
        from shequ.organizations import checks, importers, navigation  # noqa: F401  (registers checks, importers and the menu)
        from shequ.organizations.panels import contributions_this_year, responsibility_chain

        register_division_panel(responsibility_chain)
        register_division_panel(contributions_this_year)
