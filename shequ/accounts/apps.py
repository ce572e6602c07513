from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "shequ.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from shequ.accounts import navigation, signals  # noqa: F401  (menu, access-log receivers)
