from django.utils.translation import gettext_lazy as _

from shequ.core.registry import MenuGroup, MenuItem, register_menu

register_menu(
    MenuGroup(
        _("Population"),
        weight=30,
        items=[
            MenuItem(_("Residents"), "people:resident_list", "people.view_resident"),
            MenuItem(_("Households"), "people:household_list", "people.view_household"),
            MenuItem(_("Floating residents"), "people:floatingrecord_list", "people.view_floatingrecord"),
            MenuItem(_("Care records"), "people:carerecord_list", "people.view_carerecord"),
            MenuItem(_("Moves"), "people:residentmove_list", "people.view_residentmove"),
            MenuItem(_("Import residents"), "core:import", "people.add_resident", args=("residents",)),
            MenuItem(_("Import households"), "core:import", "people.add_household", args=("households",)),
        ],
    )
)
