"""The change context: who is writing and under which request id (NetBox's `current_request`, as a ContextVar).

The request middleware opens one per request; services and management commands open their own, so that every
write through the UI, the API, an importer or a service writes a change-log row (DESIGN.md §6).
"""

import uuid
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

__all__ = ["ChangeContext", "change_context", "current_change_context", "current_request_id", "request_id_scope"]


@dataclass
class ChangeContext:
    """Who writes (`user` may be a lazy request user or None for the system) and which request or job it is."""

    user: object = None
    request_id: uuid.UUID = field(default_factory=uuid.uuid4)
    source: str = "web"
    ip_address: str | None = None


_current: ContextVar[ChangeContext | None] = ContextVar("shequ_change_context", default=None)


def current_change_context() -> ChangeContext | None:
    return _current.get()


# The id of the request (or background job) being served, for log lines (core.logging.JsonFormatter). Apart from
# the change context because a service may open a change context of its own inside a request.
_request_id: ContextVar[uuid.UUID | str | None] = ContextVar("shequ_request_id", default=None)


def current_request_id() -> uuid.UUID | str | None:
    """The request's id; else the open change context's (a command or a job); else None."""
    request_id = _request_id.get()
    if request_id is None and (context := _current.get()) is not None:
        return context.request_id
    return request_id


@contextmanager
def request_id_scope(request_id: uuid.UUID | str):
    token = _request_id.set(request_id)
    try:
        yield request_id
    finally:
        _request_id.reset(token)


@contextmanager
def change_context(user=None, *, source: str = "service", request_id: uuid.UUID | None = None, ip_address=None):
    """Open a change context; writes inside it are change-logged as `user` (None = the system)."""
    context = ChangeContext(user=user, request_id=request_id or uuid.uuid4(), source=source, ip_address=ip_address)
    token = _current.set(context)
    try:
        yield context
    finally:
        _current.reset(token)
