from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "shequ.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from shequ.core import changelog  # noqa: F401  (receivers)
        from shequ.core.text import install_text_validators

        install_text_validators()
