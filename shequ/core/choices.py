from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["AccessEvent", "ChangeAction"]


class ChangeAction(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Updated")
    DELETE = "delete", _("Deleted")


class AccessEvent(models.TextChoices):
    LOGIN = "login", _("Login")
    LOGIN_FAILED = "login_failed", _("Login failed")
    LOCKOUT = "lockout", _("Account locked")
    LOGOUT = "logout", _("Logout")
    PERMISSION_CHANGE = "permission_change", _("Permission change")
    TOKEN_ISSUED = "token_issued", _("API token issued")
    EXPORT = "export", _("Export")
    UNMASK = "unmask", _("Unmask")
    ID_LOOKUP = "id_lookup", _("Look-up of a registered ID number")
    UNMASK_LIMIT = "unmask_limit", _("Unmask limit exceeded")
    # Restricted registers (GOV-4): the reason given for a register, and each view of it (core.restricted).
    RESTRICTED_REASON = "restricted_reason", _("Reason given for restricted records")
    RESTRICTED_VIEW = "restricted_view", _("Restricted records viewed")
    # Phones read to send survey answer codes by message (issue #14): how many, for which sample; never a number.
    MESSAGES_SENT = "messages_sent", _("Phones read to send messages")
