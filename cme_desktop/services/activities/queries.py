"""Reading activities: the Activities list with its search and filters, and one activity with everything on it."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session, selectinload

from cme_desktop.domain.vocabulary import ActivityFormat, ActivityStatus, CreditType, SessionStatus
from cme_desktop.services.activities.calendar import day_bounds, summaries
from cme_desktop.services.activities.model import (
    ActivityDetail,
    ActivityError,
    ActivityFilter,
    ActivitySummary,
    Designation,
    Support,
)
from cme_desktop.services.context import Context
from cme_desktop.services.office.settings import office_zone
from cme_desktop.store.activities import Activity, ActivitySession


def list_activities(ctx: Context, where: ActivityFilter | None = None) -> list[ActivitySummary]:
    """Activities matching the filter, the newest series first (those without sessions yet on top)."""
    where = where or ActivityFilter()
    zone = office_zone(ctx)
    scheduled = ActivitySession.status == SessionStatus.SCHEDULED
    stats = (
        select(
            ActivitySession.activity_id.label("activity_id"),
            func.count().label("n"),
            func.min(ActivitySession.starts_at).label("first"),
            func.max(ActivitySession.starts_at).label("last"),
        )
        .where(scheduled)
        .group_by(ActivitySession.activity_id)
        .subquery()
    )
    query = (
        select(Activity, stats.c.n, stats.c.first, stats.c.last)
        .outerjoin(stats, stats.c.activity_id == Activity.id)
        .options(selectinload(Activity.designations))
        .where(*_conditions(where, zone))
    )
    with ctx.db.transaction() as session:
        rows = [
            ActivitySummary(
                id=a.id,
                title=a.title,
                format=a.format,
                status=a.status,
                providership=a.providership,
                department=a.department,
                director=a.director,
                delivery=a.delivery,
                session_count=int(n or 0),
                first_date=first.astimezone(zone).date() if first else None,
                last_date=last.astimezone(zone).date() if last else None,
                designations=_designations(a),
                version=a.version,
            )
            for a, n, first, last in session.execute(query)
        ]
    return sorted(rows, key=lambda r: (r.first_date is None, r.first_date or date.min, r.id), reverse=True)


def get_activity(ctx: Context, activity_id: int) -> ActivityDetail:
    """One activity with its designations, commercial support and sessions (oldest first, cancelled included)."""
    with ctx.db.transaction() as session:
        return detail(session, activity_id)


def departments(ctx: Context) -> list[str]:
    """Departments named on activities, for the filter's drop-down."""
    query = select(Activity.department).where(Activity.department.is_not(None)).distinct()
    with ctx.db.transaction() as session:
        return sorted(d for d in session.scalars(query) if d)


def load_activity(session: Session, activity_id: int) -> Activity:
    """The activity row, or a sentence saying it is gone."""
    activity = session.get(Activity, activity_id)
    if activity is None:
        raise ActivityError(f"There is no activity number {activity_id}; it may have been removed.")
    return activity


def detail(session: Session, activity_id: int) -> ActivityDetail:
    """The ActivityDetail of an activity, inside the caller's transaction."""
    a = load_activity(session, activity_id)
    return ActivityDetail(
        id=a.id,
        title=a.title,
        format=a.format,
        status=a.status,
        providership=a.providership,
        joint_provider=a.joint_provider,
        department=a.department,
        director=a.director,
        venue=a.venue,
        city=a.city,
        state=a.state,
        country=a.country,
        delivery=a.delivery,
        description=a.description,
        code_opens_minutes_before=a.code_opens_minutes_before,
        code_closes_days_after=a.code_closes_days_after,
        designations=_designations(a),
        support=tuple(
            Support(s.source, s.in_kind, s.amount_cents) for s in sorted(a.support, key=lambda s: s.id)
        ),
        sessions=tuple(summaries(session, ActivitySession.activity_id == a.id)),
        created_at=a.created_at,
        updated_at=a.updated_at,
        updated_by=a.updated_by,
        version=a.version,
    )


def _designations(activity: Activity) -> tuple[Designation, ...]:
    order = {str(credit_type): index for index, credit_type in enumerate(_CREDIT_ORDER)}
    return tuple(
        Designation(d.credit_type, d.max_quarters, d.uan, d.per_session, d.designated_at)
        for d in sorted(activity.designations, key=lambda d: order.get(d.credit_type, len(order)))
    )


def _conditions(where: ActivityFilter, zone: ZoneInfo) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if where.text.strip():
        pattern = "%" + where.text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        conditions.append(
            or_(
                *(
                    column.ilike(pattern, escape="\\")
                    for column in (
                        Activity.title,
                        Activity.department,
                        Activity.director,
                        Activity.joint_provider,
                    )
                )
            )
        )
    if where.format:
        conditions.append(Activity.format == ActivityFormat(where.format))
    if where.department:
        conditions.append(Activity.department == where.department)
    if where.status:
        conditions.append(Activity.status == ActivityStatus(where.status))
    elif not where.include_archived:
        conditions.append(Activity.status != ActivityStatus.ARCHIVED)
    if where.first or where.last:
        start = day_bounds(where.first, zone)[0] if where.first else None
        end = day_bounds(where.last, zone)[1] if where.last else None
        in_range = select(ActivitySession.activity_id).where(
            ActivitySession.status == SessionStatus.SCHEDULED
        )
        if start is not None:
            in_range = in_range.where(ActivitySession.starts_at >= start)
        if end is not None:
            in_range = in_range.where(ActivitySession.starts_at < end)
        conditions.append(Activity.id.in_(in_range))
    return conditions


_CREDIT_ORDER = tuple(CreditType)
