from django.utils.translation import gettext_lazy as _

from shequ.core.registry import MenuGroup, MenuItem, register_menu

register_menu(
    MenuGroup(
        _("Places"),
        weight=20,
        items=[
            MenuItem(_("Residential areas"), "places:residentialarea_list", "places.view_residentialarea"),
            MenuItem(_("Buildings"), "places:building_list", "places.view_building"),
            MenuItem(_("Dwellings"), "places:dwelling_list", "places.view_dwelling"),
            MenuItem(_("Rentals"), "places:rental_list", "places.view_rental"),
            MenuItem(_("Import residential areas"), "core:import", "places.add_residentialarea", args=("areas",)),
            MenuItem(_("Import buildings"), "core:import", "places.add_building", args=("buildings",)),
            MenuItem(_("Import dwellings"), "core:import", "places.add_dwelling", args=("dwellings",)),
        ],
    )
)
