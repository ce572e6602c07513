from django.utils.translation import gettext_lazy as _

from shequ.core.registry import MenuGroup, MenuItem, register_menu

register_menu(
    MenuGroup(
        _("Property management"),
        weight=27,
        items=[
            MenuItem(_("Owners' committees"), "property:ownerscommittee_list", "property.view_ownerscommittee"),
            MenuItem(_("Property-service contracts"), "property:servicecontract_list", "property.view_servicecontract"),
            MenuItem(_("Property liaisons"), "property:propertyliaison_list", "property.view_propertyliaison"),
        ],
    )
)
