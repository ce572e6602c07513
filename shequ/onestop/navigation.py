from django.utils.translation import gettext_lazy as _

from shequ.core.registry import MenuGroup, MenuItem, register_menu

register_menu(
    MenuGroup(
        _("One-stop services"),
        weight=70,
        items=[
            MenuItem(_("Service cases"), "services:servicecase_list", "services.view_servicecase"),
            MenuItem(_("Accept an application"), "services:servicecase_add", "services.add_servicecase"),
            MenuItem(_("Service catalogue"), "services:serviceitem_list", "services.view_serviceitem"),
            MenuItem(_("Allowance reviews"), "services:allowancereview_list", "services.view_allowancereview"),
        ],
    )
)
