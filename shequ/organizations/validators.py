from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.cn import uscc
from stdnum.exceptions import ValidationError as StdnumError

__all__ = ["validate_credit_code"]


def validate_credit_code(value: str) -> None:
    """GB 32100 unified social credit code: 18 characters with a check character (python-stdnum)."""
    if not value:
        return
    try:
        uscc.validate(value)
    except StdnumError:
        raise ValidationError(
            _("{value} is not a valid unified social credit code (18 characters, check character last).").format(
                value=value
            ),
            code="invalid",
        ) from None
