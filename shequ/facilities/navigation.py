from django.utils.translation import gettext_lazy as _

from shequ.core.registry import MenuGroup, MenuItem, register_menu

register_menu(
    MenuGroup(
        _("Facilities"),
        weight=25,
        items=[
            MenuItem(_("Community facilities"), "facilities:facility_list", "facilities.view_facility"),
            MenuItem(
                _("Function-room standards"), "facilities:functionstandard_list", "facilities.view_functionstandard"
            ),
            MenuItem(_("Function items"), "facilities:functionitem_list", "facilities.view_functionitem"),
            MenuItem(_("Planning projects"), "facilities:planningproject_list", "facilities.view_planningproject"),
            MenuItem(_("Upkeep issues"), "facilities:upkeepissue_list", "facilities.view_upkeepissue"),
            MenuItem(_("Upkeep rates"), "facilities:upkeep_rates", "facilities.view_upkeepissue"),
            MenuItem(_("Import facilities"), "core:import", "facilities.add_facility", args=("facilities.facility",)),
        ],
    )
)
