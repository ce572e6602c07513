"""Text from outside is bounded before use (DESIGN.md §11): no control characters in any stored text.

A `\x01` or `\x1b` in a name or a description is invisible on a page, but it makes every XML document that carries it
(Open311's `requests.xml`, `services.xml`) ill-formed for every client, and it can smuggle terminal escapes into logs
and exported workbooks. Tab, line feed and carriage return are ordinary text; everything else below U+0020, DEL, the
C1 range, lone surrogates and the two non-characters XML 1.0 forbids are refused.
"""

import re

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["CONTROL_CHARACTERS", "has_control_characters", "install_text_validators", "validate_text"]

CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def has_control_characters(value) -> bool:
    return isinstance(value, str) and CONTROL_CHARACTERS.search(value) is not None


def validate_text(value) -> None:
    """Refuse a text holding a control character (the field's name comes from the form or serializer error)."""
    if has_control_characters(value):
        raise ValidationError(_("Contains control characters; remove them and try again."), code="control_characters")


def install_text_validators(app_prefix: str = "shequ.") -> None:
    """Give every text field of the project's models `validate_text`, so that forms (model validation) and the API
    (DRF copies a model field's validators) refuse control characters everywhere without each register declaring it.

    It is appended to the field's computed `validators` list, as Django's `CharField` appends its own
    `MaxLengthValidator`; `Field.deconstruct()` reads only the declared ones, so migrations see no change.
    """
    for model in apps.get_models():
        if not model.__module__.startswith(app_prefix):
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.CharField | models.TextField) and validate_text not in field.validators:
                field.validators.append(validate_text)
