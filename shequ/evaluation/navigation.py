from django.utils.translation import gettext_lazy as _

from shequ.core.registry import MenuGroup, MenuItem, register_menu

register_menu(
    MenuGroup(
        _("Evaluation"),
        weight=80,
        items=[
            MenuItem(_("Indicator schemes"), "evaluation:scheme_list", "evaluation.view_scheme"),
            MenuItem(_("Indicators"), "evaluation:indicator_list", "evaluation.view_indicator"),
            MenuItem(_("Inspections"), "evaluation:inspection_list", "evaluation.view_inspection"),
            MenuItem(_("Compute an evaluation"), "evaluation:evaluate", "evaluation.add_run"),
            MenuItem(_("Evaluations"), "evaluation:run_list", "evaluation.view_run"),
            MenuItem(_("Scores"), "evaluation:score_list", "evaluation.view_score"),
            MenuItem(_("Quarterly ranking"), "evaluation:ranking", "evaluation.view_run"),
            MenuItem(_("Rectification cases"), "evaluation:rectification_list", "evaluation.view_rectification"),
            MenuItem(_("Demonstration titles"), "evaluation:title_list", "evaluation.view_title"),
            MenuItem(_("Awards"), "evaluation:award_list", "evaluation.view_award"),
            MenuItem(_("Draw re-checks"), "evaluation:draw", "evaluation.add_recheckdraw"),
            MenuItem(_("Re-checks"), "evaluation:recheck_list", "evaluation.view_recheck"),
            MenuItem(_("Reward deductions"), "evaluation:deduction_list", "evaluation.view_deduction"),
        ],
    )
)
