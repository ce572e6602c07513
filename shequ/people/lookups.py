"""Entering an ID number that another jurisdiction holds: a neutral answer, a limit and an access-log row
(issue #12, leak 6; DESIGN.md §5, §11).

Adding a resident (page, API) or importing one (also as a dry run) with an ID number already registered where the
user cannot see answered "registered in another community": a city-wide existence test, in bulk. Now the answer
names neither the place nor the other record, each such look-up is counted per user (20 an hour) and written to
the access log, and once the count is reached every write carrying an ID number is refused for the rest of the
hour — new numbers too, so that the refusal itself tells nothing.
"""

from collections import Counter
from threading import Lock

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from shequ.core.audit import log_access
from shequ.core.choices import AccessEvent

__all__ = [
    "LIMIT",
    "WINDOW",
    "HiddenRegistration",
    "count",
    "defer_log",
    "limit_message",
    "limit_reached",
    "log",
    "not_here_message",
]

LIMIT = 20  # look-ups of hidden registrations per user ...
WINDOW = 60 * 60  # ... per hour
# The access-log event of such a look-up; core's AccessEvent has none yet (asked for in issue #12's report).
EVENT = getattr(AccessEvent, "ID_LOOKUP", "id_lookup")


class HiddenRegistration(ValidationError):
    """The ID number is registered where the user cannot see; the message does not say so."""


def not_here_message() -> str:
    return _(
        "This ID number cannot be registered here. If the person has moved here, ask the street office to record "
        "the move."
    )


def limit_message() -> str:
    return _(
        "Too many ID numbers that cannot be registered here were entered in the last hour; entering ID numbers is "
        "paused. Try again later or ask the street office."
    )


def _key(user) -> str:
    return f"people:hidden-id-lookups:{user.pk}"


def limit_reached(user) -> bool:
    return cache.get(_key(user), 0) >= LIMIT


def count(user, number: int = 1) -> int:
    """Count `number` look-ups of hidden registrations for `user`; the total within the window."""
    key = _key(user)
    cache.add(key, 0, WINDOW)
    try:
        return cache.incr(key, number)
    except ValueError:  # expired between add and incr
        cache.set(key, number, WINDOW)
        return number


def log(user, *, source: str, number: int = 1) -> None:
    """The access-log row of `number` look-ups (no ID number in it, AU-5). Call it where the row will commit."""
    log_access(EVENT, user=user, success=False, source=source, count=number)


# Look-ups an import made, written when its job is saved as finished: the import's own transaction is rolled back
# after a dry run or a refused file, and would take the row with it.
_pending: Counter = Counter()
_pending_lock = Lock()


def defer_log(user, number: int) -> None:
    with _pending_lock:
        _pending[user.pk] += number


def write_deferred(sender, instance, **kwargs) -> None:
    """post_save of core.ImportJob: write the look-ups of the import that just finished."""
    if instance.finished is None or instance.user_id is None:
        return
    with _pending_lock:
        number = _pending.pop(instance.user_id, 0)
    if number:
        log(instance.user, source=f"import:{instance.kind}", number=number)
