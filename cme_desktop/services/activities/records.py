"""Activities and their sessions; attendance codes are handed out here so that none is ever reused.

Creating, editing and archiving an activity: its PARS fields, commercial support and credit designations
(DOMAIN.md, "Credit" and "Reporting"). Reading lives in activity_queries and is re-exported here.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cme_desktop.domain.codes import code_window, new_code
from cme_desktop.domain.scheduling import designation_problem, rss_span_problem
from cme_desktop.domain.vocabulary import (
    ActivityFormat,
    ActivityStatus,
    CreditType,
    SessionStatus,
)
from cme_desktop.services import audit
from cme_desktop.services.activities.designations import apply_designations, check_held, new_designations
from cme_desktop.services.activities.model import (
    ActivityDetail,
    ActivityError,
    ActivityFilter,
    ActivityInput,
    ActivitySummary,
    DesignationInput,
    SupportInput,
)
from cme_desktop.services.activities.queries import (
    departments,
    detail,
    get_activity,
    list_activities,
    load_activity,
)
from cme_desktop.services.activities.validation import Designations, validate_activity
from cme_desktop.services.context import Context
from cme_desktop.services.editing import check_version, refusing_races, stamp
from cme_desktop.services.office.settings import office_zone, read_settings
from cme_desktop.store.activities import (
    Activity,
    ActivitySession,
    CommercialSupport,
    IssuedCode,
)
from cme_desktop.store.attendance import AttendanceClaim

__all__ = [
    "ActivityDetail",
    "ActivityError",
    "ActivityFilter",
    "ActivityInput",
    "ActivitySummary",
    "DesignationInput",
    "SupportInput",
    "archive_activity",
    "create_activity",
    "departments",
    "get_activity",
    "issue_code",
    "list_activities",
    "restore_activity",
    "update_activity",
]

FIELDS = (
    "title",
    "format",
    "status",
    "providership",
    "joint_provider",
    "department",
    "director",
    "venue",
    "city",
    "state",
    "country",
    "delivery",
    "description",
    "code_opens_minutes_before",
    "code_closes_days_after",
)


class _TakenCodes:
    """Codes already issued, looked up lazily: the code space is large, a clash is rare."""

    def __init__(self, session: Session, pending: set[str]) -> None:
        self.session = session
        self.pending = pending

    def __contains__(self, code: object) -> bool:
        if code in self.pending:
            return True
        return self.session.get(IssuedCode, code) is not None


def issue_code(
    session: Session, row: ActivitySession, activity: Activity, now: datetime, pending: set[str]
) -> str:
    """Give `row` a fresh code and its window; the previous code, if any, is retired."""
    if row.id is None:
        session.flush()
    code = new_code(_TakenCodes(session, pending))
    pending.add(code)
    if row.attendance_code:
        previous = session.get(IssuedCode, row.attendance_code)
        if previous is not None and previous.retired_at is None:
            previous.retired_at = now
    window = code_window(
        row.starts_at, row.ends_at, activity.code_opens_minutes_before, activity.code_closes_days_after
    )
    row.attendance_code = code
    row.code_opens_at, row.code_closes_at = window.opens_at, window.closes_at
    session.add(IssuedCode(code=code, session_id=row.id, issued_at=now))
    return code


def activity_titles(session: Session) -> dict[str, int]:
    return {title: id_ for id_, title in session.execute(select(Activity.id, Activity.title))}


def create_activity(ctx: Context, data: ActivityInput) -> ActivityDetail:
    """Save a new activity; refuses missing or malformed fields with a sentence."""
    fields, designations, support = validate_activity(data)
    now = ctx.clock()
    with ctx.db.transaction() as session:
        check_held(read_settings(session).accreditation, designations)
        activity = Activity(**fields, created_at=now)
        stamp(activity, ctx)
        activity.designations = new_designations(designations, now)
        activity.support = [
            CommercialSupport(source=s.source, in_kind=s.in_kind, amount_cents=s.amount_cents)
            for s in support
        ]
        session.add(activity)
        session.flush()
        audit.record(ctx, session, "activity.create", "activity", activity.id, None, snapshot(activity))
        return detail(session, activity.id)


def update_activity(
    ctx: Context, activity_id: int, data: ActivityInput, expected_version: int
) -> ActivityDetail:
    """Save the activity form over the version the coordinator loaded.

    Designations follow services/activities/designations.py (the office's accreditation; in advance, never
    retroactively); they may not fall below the credits its scheduled sessions already carry, nor be removed
    while claims use them. A new code window applies to every code still open or not yet open; closed windows of
    past sessions stay as they were.
    """
    fields, designations, support = validate_activity(data)
    zone = office_zone(ctx)
    now = ctx.clock()
    with refusing_races(ctx, Activity, activity_id, "activity", zone), ctx.db.transaction() as session:
        activity = load_activity(session, activity_id)
        check_version(activity, expected_version, "activity", zone)
        before = snapshot(activity)
        if activity.status == ActivityStatus.ARCHIVED:
            fields["status"] = ActivityStatus.ARCHIVED
        check_held(read_settings(session).accreditation, designations, activity)
        _check_against_sessions(session, activity, fields["format"], designations, zone)
        window_changed = (activity.code_opens_minutes_before, activity.code_closes_days_after) != (
            fields["code_opens_minutes_before"],
            fields["code_closes_days_after"],
        )
        for name, value in fields.items():
            setattr(activity, name, value)
        lowered_because = apply_designations(
            session, activity, designations, data.designation_reason, now, zone
        )
        if [(s.source, s.in_kind, s.amount_cents) for s in activity.support] != [
            (s.source, s.in_kind, s.amount_cents) for s in support
        ]:
            activity.support = [
                CommercialSupport(source=s.source, in_kind=s.in_kind, amount_cents=s.amount_cents)
                for s in support
            ]
        moved = _recompute_windows(ctx, activity, now) if window_changed else 0
        after = snapshot(activity)
        changed = [key for key in after if before[key] != after[key]]
        if changed:
            stamp(activity, ctx)
            extra: dict[str, Any] = {"code_windows_recomputed": moved} if moved else {}
            if lowered_because:
                extra["designation_reason"] = lowered_because
            audit.record(
                ctx,
                session,
                "activity.update",
                "activity",
                activity.id,
                {k: before[k] for k in changed},
                {k: after[k] for k in changed} | extra,
            )
        session.flush()
        return detail(session, activity.id)


def archive_activity(ctx: Context, activity_id: int, expected_version: int) -> ActivityDetail:
    """Hide an activity from the everyday list; its sessions, codes and claims stay as they are."""
    return _set_status(ctx, activity_id, expected_version, ActivityStatus.ARCHIVED, "activity.archive")


def restore_activity(ctx: Context, activity_id: int, expected_version: int) -> ActivityDetail:
    """Bring an archived activity back to the everyday list."""
    return _set_status(ctx, activity_id, expected_version, ActivityStatus.ACTIVE, "activity.restore")


def snapshot(activity: Activity) -> dict[str, Any]:
    """The activity's fields as the audit log keeps them."""
    values: dict[str, Any] = {name: _plain(getattr(activity, name)) for name in FIELDS}
    values["designations"] = sorted(
        [
            {
                "credit_type": d.credit_type,
                "max_quarters": d.max_quarters,
                "uan": d.uan,
                "per_session": d.per_session,
            }
            for d in activity.designations
        ],
        key=lambda d: d["credit_type"],
    )
    values["support"] = [
        {"source": s.source, "in_kind": s.in_kind, "amount_cents": s.amount_cents} for s in activity.support
    ]
    return values


