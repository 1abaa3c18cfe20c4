"""Delivery reports for the texts the office sent (Twilio's status callback), kept apart from inbound texts.

Only one report changes anything: a text refused because the number has opted out with its carrier or with Twilio
(error 21610). That number is then opted out here too, so nothing more is sent to it (DOMAIN.md, "SMS").
"""

from __future__ import annotations

from dataclasses import dataclass

from cme_desktop.domain.twilio import UNSUBSCRIBED_RECIPIENT
from cme_desktop.services.context import Context
from cme_desktop.services.texting.conversation import phone_key
from cme_desktop.services.texting.numbers import set_opted_out


@dataclass(frozen=True)
class DeliveryReport:
    sid: str
    status: str  # queued, sent, delivered, undelivered, failed, ...
    recipient: str  # the learner's number (the report's To)
    error_code: str | None = None


def record_delivery(ctx: Context, report: DeliveryReport) -> bool:
    """Act on one delivery report; True when it opted a number out."""
    if report.error_code != UNSUBSCRIBED_RECIPIENT or not report.recipient:
        return False
    with ctx.db.transaction() as session:
        return set_opted_out(session, phone_key(report.recipient), True, "carrier", ctx.clock())
