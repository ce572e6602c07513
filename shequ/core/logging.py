"""Log filter that keeps ID numbers and mobile numbers out of every log line (DESIGN.md §5, AU-5)."""

import logging
import re

__all__ = ["RedactPersonalDataFilter", "contains_personal_data", "redact"]

_ID_NUMBER = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")
_MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def redact(text: str) -> str:
    """Replace resident ID numbers and mainland mobile numbers in `text` with placeholders."""
    return _MOBILE.sub("[phone]", _ID_NUMBER.sub("[id-number]", text))


def contains_personal_data(text: str) -> bool:
    return bool(_ID_NUMBER.search(text) or _MOBILE.search(text))


class RedactPersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True
