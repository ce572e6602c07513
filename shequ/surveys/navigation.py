from django.utils.translation import gettext_lazy as _

from shequ.core.registry import MenuGroup, MenuItem, register_menu

register_menu(
    MenuGroup(
        _("Satisfaction surveys"),
        weight=78,
        items=[
            MenuItem(_("Surveys"), "surveys:survey_list", "surveys.view_survey"),
            MenuItem(_("Questions"), "surveys:question_list", "surveys.view_question"),
            MenuItem(_("Survey samples"), "surveys:sample_list", "surveys.view_sample"),
        ],
    )
)
