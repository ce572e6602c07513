from django.utils.translation import gettext_lazy as _

from shequ.core.registry import MenuGroup, MenuItem, register_menu

register_menu(
    MenuGroup(
        _("Administration"),
        weight=90,
        items=[
            MenuItem(_("Users"), "accounts:user_list", "accounts.view_user"),
            MenuItem(_("Assignments"), "accounts:assignment_list", "accounts.view_assignment"),
            MenuItem(_("Change log"), "core:objectchange_list", "core.view_objectchange"),
            MenuItem(_("Access log"), "core:accesslog_list", "core.view_accesslog"),
        ],
    )
)
