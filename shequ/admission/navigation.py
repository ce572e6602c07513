from django.utils.translation import gettext_lazy as _

from shequ.core.registry import MenuGroup, MenuItem, register_menu

register_menu(
    MenuGroup(
        _("Admission of work"),
        weight=56,
        items=[
            MenuItem(_("Admitted items"), "admission:admitteditem_list", "admission.view_admitteditem"),
            MenuItem(
                _("Requests to communities"), "admission:communityrequest_list", "admission.view_communityrequest"
            ),
            MenuItem(_("Send to communities"), "admission:send", "admission.add_communityrequest"),
            MenuItem(_("Burden on communities"), "admission:burden", "admission.view_communityrequest"),
            MenuItem(_("Department targets"), "admission:departmenttarget_list", "admission.view_departmenttarget"),
            MenuItem(_("Utility service points"), "admission:servicepoint_list", "admission.view_servicepoint"),
        ],
    )
)
