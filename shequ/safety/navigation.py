from django.utils.translation import gettext_lazy as _

from shequ.core.registry import MenuGroup, MenuItem, register_menu

register_menu(
    MenuGroup(
        _("Safe community"),
        weight=55,
        items=[
            MenuItem(_("Police rooms"), "safety:policeroom_list", "safety.view_policeroom"),
            MenuItem(_("Police officers"), "safety:policeofficer_list", "safety.view_policeofficer"),
            MenuItem(_("Joint-defence teams"), "safety:jointdefenceteam_list", "safety.view_jointdefenceteam"),
            MenuItem(_("Joint-defence members"), "safety:jointdefencemember_list", "safety.view_jointdefencemember"),
            MenuItem(_("Patrol areas"), "safety:patrolarea_list", "safety.view_patrolarea"),
            MenuItem(_("Patrol records"), "safety:patrolrecord_list", "safety.view_patrolrecord"),
            MenuItem(_("Surveillance devices"), "safety:surveillancedevice_list", "safety.view_surveillancedevice"),
            MenuItem(_("Device status reports"), "safety:devicestatusreport_list", "safety.view_devicestatusreport"),
            MenuItem(_("Dispute cases"), "safety:disputecase_list", "safety.view_disputecase"),
            MenuItem(_("Dispute parties"), "safety:disputeparty_list", "safety.view_disputeparty"),
            MenuItem(_("Fire inspections"), "safety:fireinspection_list", "safety.view_fireinspection"),
            MenuItem(_("Legal publicity and campaigns"), "safety:safetyactivity_list", "safety.view_safetyactivity"),
            # Restricted (GOV-4): shown only to the roles holding the register's permission.
            MenuItem(_("Help-and-education cases"), "safety:helpeducationcase_list", "safety.view_helpeducationcase"),
            MenuItem(_("Help-and-education visits"), "safety:helpvisit_list", "safety.view_helpvisit"),
        ],
    )
)
