from django.utils.translation import gettext_lazy as _

from shequ.core.registry import MenuGroup, MenuItem, register_menu

register_menu(
    MenuGroup(
        _("Information disclosure"),
        weight=82,
        items=[
            MenuItem(_("Monthly disclosures"), "disclosure:disclosure_list", "disclosure.view_disclosure"),
            MenuItem(_("Compile disclosures"), "disclosure:compile", "disclosure.add_disclosure"),
        ],
    )
)
