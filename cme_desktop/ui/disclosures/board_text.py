"""What the review board says in words: a person's disclosure and invitation, who is still to disclose, and the
line under the board for the selected person or relationship."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from cme_desktop.domain.localtime import say_moment
from cme_desktop.domain.standard3 import ROLE_LABELS
from cme_desktop.services.standard3.board import BoardPerson, BoardRelationship, ReviewBoard
from cme_desktop.ui.disclosures.invitation_text import invitation_text


def short_day(day: date | None) -> str:
    return f"{day:%b} {day.day}, {day.year}" if day else ""


def roles_text(person: BoardPerson, zone: ZoneInfo) -> str:
    """'planner, faculty (speaks Dec 3, Dec 10)': a speaker is faculty through the sessions they teach."""
    roles = ", ".join(ROLE_LABELS[r] for r in person.roles)
    if not person.speaks_at:
        return roles
    days = [short_day(at.astimezone(zone).date()) for at in person.speaks_at[:3]]
    more = f" and {len(person.speaks_at) - 3} more" if len(person.speaks_at) > 3 else ""
    return f"{roles} (speaks {', '.join(days)}{more})"


def decision_text(rel: BoardRelationship) -> str:
    parts = []
    if rel.exception_label:
        parts.append(f"Exception: {rel.exception_label}")
    if rel.relevant is False:
        parts.append("Not relevant")
    elif rel.relevant:
        parts.append(f"Relevant · {rel.mitigation_label or 'not mitigated'}")
    if rel.note:
        parts.append(rel.note)
    return " · ".join(parts)


def disclosure_text(person: BoardPerson, zone: ZoneInfo, now: datetime) -> str:
    """'Missing · Invited Nov 28', 'Current · until Nov 27, 2027 · from the portal'."""
    if person.disclosed_on is None:
        text = person.status.label
    else:
        text = f"{person.status.label} · until {short_day(person.valid_until)}"
        if person.from_portal:
            text += " · via portal"
    if person.missing and person.invitation is not None and person.invitation.answered_at is None:
        text += f" · {invitation_text(person.invitation, zone, now)}"
    return text


def missing_summary(board: ReviewBoard, zone: ZoneInfo, now: datetime) -> str:
    """Who is still to disclose before their next session here, and whether they were asked."""
    missing = [p for p in board.people if p.missing]
    if not missing:
        return ""
    parts = []
    for person in missing:
        state = person.invitation
        if state is None or state.answered_at is not None:
            parts.append(f"{person.name} (not invited)")
        else:
            said = invitation_text(state, zone, now)
            parts.append(f"{person.name} ({said[0].lower()}{said[1:]})")
    count = len(missing)
    return f"Still to disclose ({count}): " + "; ".join(parts) + "."


def details(person: BoardPerson | None, rel: BoardRelationship | None, zone: ZoneInfo, now: datetime) -> str:
    if person is None:
        return "Double-click a person to enter their disclosure, a relationship to judge it."
    if rel is None:
        notes = (" " + " ".join(person.notes)) if person.notes else ""
        email = f"Email: {person.email or 'none on file'}."
        if person.disclosed_on is None:
            invited = f" {invitation_text(person.invitation, zone, now)}." if person.missing else ""
            return f"{person.name}: {person.state.label}.{invited} {email}{notes}"
        how = "submitted on the portal" if person.from_portal else "recorded by the office"
        text = (
            f"{person.name} disclosed on {short_day(person.disclosed_on)} ({how}); current until"
            f" {short_day(person.valid_until)}. {email}"
        )
        if person.owner_or_employee:
            text += " Says they own or work for an ineligible company."
        if person.changes:
            text += f" Changed since {short_day(person.previous_on)}: " + " ".join(person.changes)
        return text
    flagged = (
        " Typed on the portal: not yet on the office's list of ineligible companies."
        if rel.company_needs_review
        else ""
    )
    changed = f" {rel.change} since their previous disclosure." if rel.change and rel.change != "New" else ""
    if rel.change == "New":
        changed = " New since their previous disclosure."
    if rel.decided_at is None:
        return f"{rel.company} ({rel.nature_label}): {rel.state.label}.{changed}{flagged}"
    decision = decision_text(rel)
    return (
        f"{rel.company} ({rel.nature_label}): {decision}. Decided by {rel.decided_by} at"
        f" {say_moment(rel.decided_at, zone)}.{changed}{flagged}"
    )
