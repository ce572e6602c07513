from django.utils.translation import gettext_lazy as _

from shequ.core.registry import MenuGroup, MenuItem, register_menu

register_menu(
    MenuGroup(
        _("Property management"),
        weight=27,
        items=[
            MenuItem(_("Owners' committees"), "property:ownerscommittee_list", "property.view_ownerscommittee"),
            MenuItem(_("Property-service contracts"), "property:servicecontract_list", "property.view_servicecontract"),
            MenuItem(_("Self-managed areas"), "property:selfmanagedarea_list", "property.view_selfmanagedarea"),
            MenuItem(_("Collections of self-managed areas"), "property:collection_list", "property.view_collection"),
            MenuItem(_("Property liaisons"), "property:propertyliaison_list", "property.view_propertyliaison"),
        ],
    )
)
