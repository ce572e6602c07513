from django.utils.translation import gettext_lazy as _

from shequ.core.registry import MenuGroup, MenuItem, register_menu

register_menu(
    MenuGroup(
        _("Grid work"),
        weight=65,
        items=[
            MenuItem(_("Start or end a patrol"), "gridwork:patrol_now", "gridwork.add_patrollog"),
            MenuItem(_("Patrol logs"), "gridwork:patrollog_list", "gridwork.view_patrollog"),
            MenuItem(_("Report an incident"), "gridwork:incident_add", "workorders.add_workorder"),
            MenuItem(_("Grid workers"), "gridwork:gridworker_list", "gridwork.view_gridworker"),
        ],
    )
)
