from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FacilitiesConfig(AppConfig):
    name = "shequ.facilities"
    label = "facilities"
    verbose_name = _("Facilities")

    def ready(self):
        from shequ.core.registry import register_hourly
        from shequ.facilities import checks, navigation, photos  # noqa: F401  (the check, the menu, photo files)
        from shequ.facilities.upkeep import sync_from_orders

        register_hourly(sync_from_orders)  # an issue reported as a work order is fixed when the order closes
