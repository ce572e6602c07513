from django.utils.translation import gettext_lazy as _

from shequ.core.registry import MenuGroup, MenuItem, register_menu

register_menu(
    MenuGroup(
        _("Organisations"),
        weight=30,
        items=[
            MenuItem(
                _("Party organisations"), "organizations:partyorganization_list", "organizations.view_partyorganization"
            ),
            MenuItem(_("Party members"), "organizations:partymember_list", "organizations.view_partymember"),
            MenuItem(
                _("Residents' committees"),
                "organizations:residentscommittee_list",
                "organizations.view_residentscommittee",
            ),
            MenuItem(
                _("Committee members"), "organizations:committeemember_list", "organizations.view_committeemember"
            ),
            MenuItem(_("Elections"), "organizations:election_list", "organizations.view_election"),
            MenuItem(_("Subcommittees"), "organizations:subcommittee_list", "organizations.view_subcommittee"),
            MenuItem(
                _("Committee decisions"), "organizations:committeedecision_list", "organizations.view_committeedecision"
            ),
            MenuItem(_("Resident groups"), "organizations:residentgroup_list", "organizations.view_residentgroup"),
            MenuItem(_("Building heads"), "organizations:buildinghead_list", "organizations.view_buildinghead"),
            MenuItem(_("Councils and five elders"), "organizations:participant_list", "organizations.view_participant"),
            MenuItem(
                _("Social organisations"),
                "organizations:socialorganization_list",
                "organizations.view_socialorganization",
            ),
            MenuItem(_("Stationed units"), "organizations:stationedunit_list", "organizations.view_stationedunit"),
            MenuItem(
                _("Co-building activities"),
                "organizations:cobuildingactivity_list",
                "organizations.view_cobuildingactivity",
            ),
            MenuItem(_("Contributions"), "organizations:contribution_list", "organizations.view_contribution"),
            MenuItem(
                _("Multi-channel investment"),
                "organizations:contribution_summary",
                "organizations.view_contribution",
            ),
            MenuItem(
                _("Guidance committees"), "organizations:guidancecommittee_list", "organizations.view_guidancecommittee"
            ),
            MenuItem(
                _("Guidance committee members"),
                "organizations:guidancemember_list",
                "organizations.view_guidancemember",
            ),
            MenuItem(
                _("Guidance committee meetings"),
                "organizations:guidancemeeting_list",
                "organizations.view_guidancemeeting",
            ),
            MenuItem(
                _("Guidance committee decisions"),
                "organizations:guidancedecision_list",
                "organizations.view_guidancedecision",
            ),
            MenuItem(
                _("Responsibility chain"),
                "organizations:responsibilityassignment_list",
                "organizations.view_responsibilityassignment",
            ),
            MenuItem(
                _("Leaders' contact communities"),
                "organizations:leadercontact_list",
                "organizations.view_leadercontact",
            ),
            MenuItem(
                _("Import committee members"),
                "core:import",
                "organizations.add_committeemember",
                args=("committee-members",),
            ),
        ],
    )
)
