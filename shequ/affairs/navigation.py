from django.utils.translation import gettext_lazy as _

from shequ.core.registry import MenuGroup, MenuItem, register_menu

register_menu(
    MenuGroup(
        _("Community affairs"),
        weight=57,
        items=[
            MenuItem(_("Visits"), "affairs:visit_list", "affairs.view_visit"),
            MenuItem(_("Sentiment diary"), "affairs:sentimententry_list", "affairs.view_sentimententry"),
            MenuItem(_("Deliberation topics"), "affairs:deliberationtopic_list", "affairs.view_deliberationtopic"),
            MenuItem(_("Meetings"), "affairs:meeting_list", "affairs.view_meeting"),
            MenuItem(_("Resolutions"), "affairs:resolution_list", "affairs.view_resolution"),
            MenuItem(_("Affairs disclosure"), "affairs:affairsdisclosure_list", "affairs.view_affairsdisclosure"),
            MenuItem(_("Work assessments"), "affairs:workassessment_list", "affairs.view_workassessment"),
        ],
    )
)
