"""Reading sessions: today's and this week's, or any date range (Today page, `sessions --json`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from cme_desktop.services.activities.faculty import FacultyMember, faculty_of
from cme_desktop.services.context import Context
from cme_desktop.services.office.settings import office_zone
from cme_desktop.store.activities import Activity, ActivitySession
from cme_desktop.store.attendance import AttendanceClaim


@dataclass(frozen=True)
class SessionSummary:
    id: int
    activity_id: int
    activity_title: str
    activity_format: str
    topic: str | None
    speakers: str | None
    room: str | None
    starts_at: datetime
    ends_at: datetime
    timezone: str
    credit_quarters: int
    status: str
    attendance_code: str | None
    code_opens_at: datetime | None
    code_closes_at: datetime | None
    claim_count: int
    # The row's version when read: pass it back to edit or cancel the session (stale saves are refused).
    version: int = 1
    # Who teaches it (profiles; faculty of the activity under Standard 3), and its breaks and meals.
    faculty: tuple[FacultyMember, ...] = ()
    break_minutes: int = 0

    @property
    def speaker_names(self) -> str:
        """How the speakers are shown: the typed text when the coordinator set one, else the faculty's names."""
        return self.speakers or "; ".join(f.name for f in self.faculty)

    def local_start(self) -> datetime:
        return self.starts_at.astimezone(ZoneInfo(self.timezone))

    def local_end(self) -> datetime:
        return self.ends_at.astimezone(ZoneInfo(self.timezone))


def day_bounds(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The instants a calendar day starts and ends in the office's zone."""
    start = datetime.combine(day, time.min, tzinfo=zone)
    return start, datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)


def sessions_between(ctx: Context, start: datetime, end: datetime) -> list[SessionSummary]:
    """Sessions starting in [start, end), oldest first, with how many claims each has."""
    with ctx.db.transaction() as session:
        return summaries(session, ActivitySession.starts_at >= start, ActivitySession.starts_at < end)


def summaries(session: Session, *conditions: ColumnElement[bool]) -> list[SessionSummary]:
    """Summaries of the sessions meeting `conditions`, oldest first, inside the caller's transaction."""
    # Counted per session (a correlated subquery on the claims' session index), never over every claim.
    claims = (
        select(func.count())
        .where(AttendanceClaim.session_id == ActivitySession.id, AttendanceClaim.revoked_at.is_(None))
        .correlate(ActivitySession)
        .scalar_subquery()
    )
    query = (
        select(ActivitySession, Activity.title, Activity.format, claims)
        .join(Activity, Activity.id == ActivitySession.activity_id)
        .where(*conditions)
        .order_by(ActivitySession.starts_at, ActivitySession.id)
    )
    found = session.execute(query).all()
    faculty = faculty_of(session, [s.id for s, *_ in found])
    return [_summary(s, title, fmt, n, faculty.get(s.id, ())) for s, title, fmt, n in found]


def sessions_on_days(ctx: Context, first: date, last: date) -> list[SessionSummary]:
    """Sessions on the office-zone calendar days first..last inclusive."""
    zone = office_zone(ctx)
    return sessions_between(ctx, day_bounds(first, zone)[0], day_bounds(last, zone)[1])


@dataclass(frozen=True)
class Week:
    today: list[SessionSummary]
    rest_of_week: list[SessionSummary]
    day: date


def this_week(ctx: Context) -> Week:
    """Today's sessions and those of the coming week (today and the six days after it), in the office's zone.

    A rolling week rather than Monday-to-Sunday: on a Friday the coordinator wants to see next Tuesday's rounds.
    """
    zone = office_zone(ctx)
    today = ctx.clock().astimezone(zone).date()
    everything = sessions_between(
        ctx, day_bounds(today, zone)[0], day_bounds(today + timedelta(days=6), zone)[1]
    )
    todays = [s for s in everything if s.starts_at.astimezone(zone).date() == today]
    others = [s for s in everything if s.starts_at.astimezone(zone).date() != today]
    return Week(todays, others, today)


def _summary(
    s: ActivitySession, title: str, fmt: str, claims: int, faculty: tuple[FacultyMember, ...] = ()
) -> SessionSummary:
    return SessionSummary(
        id=s.id,
        activity_id=s.activity_id,
        activity_title=title,
        activity_format=fmt,
        topic=s.topic,
        speakers=s.speakers,
        room=s.room,
        starts_at=s.starts_at,
        ends_at=s.ends_at,
        timezone=s.timezone,
        credit_quarters=s.credit_quarters,
        status=s.status,
        attendance_code=s.attendance_code,
        code_opens_at=s.code_opens_at,
        code_closes_at=s.code_closes_at,
        claim_count=int(claims),
        version=s.version,
        faculty=faculty,
        break_minutes=s.break_minutes,
    )
