"""Outbox messages (issue #5, RL-3): written in the transaction of the change they report, delivered
afterwards, retried with back-off, counted, and raised as an alarm when they keep failing.

The channel is `SHEQU_NOTIFY_WEBHOOK` (a URL receiving each message as JSON) or, without one, the log (no personal
data: the order number, the unit and the kind). A process that dies between commit and delivery loses nothing:
the message waits in the table for the next pass.
"""

import json
import logging
import urllib.request
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from shequ.core.bulk import append
from shequ.core.crypto import decrypt
from shequ.workorders.models import OutboxMessage

__all__ = ["MAX_ATTEMPTS", "PHONE_FIELD", "deliver_pending", "notify", "send"]

logger = logging.getLogger("shequ.workorders.outbox")
MAX_ATTEMPTS = 8
# A message addressed to a phone carries it encrypted, bound to this field path (DESIGN.md §5); `send` decrypts it for
# the channel, and once delivered the phone and the link it carried are dropped (`_FORGET`): a survey's answer code
# sent to a household must not stay linked to it (issue #14).
PHONE_FIELD = "workorders.outboxmessage.phone"
_FORGET = ("phone_encrypted", "url")


def notify(order, kind: str, **payload) -> None:
    """Write a message about `order`, in the transaction of the change it reports (only ever appended: `append`
    writes it without the ORM's statement compiler)."""
    append(
        OutboxMessage,
        [
            OutboxMessage(
                kind=kind,
                order=order,
                payload={"order": order.number, "unit": order.unit_id, **payload},
                next_attempt_at=timezone.now(),
            )
        ],
    )


def send(message: OutboxMessage) -> None:
    """Deliver one message or raise."""
    url = settings.SHEQU_NOTIFY_WEBHOOK
    body = {"id": message.pk, "kind": message.kind, **message.payload}
    if not url:
        logger.info("notify %s", json.dumps({k: v for k, v in body.items() if k not in _FORGET}, ensure_ascii=False))
        return
    if "phone_encrypted" in body:
        body["phone"] = decrypt(body.pop("phone_encrypted"), field=PHONE_FIELD)
    request = urllib.request.Request(
        url, data=json.dumps(body, ensure_ascii=False).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (the operator's own URL)
        if response.status >= 300:
            raise OSError(f"webhook answered {response.status}")


def deliver_pending(limit: int = 500, sender=send, now=None) -> dict[str, int]:
    """One pass: deliver what is due. Returns counts of delivered, failed (to retry) and given up (alarmed)."""
    now = now or timezone.now()
    counts = {"delivered": 0, "failed": 0, "given_up": 0}
    with transaction.atomic():
        due = OutboxMessage.objects.filter(
            delivered_at__isnull=True, attempts__lt=MAX_ATTEMPTS, next_attempt_at__lte=now
        ).order_by("id")
        # Several workers may run: each takes rows the others have not locked.
        for message in due.select_for_update(skip_locked=True)[:limit]:
            message.attempts += 1
            try:
                sender(message)
            except Exception as error:  # any failure of the channel: retry later
                message.last_error = str(error)[:500]
                message.next_attempt_at = now + timedelta(seconds=30 * 2 ** (message.attempts - 1))
                if message.attempts >= MAX_ATTEMPTS:
                    counts["given_up"] += 1
                    logger.error(
                        "outbox message %s (%s) undelivered after %s attempts: %s",
                        message.pk,
                        message.kind,
                        message.attempts,
                        message.last_error,
                    )
                else:
                    counts["failed"] += 1
            else:
                message.delivered_at = now
                if "phone_encrypted" in message.payload:
                    message.payload = {k: v for k, v in message.payload.items() if k not in _FORGET}
                counts["delivered"] += 1
            message.save(update_fields=["attempts", "last_error", "next_attempt_at", "delivered_at", "payload"])
    return counts
