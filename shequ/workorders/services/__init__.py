"""The call centre's domain writes (issue #5; SVC-5; DESIGN.md §9), one module for each seam:

- `intake` — `submit`, every channel's request in, checked there (`PUBLIC`: the portal's and Open311's actor);
- `transitions` — the steps that move an order (`perform`, by the table in `steps.py`) and the publication decision;
- `survey` — the resident's own satisfaction survey: its signed link and the order it names;
- `clock` — an order's deadlines and the periodic pass (`tick`: alarms, supervision counts, outbox, audit seals).

Other modules import these names from here."""

from shequ.workorders.catalogue import ancestor_codes, route
from shequ.workorders.services.clock import sweep, tick
from shequ.workorders.services.intake import (
    DUPLICATE_WINDOW,
    NUMBER_ATTEMPTS,
    PUBLIC,
    IdempotencyConflict,
    request_digest,
    submit,
)
from shequ.workorders.services.survey import survey_token, survey_url, surveyed_order
from shequ.workorders.services.transitions import (
    IllegalTransition,
    accept,
    close,
    decide_extension,
    dispatch,
    handle_on_spot,
    perform,
    record_callback,
    reopen,
    reply,
    request_extension,
    return_order,
    review_publication,
    start,
    transfer,
)

__all__ = [
    "DUPLICATE_WINDOW",
    "NUMBER_ATTEMPTS",
    "PUBLIC",
    "IdempotencyConflict",
    "IllegalTransition",
    "accept",
    "ancestor_codes",
    "close",
    "decide_extension",
    "dispatch",
    "handle_on_spot",
    "perform",
    "record_callback",
    "reopen",
    "reply",
    "request_digest",
    "request_extension",
    "return_order",
    "review_publication",
    "route",
    "start",
    "submit",
    "survey_token",
    "survey_url",
    "surveyed_order",
    "sweep",
    "tick",
    "transfer",
]
