from django.utils.translation import gettext_lazy as _

from shequ.core.registry import MenuGroup, MenuItem, register_menu

register_menu(
    MenuGroup(
        _("Funds"),
        weight=58,
        items=[
            MenuItem(_("Budgets"), "funding:budget_list", "funding.view_budget"),
            MenuItem(_("Ledger accounts"), "funding:account_list", "funding.view_account"),
            MenuItem(_("Ledger entries"), "funding:entry_list", "funding.view_entry"),
            MenuItem(_("Post an allocation or disbursement"), "funding:post", "funding.add_entry"),
            MenuItem(_("Receive an admitted item's funding"), "funding:allocate_item", "funding.add_entry"),
            MenuItem(_("Monthly statements"), "funding:statements", "funding.view_entry"),
            MenuItem(_("Average social wages"), "funding:socialwage_list", "funding.view_socialwage"),
            MenuItem(_("Workers' pay"), "funding:workerpay_list", "funding.view_workerpay"),
            MenuItem(_("Fundraising projects"), "funding:fundraisingproject_list", "funding.view_fundraisingproject"),
            MenuItem(_("Donations"), "funding:donation_list", "funding.view_donation"),
            MenuItem(_("Record a donation"), "funding:donation_add", "funding.add_donation"),
            MenuItem(_("Assets"), "funding:asset_list", "funding.view_asset"),
            MenuItem(_("Special audits"), "funding:audit_list", "funding.view_audit"),
            MenuItem(_("Audit findings"), "funding:auditfinding_list", "funding.view_auditfinding"),
        ],
    )
)
