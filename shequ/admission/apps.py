from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdmissionConfig(AppConfig):
    name = "shequ.admission"
    label = "admission"
    verbose_name = _("Admission of work")

    def ready(self):
        from shequ.admission import navigation  # noqa: F401  (registers the menu)
