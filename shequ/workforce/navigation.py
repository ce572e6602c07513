from django.utils.translation import gettext_lazy as _

from shequ.core.registry import MenuGroup, MenuItem, register_menu

register_menu(
    MenuGroup(
        _("Community workforce"),
        weight=50,
        items=[
            MenuItem(_("Community workers"), "workforce:communityworker_list", "workforce.view_communityworker"),
            MenuItem(_("Recruitment rounds"), "workforce:recruitmentround_list", "workforce.view_recruitmentround"),
            MenuItem(_("Candidates"), "workforce:candidate_list", "workforce.view_candidate"),
            MenuItem(_("Training courses"), "workforce:trainingcourse_list", "workforce.view_trainingcourse"),
            MenuItem(
                _("Training attendance"), "workforce:trainingattendance_list", "workforce.view_trainingattendance"
            ),
            MenuItem(_("Commendations"), "workforce:commendation_list", "workforce.view_commendation"),
            MenuItem(_("Import community workers"), "core:import", "workforce.add_communityworker", args=("workers",)),
            MenuItem(
                _("Import training attendance"),
                "core:import",
                "workforce.add_trainingattendance",
                args=("training-attendance",),
            ),
        ],
    )
)
