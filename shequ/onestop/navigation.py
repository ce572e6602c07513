from django.utils.translation import gettext_lazy as _

from shequ.core.registry import MenuGroup, MenuItem, register_menu

register_menu(
    MenuGroup(
        _("One-stop services"),
        weight=70,
        items=[
            MenuItem(_("Service cases"), "onestop:servicecase_list", "onestop.view_servicecase"),
            MenuItem(_("Accept an application"), "onestop:servicecase_add", "onestop.add_servicecase"),
            MenuItem(_("Service catalogue"), "onestop:serviceitem_list", "onestop.view_serviceitem"),
            MenuItem(_("Allowance reviews"), "onestop:allowancereview_list", "onestop.view_allowancereview"),
        ],
    )
)
