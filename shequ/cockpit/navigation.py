from django.utils.translation import gettext_lazy as _

from shequ.core.registry import MenuGroup, MenuItem, register_menu

register_menu(
    MenuGroup(
        _("Home"),
        weight=0,
        items=[
            MenuItem(_("My jurisdiction"), "cockpit:home"),
            MenuItem(_("Compliance with the policy"), "cockpit:compliance"),
        ],
    )
)
