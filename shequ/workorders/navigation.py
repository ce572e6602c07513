from django.utils.translation import gettext_lazy as _

from shequ.core.registry import MenuGroup, MenuItem, register_menu

register_menu(
    MenuGroup(
        _("Call centre"),
        weight=60,
        items=[
            MenuItem(_("Work orders"), "workorders:workorder_list", "workorders.view_workorder"),
            MenuItem(_("Take a request"), "workorders:workorder_add", "workorders.add_workorder"),
            MenuItem(_("Supervision"), "workorders:supervision", "workorders.view_workorder"),
            MenuItem(_("Statistics"), "workorders:statistics", "workorders.view_workorder"),
            MenuItem(_("Publication review"), "workorders:publication", "workorders.change_workorder"),
            MenuItem(_("Request categories"), "workorders:category_list", "workorders.view_category"),
            MenuItem(_("Handling units"), "workorders:handlingunit_list", "workorders.view_handlingunit"),
            MenuItem(_("Routing rules"), "workorders:routingrule_list", "workorders.view_routingrule"),
            MenuItem(
                _("Import handling units"), "core:import", "workorders.add_handlingunit", args=("handling-units",)
            ),
            MenuItem(_("Import routing rules"), "core:import", "workorders.add_routingrule", args=("routing-rules",)),
        ],
    )
)
