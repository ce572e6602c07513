from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "shequ.evaluation"
    label = "evaluation"
    verbose_name = _("Evaluation")

    def ready(self):
        from shequ.evaluation import indicators, navigation  # noqa: F401  (registers the indicators and the menu)
