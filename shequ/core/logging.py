"""Keep ID numbers and phone numbers out of every log line (DESIGN.md §5, AU-5; issue #12).

`RedactPersonalDataFilter` rewrites a record before any handler formats it: the message with its arguments (so
runserver's request log, whose URL is an argument, too), the formatted traceback and the stack. The raw exception
is dropped once its text has been redacted, so that no handler formats (or mails) it again from the frames.

`configure` is the settings' LOGGING_CONFIG: it applies LOGGING and then puts the filter on every handler of every
logger (Django's own `django.server` and `django.request` included), so that no handler can be left out by
mistake. The filter on the first handler cleans the record for those after it.

`JsonFormatter` (SHEQU_LOG_FORMAT=json, the default in production; issue #18) writes one JSON object a line: time,
level, logger, message, the request id of the request or job the line belongs to (`core.context.current_request_id`,
also answered as `X-Request-ID`) and a few known fields a line may carry (`method`, `view`, `path`, `status`,
`duration_ms`, `client`), each redacted like the message. The request log (`shequ.request`, one line per request,
core.middleware.RequestContextMiddleware) uses them; its path has no query string (searches hold names).
"""

import json
import logging
import logging.config
import re
from datetime import UTC, datetime

__all__ = [
    "JsonFormatter",
    "RedactPersonalDataFilter",
    "configure",
    "contains_id_or_mobile",
    "contains_personal_data",
    "protect_handlers",
    "redact",
]

# A digit run starts where no digit precedes it, or right after a percent-encoded byte (a URL's "%20" or "%2B").
_START = r"(?:(?<!\d)|(?<=%[0-9A-Fa-f]{2}))"
_START_WORD = r"(?:(?<![0-9A-Za-z])|(?<=%[0-9A-Fa-f]{2}))"
# Resident ID numbers: 18 characters (GB 11643), and the 15-digit first-generation numbers still on old records.
_ID_NUMBER = re.compile(rf"{_START}\d{{17}}[\dXx](?!\d)|{_START_WORD}\d{{15}}(?![0-9A-Za-z])")
# Mobile numbers, with or without +86 and with spaces or dashes in the 3-4-4 groups.
_MOBILE = re.compile(rf"{_START}(?:(?:\+|00)?86[- ]?)?1[3-9]\d(?:[- ]?\d{{4}}){{2}}(?!\d)")
# Landlines with their area code: 0592-5123456, (0592)5123456, 010 12345678, 05925123456, +86-592-5123456.
_LANDLINE = re.compile(
    rf"{_START_WORD}(?:(?:\+|00)86[- ]?\(?[1-9]\d{{1,2}}\)?|\(0\d{{2,3}}\)|0\d{{2,3}})[- ]?[2-9]\d{{6,7}}(?!\d)"
)
_FORMATTER = logging.Formatter()


def redact(text: str) -> str:
    """Replace resident ID numbers, mobile and landline numbers in `text` with placeholders."""
    text = _ID_NUMBER.sub("[id-number]", text)
    text = _MOBILE.sub("[phone]", text)
    return _LANDLINE.sub("[phone]", text)


def contains_id_or_mobile(text: str) -> bool:
    """A resident ID number or a mobile number in `text` (an office's landline may be published; these may not)."""
    return bool(_ID_NUMBER.search(text) or _MOBILE.search(text))


def contains_personal_data(text: str) -> bool:
    return bool(_ID_NUMBER.search(text) or _MOBILE.search(text) or _LANDLINE.search(text))


class RedactPersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # arguments that do not fit the format: keep both, as text
            message = f"{record.msg} {record.args}"
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        if record.exc_info:
            if not record.exc_text:
                record.exc_text = _FORMATTER.formatException(record.exc_info)
            record.exc_info = None
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


# Fields a record may carry (logger.info(..., extra={...})) that the JSON line keeps; any other extra is left out.
JSON_FIELDS = ("method", "view", "path", "status", "duration_ms", "client", "job")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        from shequ.core.context import current_request_id

        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        request_id = getattr(record, "request_id", None) or current_request_id()
        if request_id:
            line["request_id"] = str(request_id)
        for name in JSON_FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                line[name] = redact(value) if isinstance(value, str) else value
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            line["exception"] = redact(record.exc_text)
        if record.stack_info:
            line["stack"] = redact(record.stack_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def protect_handlers(loggers: list[logging.Logger] | None = None) -> int:
    """Put a RedactPersonalDataFilter on every handler of `loggers` (default: the root and every other logger) that
    has none yet; returns how many handlers gained one."""
    if loggers is None:
        loggers = [logging.getLogger()] + [
            logger for logger in logging.Logger.manager.loggerDict.values() if isinstance(logger, logging.Logger)
        ]
    added = 0
    for logger in loggers:
        for handler in logger.handlers:
            if not any(isinstance(f, RedactPersonalDataFilter) for f in handler.filters):
                handler.addFilter(RedactPersonalDataFilter())
                added += 1
    return added


def configure(config: dict) -> None:
    """LOGGING_CONFIG: dictConfig, then the filter on every handler."""
    if config:
        logging.config.dictConfig(config)
    protect_handlers()
