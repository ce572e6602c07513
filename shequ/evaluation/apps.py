from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "shequ.evaluation"
    label = "evaluation"
    verbose_name = _("Evaluation")

    def ready(self):
        from shequ.evaluation import checks, indicators, navigation  # noqa: F401  (the check, indicators, menu)
