"""Which care categories a user may see, offer and write (AC-4, DESIGN.md §5 and §11; issue #12, leak 2).

A category a user may not see is answered everywhere as if it did not exist: not offered in forms, API choices or
filters, refused on create and edit with the same message as an unknown value, and never confirmed by a uniqueness
error ("this resident already has this category").
"""

from shequ.core.rights import user_may
from shequ.people.choices import SENSITIVE_CARE, CareCategory

__all__ = ["SENSITIVE_CARE_PERMISSION", "care_choices", "may_use_category"]

SENSITIVE_CARE_PERMISSION = "people.view_sensitive_care"


def _sensitive_anywhere(user) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return user.is_superuser or bool(user.scope_prefixes(SENSITIVE_CARE_PERMISSION))


def care_choices(user) -> list[tuple[str, str]]:
    """The categories offered to `user`: the sensitive ones only if the user holds that duty somewhere (the
    resident's own community is checked on saving, `may_use_category`)."""
    sensitive = _sensitive_anywhere(user)
    return [(value, label) for value, label in CareCategory.choices if sensitive or value not in SENSITIVE_CARE]


def may_use_category(user, category: str, division_code: str) -> bool:
    """Whether `user` may write (and so learn about) a record of `category` for a resident in `division_code`."""
    if category not in SENSITIVE_CARE:
        return True
    if user is None or not user.is_authenticated:
        return False
    return user_may(user, SENSITIVE_CARE_PERMISSION, division_code)
