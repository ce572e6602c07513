from django.utils.translation import gettext_lazy as _

from shequ.core.registry import MenuGroup, MenuItem, register_menu

register_menu(
    MenuGroup(
        _("Jurisdiction"),
        weight=10,
        items=[
            MenuItem(_("Division browser"), "regions:browser", "regions.view_division"),
            MenuItem(_("Divisions"), "regions:division_list", "regions.view_division"),
            MenuItem(_("Grids"), "regions:grid_list", "regions.view_grid"),
        ],
    )
)
