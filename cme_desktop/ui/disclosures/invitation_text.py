"""Where an invitation to disclose stands, in a few words: 'Invited Nov 28 · opened Nov 29 · reminded Dec 1'."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from cme_desktop.services.standard3.invitations import InvitationState


def tree_items(tree: QTreeWidget) -> list[QTreeWidgetItem]:
    """A tree's top-level items."""
    return [item for i in range(tree.topLevelItemCount()) if (item := tree.topLevelItem(i)) is not None]


def short_day(at: datetime, zone: ZoneInfo) -> str:
    local = at.astimezone(zone)
    return f"{local:%b} {local.day}"


def invitation_text(state: InvitationState | None, zone: ZoneInfo, now: datetime) -> str:
    if state is None:
        return "Not invited"
    if state.answered_at is not None:
        return f"Answered {short_day(state.answered_at, zone)}"
    if state.sent_at is None:
        return f"Not sent: {state.failure}" if state.failure else "Not sent"
    sent = short_day(state.sent_at, zone)
    parts = [f"Invited {sent}" if state.sends < 2 else f"Sent {state.sends} times, last {sent}"]
    if state.opened_at is not None:
        parts.append(f"opened {short_day(state.opened_at, zone)}")
    if state.reminded_at is not None:
        parts.append(f"reminded {short_day(state.reminded_at, zone)}")
    if state.link_expires_at is not None and state.link_expires_at <= now:
        parts.append("link expired: resend")
    if state.failure:
        parts.append("the last resend failed")
    return " · ".join(parts)
