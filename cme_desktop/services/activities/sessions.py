"""One session at a time: add, edit, cancel or restore it, and replace an attendance code that leaked.

Every change is audited. A session's times may not change under learners' claims without the coordinator's
confirmation, because its code window moves with them (DOMAIN.md, "Attendance").
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from cme_desktop.domain.codes import code_window
from cme_desktop.domain.credits import format_credits
from cme_desktop.domain.localtime import say_moment
from cme_desktop.domain.vocabulary import SessionStatus
from cme_desktop.services import audit
from cme_desktop.services.activities.calendar import SessionSummary, summaries
from cme_desktop.services.activities.faculty import set_faculty
from cme_desktop.services.activities.model import ActivityError
from cme_desktop.services.activities.queries import load_activity
from cme_desktop.services.activities.records import issue_code
from cme_desktop.services.activities.session_plan import (
    SessionHasClaims,
    SessionInput,
    plan_problems,
    propose,
    refuse,
    session_snapshot,
    write_sessions,
    zone_named,
)
from cme_desktop.services.attendance.rows import count_claims
from cme_desktop.services.context import Context
from cme_desktop.services.editing import check_version, refusing_races, stamp
from cme_desktop.services.office.settings import office_zone
from cme_desktop.store.activities import ActivitySession, IssuedCode

LEAKED = "The code was shared with people who were not at the session."


def get_session(ctx: Context, session_id: int) -> SessionSummary:
    with ctx.db.transaction() as session:
        return _summary(session, _load(session, session_id).id)


def add_session(ctx: Context, activity_id: int, data: SessionInput) -> SessionSummary:
    """Add one session (a course day, an extra grand rounds) with a fresh attendance code."""
    office = office_zone(ctx)
    zone = zone_named(data.timezone, office)
    proposal = propose(data, zone, ctx.clock().astimezone(office).date())
    with ctx.db.transaction() as session:
        activity = load_activity(session, activity_id)
        refuse(plan_problems(session, activity, [proposal], ["This session"], zone))
        (new_id,) = write_sessions(ctx, session, activity, [proposal], "manual")
        return _summary(session, new_id)


def edit_session(
    ctx: Context, session_id: int, data: SessionInput, expected_version: int, confirm_claims: bool = False
) -> SessionSummary:
    """Save the session form over the version the coordinator loaded; `data.timezone` None keeps the session's zone.

    New times move the code window with them (the code stays). When learners have already claimed the session,
    new times are refused with SessionHasClaims, which says where the window would move, unless `confirm_claims`.
    """
    office = office_zone(ctx)
    with refusing_races(ctx, ActivitySession, session_id, "session", office), ctx.db.transaction() as session:
        row = _load(session, session_id)
        check_version(row, expected_version, "session", office)
        zone = zone_named(data.timezone, ZoneInfo(row.timezone))
        proposal = propose(data, zone, ctx.clock().astimezone(office).date())
        activity = row.activity
        if row.status == SessionStatus.SCHEDULED:
            refuse(plan_problems(session, activity, [proposal], ["The new time"], zone, replacing=row.id))
        times_changed = (proposal.starts_at, proposal.ends_at) != (row.starts_at, row.ends_at)
        window = code_window(
            proposal.starts_at,
            proposal.ends_at,
            activity.code_opens_minutes_before,
            activity.code_closes_days_after,
        )
        claims = count_claims(session, row.id)
        if times_changed and claims and not confirm_claims:
            moves = (
                f"its code window will open at {say_moment(window.opens_at, zone)} and close at "
                f"{say_moment(window.closes_at, zone)}"
                if row.attendance_code
                else "it has no code window while it is cancelled"
            )
            raise SessionHasClaims(
                f"{claims} learners have already claimed this session; moving it to "
                f"{say_moment(proposal.starts_at, zone)} keeps their claims, and {moves}. Confirm to save.",
                claims,
                window.opens_at if row.attendance_code else None,
                window.closes_at if row.attendance_code else None,
            )
        before = session_snapshot(row)
        row.starts_at, row.ends_at, row.timezone = proposal.starts_at, proposal.ends_at, proposal.timezone
        speakers_changed = proposal.speakers != row.speakers
        row.topic, row.speakers, row.room = proposal.topic, proposal.speakers, proposal.room
        row.credit_quarters, row.break_minutes = proposal.credit_quarters, proposal.break_minutes
        if proposal.faculty is not None or speakers_changed:
            set_faculty(ctx, session, row, proposal.faculty, proposal.speakers)
        if times_changed and row.attendance_code:
            row.code_opens_at, row.code_closes_at = window.opens_at, window.closes_at
        after = session_snapshot(row)
        changed = [key for key in after if before[key] != after[key]]
        if changed:
            stamp(row, ctx)
            extra = {"claims_at_the_time": claims} if times_changed and claims else {}
            audit.record(
                ctx,
                session,
                "session.update",
                "session",
                row.id,
                {k: before[k] for k in changed},
                {k: after[k] for k in changed} | extra,
            )
        session.flush()
        return _summary(session, row.id)


def cancel_session(
    ctx: Context, session_id: int, expected_version: int, reason: str | None = None
) -> SessionSummary:
    """Cancel a session that will not take place: its code stops working. Refused while it has claims."""
    office = office_zone(ctx)
    with refusing_races(ctx, ActivitySession, session_id, "session", office), ctx.db.transaction() as session:
        row = _load(session, session_id)
        check_version(row, expected_version, "session", office)
        if row.status == SessionStatus.CANCELLED:
            return _summary(session, row.id)
        claims = count_claims(session, row.id)
        if claims:
            raise ActivityError(
                f"{claims} learners have claimed the session of {say_moment(row.starts_at, office)}; it cannot be "
                "cancelled while their claims stand."
            )
        before = session_snapshot(row)
        _retire(session, row, ctx, "The session was cancelled.")
        row.attendance_code = None
        row.code_opens_at = row.code_closes_at = None
        row.status = SessionStatus.CANCELLED
        stamp(row, ctx)
        audit.record(
            ctx,
            session,
            "session.cancel",
            "session",
            row.id,
            before,
            session_snapshot(row) | {"reason": reason},
        )
        session.flush()
        return _summary(session, row.id)


def restore_session(ctx: Context, session_id: int, expected_version: int) -> SessionSummary:
    """Schedule a cancelled session again, with a new attendance code."""
    office = office_zone(ctx)
    with refusing_races(ctx, ActivitySession, session_id, "session", office), ctx.db.transaction() as session:
        row = _load(session, session_id)
        check_version(row, expected_version, "session", office)
        if row.status == SessionStatus.SCHEDULED:
            return _summary(session, row.id)
        activity = row.activity
        zone = ZoneInfo(row.timezone)
        proposal = propose(
            SessionInput(
                row.starts_at.astimezone(zone).date(),
                row.starts_at.astimezone(zone).time(),
                row.ends_at.astimezone(zone).time(),
                credits=format_credits(row.credit_quarters),
                break_minutes=row.break_minutes,
            ),
            zone,
        )
        refuse(plan_problems(session, activity, [proposal], ["The session"], zone, replacing=row.id))
        before = session_snapshot(row)
        row.status = SessionStatus.SCHEDULED
        issue_code(session, row, activity, ctx.clock(), set())
        stamp(row, ctx)
        audit.record(ctx, session, "session.restore", "session", row.id, before, session_snapshot(row))
        session.flush()
        return _summary(session, row.id)


def replace_code(ctx: Context, session_id: int, reason: str | None = None) -> SessionSummary:
    """Give a session a new attendance code because the old one leaked; the old one stops working at once.

    No version check: this is urgent, and it changes nothing a coordinator typed.
    """
    with ctx.db.transaction() as session:
        row = _load(session, session_id)
        if row.status != SessionStatus.SCHEDULED:
            raise ActivityError("A cancelled session has no attendance code to replace.")
        old = row.attendance_code
        why = (reason or "").strip() or LEAKED
        _retire(session, row, ctx, why)
        new = issue_code(session, row, row.activity, ctx.clock(), set())
        stamp(row, ctx)
        audit.record(
            ctx,
            session,
            "session.code_replaced",
            "session",
            row.id,
            {"attendance_code": old},
            {"attendance_code": new, "reason": why},
        )
        session.flush()
        return _summary(session, row.id)


def _retire(session: Session, row: ActivitySession, ctx: Context, reason: str) -> None:
    if row.attendance_code:
        issued = session.get(IssuedCode, row.attendance_code)
        if issued is not None and issued.retired_at is None:
            issued.retired_at = ctx.clock()
            issued.retired_reason = reason[:300]


def _load(session: Session, session_id: int) -> ActivitySession:
    row = session.get(ActivitySession, session_id)
    if row is None:
        raise ActivityError(f"There is no session number {session_id}; it may have been removed.")
    return row


def _summary(session: Session, session_id: int) -> SessionSummary:
    return summaries(session, ActivitySession.id == session_id)[0]
