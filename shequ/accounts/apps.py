from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "shequ.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        # The API callers' cache (`authentication.CALLERS`) listens for saves of users, assignments and tokens in
        # every process, also in one that never served an API request: a revocation made there must reach the
        # others (issue #18). navigation, signals: the menu, the access-log receivers.
        from shequ.accounts import authentication, navigation, signals  # noqa: F401
