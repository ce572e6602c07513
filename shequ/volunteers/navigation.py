from django.utils.translation import gettext_lazy as _

from shequ.core.registry import MenuGroup, MenuItem, register_menu

register_menu(
    MenuGroup(
        _("Volunteers"),
        weight=40,
        items=[
            MenuItem(_("Volunteers"), "volunteers:volunteer_list", "volunteers.view_volunteer"),
            MenuItem(_("Volunteer teams"), "volunteers:volunteerteam_list", "volunteers.view_volunteerteam"),
            MenuItem(
                _("Volunteer activities"), "volunteers:volunteeractivity_list", "volunteers.view_volunteeractivity"
            ),
            MenuItem(_("Service records"), "volunteers:servicerecord_list", "volunteers.view_servicerecord"),
            MenuItem(_("Import volunteers"), "core:import", "volunteers.add_volunteer", args=("volunteers",)),
            MenuItem(
                _("Import service hours"), "core:import", "volunteers.add_servicerecord", args=("service-records",)
            ),
        ],
    )
)
