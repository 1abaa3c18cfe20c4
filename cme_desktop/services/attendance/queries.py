"""Reading attendance: one session's claims with counts (Attendance page, `attendance --json`, CSV export)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from cme_desktop.domain.credits import format_credits
from cme_desktop.domain.spreadsheet import delimited_text
from cme_desktop.errors import InputError
from cme_desktop.services.activities.calendar import SessionSummary, sessions_between, summaries
from cme_desktop.services.attendance.rows import ClaimRow, claim_row
from cme_desktop.services.context import Context
from cme_desktop.store.activities import ActivitySession
from cme_desktop.store.attendance import AttendanceClaim
from cme_desktop.store.people import Person


@dataclass(frozen=True)
class SessionAttendance:
    session: SessionSummary
    claims: tuple[ClaimRow, ...]
    by_profession: dict[str, int]
    by_channel: dict[str, int]

    @property
    def active(self) -> tuple[ClaimRow, ...]:
        return tuple(c for c in self.claims if not c.revoked)

    @property
    def to_review(self) -> tuple[ClaimRow, ...]:
        return tuple(c for c in self.claims if c.flags and not c.revoked)


def session_attendance(ctx: Context, session_id: int) -> SessionAttendance:
    """Every claim of a session (revoked ones too, marked), newest first, with counts of the active ones."""
    with ctx.db.transaction() as session:
        found = summaries(session, ActivitySession.id == session_id)
        if not found:
            raise InputError(f"There is no session number {session_id}.")
        row = session.get(ActivitySession, session_id)
        assert row is not None
        rows = session.execute(
            select(AttendanceClaim, Person)
            .join(Person, Person.id == AttendanceClaim.person_id)
            .where(AttendanceClaim.session_id == session_id)
            .order_by(AttendanceClaim.claimed_at.desc(), AttendanceClaim.id.desc())
        ).all()
        claims = tuple(claim_row(claim, person, row) for claim, person in rows)
    active = [c for c in claims if not c.revoked]
    return SessionAttendance(
        found[0],
        claims,
        dict(Counter(c.profession for c in active).most_common()),
        dict(Counter(c.channel for c in active).most_common()),
    )


def attendance_stamp(ctx: Context, session_id: int) -> tuple[int, int, int]:
    """A cheap fingerprint of a session's claims (count, newest id, revoked count): reload only when it moves."""
    with ctx.db.transaction() as session:
        count, newest, revoked = session.execute(
            select(
                func.count(AttendanceClaim.id),
                func.coalesce(func.max(AttendanceClaim.id), 0),
                func.count(AttendanceClaim.revoked_at),
            ).where(AttendanceClaim.session_id == session_id)
        ).one()
    return int(count), int(newest), int(revoked)


def sessions_to_pick(ctx: Context, days_back: int = 60, days_ahead: int = 30) -> list[SessionSummary]:
    """Sessions a coordinator takes attendance for: the recent past and the next weeks, newest first."""
    now = ctx.clock()
    found = sessions_between(ctx, now - timedelta(days=days_back), now + timedelta(days=days_ahead))
    return sorted(found, key=lambda s: s.starts_at, reverse=True)


def current_session(sessions: list[SessionSummary], now: datetime) -> SessionSummary | None:
    """The session under way or next today, else the most recent one that has started."""
    started = [s for s in sessions if s.code_opens_at is not None and s.code_opens_at <= now]
    running = [s for s in started if s.ends_at >= now]
    if running:
        return min(running, key=lambda s: s.starts_at)
    return max(started, key=lambda s: s.starts_at) if started else (sessions[-1] if sessions else None)


CSV_COLUMNS = (
    "person",
    "profession",
    "channel",
    "claimed_at",
    "credit_type",
    "credits",
    "status",
    "evidence",
)


def attendance_csv(attendance: SessionAttendance, zone_name: str) -> str:
    """The claims as a spreadsheet-friendly CSV, times in the session's zone with their offset; a cell that a
    spreadsheet would run as a formula (a name typed as `=HYPERLINK(...)`) is written as text."""
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(zone_name)
    rows = [
        (
            c.person_name,
            c.profession,
            c.channel,
            c.claimed_at.astimezone(zone).isoformat(),
            c.credit_type,
            format_credits(c.credit_quarters),
            f"revoked: {c.revoked_reason}" if c.revoked else "; ".join(c.flags) or "ok",
            "; ".join(f"{k}={v}" for k, v in c.evidence.items()),
        )
        for c in attendance.claims
    ]
    return delimited_text(CSV_COLUMNS, rows)
