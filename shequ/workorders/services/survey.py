"""The resident's own satisfaction survey of a closed order (PP-7): the signed single-use link sent on closing or shown
by the portal's status look-up, and the order it names. The answer is the call-back step (`transitions.record_callback`,
taken by the public actor)."""

from django.core import signing
from django.urls import reverse

from shequ.workorders.choices import OrderStatus
from shequ.workorders.models import WorkOrder

__all__ = ["survey_token", "survey_url", "surveyed_order"]

S = OrderStatus

SURVEY_SALT = "shequ.portal.survey"
SURVEY_MAX_AGE = 30 * 24 * 3600


def survey_token(order) -> str:
    """The signed token of one closure's survey: it names the order and the moment it closed, so a reopened and
    closed again order has a new survey and the old token answers nothing."""
    return signing.dumps({"o": order.pk, "c": order.closed_at.isoformat()}, salt=SURVEY_SALT)


def surveyed_order(token: str) -> tuple[WorkOrder | None, bool]:
    """(the order, whether its survey is open now) for a token; (None, False) for a forged or expired one."""
    try:
        claim = signing.loads(token, salt=SURVEY_SALT, max_age=SURVEY_MAX_AGE)
    except signing.BadSignature:
        return None, False
    order = WorkOrder.objects.unscoped("survey token").filter(pk=claim.get("o")).first()
    if order is None:
        return None, False
    closure = order.closed_at.isoformat() if order.closed_at else None
    is_open = order.status == S.CLOSED and closure == claim.get("c") and order.callback_at is None
    return order, is_open


def survey_url(order) -> str:
    """The portal's address of the survey of the order's latest closure."""
    return reverse("portal:survey", args=[survey_token(order)])