def _set_status(
    ctx: Context, activity_id: int, expected_version: int, status: str, action: str
) -> ActivityDetail:
    zone = office_zone(ctx)
    with refusing_races(ctx, Activity, activity_id, "activity", zone), ctx.db.transaction() as session:
        activity = load_activity(session, activity_id)
        check_version(activity, expected_version, "activity", zone)
        if activity.status != status:
            audit.record(
                ctx, session, action, "activity", activity.id, {"status": activity.status}, {"status": status}
            )
            activity.status = status
            stamp(activity, ctx)
            session.flush()
        return detail(session, activity.id)


def _check_against_sessions(
    session: Session,
    activity: Activity,
    fmt: str,
    designations: Designations,
    zone: ZoneInfo,
) -> None:
    scheduled = (
        ActivitySession.activity_id == activity.id,
        ActivitySession.status == SessionStatus.SCHEDULED,
    )
    quarters = list(session.scalars(select(ActivitySession.credit_quarters).where(*scheduled)))
    problem = designation_problem(
        quarters,
        {w.credit_type: w.quarters for w in designations},
        {w.credit_type for w in designations if w.per_session},
    )
    if problem:
        raise ActivityError(
            problem.replace("The sessions would carry", "The scheduled sessions already carry")
        )
    removed = {d.credit_type for d in activity.designations} - {w.credit_type for w in designations}
    if removed:
        claims = session.scalar(
            select(func.count())
            .select_from(AttendanceClaim)
            .join(ActivitySession, ActivitySession.id == AttendanceClaim.session_id)
            .where(
                ActivitySession.activity_id == activity.id,
                AttendanceClaim.credit_type.in_(removed),
                AttendanceClaim.revoked_at.is_(None),
            )
        )
        if claims:
            names = ", ".join(CreditType(t).label for t in sorted(removed))
            raise ActivityError(
                f"{claims} attendance claims already carry {names}; that designation cannot be removed."
            )
    if fmt == ActivityFormat.RSS:
        first, last = session.execute(
            select(func.min(ActivitySession.starts_at), func.max(ActivitySession.starts_at)).where(*scheduled)
        ).one()
        if first is not None and (
            problem := rss_span_problem(first.astimezone(zone).date(), last.astimezone(zone).date())
        ):
            raise ActivityError(problem)


def _recompute_windows(ctx: Context, activity: Activity, now: datetime) -> int:
    moved = 0
    for row in activity.sessions:
        still_open = row.code_closes_at is None or row.code_closes_at >= now
        if row.status == SessionStatus.SCHEDULED and row.attendance_code and still_open:
            window = code_window(
                row.starts_at,
                row.ends_at,
                activity.code_opens_minutes_before,
                activity.code_closes_days_after,
            )
            row.code_opens_at, row.code_closes_at = window.opens_at, window.closes_at
            stamp(row, ctx)
            moved += 1
    return moved


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, StrEnum) else value
