"""Proposed sessions and the checks every way of adding sessions shares: one at a time, from a recurrence, or from
a CSV file. Used inside the caller's transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session

from cme_desktop.domain.localtime import local_instant, say_moment
from cme_desktop.domain.scheduling import (
    Slot,
    check_breaks,
    check_day,
    check_times,
    designation_problem,
    overlap_problems,
    rss_span_problem,
    session_quarters,
)
from cme_desktop.domain.vocabulary import ActivityFormat, SessionStatus
from cme_desktop.services import audit
from cme_desktop.services.activities.faculty import set_faculty
from cme_desktop.services.activities.model import ActivityError
from cme_desktop.services.activities.records import issue_code
from cme_desktop.services.context import Context
from cme_desktop.services.editing import stamp
from cme_desktop.store.activities import Activity, ActivitySession


@dataclass(frozen=True)
class SessionInput:
    """The session form: a local date with start and end times in `timezone` (the office's zone when None).

    `credits` None means "from the instruction time": the duration less `break_minutes` (breaks and meals,
    DOMAIN.md "Credit"), 60 minutes = 1 credit, to the nearest 0.25. `faculty` names the people who teach it
    (profile ids); without them, the names in `speakers` are matched to profiles (services/activities/faculty.py).
    """

    day: date
    start: time
    end: time
    topic: str | None = None
    speakers: str | None = None
    room: str | None = None
    credits: Decimal | str | float | None = None
    timezone: str | None = None
    break_minutes: int = 0
    faculty: tuple[int, ...] | None = None


@dataclass(frozen=True)
class ProposedSession:
    """A session about to be written, as a preview shows it. Instants are UTC; `timezone` is where it is held."""

    starts_at: datetime
    ends_at: datetime
    timezone: str
    credit_quarters: int
    topic: str | None = None
    speakers: str | None = None
    room: str | None = None
    break_minutes: int = 0
    faculty: tuple[int, ...] | None = None

    def local_start(self) -> datetime:
        return self.starts_at.astimezone(ZoneInfo(self.timezone))

    def local_end(self) -> datetime:
        return self.ends_at.astimezone(ZoneInfo(self.timezone))

    @property
    def day(self) -> date:
        return self.local_start().date()


class SessionHasClaims(ActivityError):
    """The session's times are about to change although learners have claimed it: ask, then pass confirm=True."""

    def __init__(
        self, message: str, claim_count: int, code_opens_at: datetime | None, code_closes_at: datetime | None
    ):
        super().__init__(message)
        self.claim_count = claim_count
        self.code_opens_at = code_opens_at
        self.code_closes_at = code_closes_at


def zone_named(name: str | None, default: ZoneInfo) -> ZoneInfo:
    if not name:
        return default
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ActivityError(f"'{name}' is not a time zone name (for example America/New_York).") from None


def propose(data: SessionInput, zone: ZoneInfo, today: date | None = None) -> ProposedSession:
    """Check one session's own fields and turn its local times into instants (`today` bounds how far ahead)."""
    check_day(data.day, today)
    starts_at = local_instant(data.day, data.start, zone)
    ends_at = local_instant(data.day, data.end, zone)
    check_times(starts_at, ends_at, zone)
    breaks = check_breaks(starts_at, ends_at, data.break_minutes)
    return ProposedSession(
        starts_at=starts_at,
        ends_at=ends_at,
        timezone=zone.key,
        credit_quarters=session_quarters(ends_at - starts_at, data.credits, breaks),
        topic=text_field(data.topic, 300, "topic"),
        speakers=text_field(data.speakers, 300, "speakers"),
        room=text_field(data.room, 120, "room"),
        break_minutes=breaks,
        faculty=data.faculty,
    )


def text_field(value: str | None, limit: int, name: str) -> str | None:
    text = (value or "").strip()
    if len(text) > limit:
        raise ActivityError(f"The {name} is {len(text)} characters long; at most {limit} fit.")
    return text or None


def plan_problems(
    session: Session,
    activity: Activity,
    proposals: Sequence[ProposedSession],
    labels: Sequence[str],
    zone: ZoneInfo,
    replacing: int | None = None,
) -> list[tuple[int | None, str]]:
    """What stops `proposals` joining the activity's scheduled sessions: overlaps (by proposal index), then the
    designation and the 12-month limit of a series (index None). `replacing` is a session being edited."""
    others = session.execute(
        select(ActivitySession.id, ActivitySession.starts_at, ActivitySession.ends_at).where(
            ActivitySession.activity_id == activity.id,
            ActivitySession.status == SessionStatus.SCHEDULED,
            ActivitySession.id != (replacing or 0),
        )
    ).all()
    existing = [Slot(s, e, f"the session at {say_moment(s, zone)}") for _, s, e in others]
    new = [Slot(p.starts_at, p.ends_at, label) for p, label in zip(proposals, labels, strict=True)]
    problems: list[tuple[int | None, str]] = list(overlap_problems(new, existing, zone))
    kept_quarters = [
        s.credit_quarters
        for s in activity.sessions
        if s.status == SessionStatus.SCHEDULED and s.id != replacing and s.id is not None
    ]
    designated = {d.credit_type: d.max_quarters for d in activity.designations}
    per_session = {d.credit_type for d in activity.designations if d.per_session}
    quarters = kept_quarters + [p.credit_quarters for p in proposals]
    if problem := designation_problem(quarters, designated, per_session):
        problems.append((None, problem))
    if activity.format == ActivityFormat.RSS and proposals:
        days = [s.astimezone(zone).date() for _, s, _ in others] + [
            p.starts_at.astimezone(zone).date() for p in proposals
        ]
        if problem := rss_span_problem(min(days), max(days)):
            problems.append((None, problem))
    return problems


def refuse(problems: list[tuple[int | None, str]]) -> None:
    """Raise the first problem as the error; the rest wait until it is fixed."""
    if problems:
        extra = (
            f" ({len(problems) - 1} more problems follow once this is fixed.)" if len(problems) > 1 else ""
        )
        raise ActivityError(problems[0][1] + extra)


def write_sessions(
    ctx: Context, session: Session, activity: Activity, proposals: Sequence[ProposedSession], how: str
) -> list[int]:
    """Insert the sessions, each with a fresh attendance code, and audit each; returns their ids."""
    now = ctx.clock()
    pending: set[str] = set()
    ids = []
    for proposal in proposals:
        row = ActivitySession(
            activity_id=activity.id,
            starts_at=proposal.starts_at,
            ends_at=proposal.ends_at,
            timezone=proposal.timezone,
            topic=proposal.topic,
            speakers=proposal.speakers,
            room=proposal.room,
            credit_quarters=proposal.credit_quarters,
            break_minutes=proposal.break_minutes,
            status=SessionStatus.SCHEDULED,
        )
        stamp(row, ctx)
        session.add(row)
        activity.sessions.append(row)
        issue_code(session, row, activity, now, pending)
        set_faculty(ctx, session, row, proposal.faculty, proposal.speakers)
        audit.record(
            ctx, session, "session.create", "session", row.id, None, session_snapshot(row) | {"via": how}
        )
        ids.append(row.id)
    return ids


def session_snapshot(row: ActivitySession) -> dict[str, Any]:
    """The session's fields as the audit log keeps them (instants in ISO-8601 UTC)."""

    def iso(value: datetime | None) -> str | None:
        return value.astimezone(UTC).isoformat() if value else None

    return {
        "starts_at": iso(row.starts_at),
        "ends_at": iso(row.ends_at),
        "timezone": row.timezone,
        "topic": row.topic,
        "speakers": row.speakers,
        "room": row.room,
        "credit_quarters": row.credit_quarters,
        "break_minutes": row.break_minutes,
        "faculty": [f.person_id for f in row.faculty],
        "status": str(row.status),
        "attendance_code": row.attendance_code,
        "code_opens_at": iso(row.code_opens_at),
        "code_closes_at": iso(row.code_closes_at),
    }
