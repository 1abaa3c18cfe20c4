"""PARS activity data for a year (DOMAIN.md, "Reporting"). An RSS is reported as one activity per series per
year, its credits and learners summed over the year's sessions, learners counted once per session attended
(DOMAIN.md, "Words")."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from cme_desktop.domain.credits import format_credits
from cme_desktop.domain.vocabulary import (
    ActivityFormat,
    CreditType,
    Delivery,
    Profession,
    Providership,
    SessionStatus,
)
from cme_desktop.services.context import Context
from cme_desktop.services.office.settings import office_zone
from cme_desktop.services.reporting.report import (
    Report,
    ReportKind,
    and_list,
    chunks,
    day_instants,
    label,
)
from cme_desktop.store.activities import Activity, ActivitySession, CommercialSupport, CreditDesignation
from cme_desktop.store.attendance import AttendanceClaim
from cme_desktop.store.people import Person

PARS_COLUMNS = (
    "Activity ID",
    "Activity title",
    "Activity type",
    "Start date",
    "End date",
    "Delivery method",
    "City",
    "State",
    "Country",
    "AMA PRA Category 1 Credits",
    "Providership",
    "Joint provider",
    "Commercial support",
    "Commercial support sources",
    "Description",
    "Physician learners",
    "Other learners",
)


def pars_report(ctx: Context, year: int) -> Report:
    """One row per activity with sessions held in `year` (office days), as PARS asks for them.

    Only sessions that have started count: for the year under way the report is the year so far.
    """
    zone = office_zone(ctx)
    since, year_end = day_instants(date(year, 1, 1), date(year, 12, 31), zone)
    now = ctx.clock()
    until = min(year_end, now)
    with ctx.db.transaction() as session:
        held = session.execute(
            select(ActivitySession)
            .where(
                ActivitySession.starts_at >= since,
                ActivitySession.starts_at < until,
                ActivitySession.status != str(SessionStatus.CANCELLED),
            )
            .order_by(ActivitySession.starts_at)
        ).scalars()
        by_activity: dict[int, list[ActivitySession]] = defaultdict(list)
        for row in held:
            by_activity[row.activity_id].append(row)
        activities = {
            a.id: a for a in session.scalars(select(Activity).where(Activity.id.in_(list(by_activity))))
        }
        designated = _designations(session, list(by_activity))
        support = _support(session, list(by_activity))
        learners = _learner_counts(session, [row.id for rows in by_activity.values() for row in rows])
        rows: list[tuple[str, ...]] = []
        notes: list[str] = []
        for activity_id in sorted(by_activity, key=lambda i: (activities[i].title.lower(), i)):
            activity, sessions = activities[activity_id], by_activity[activity_id]
            first, last = (s.starts_at.astimezone(zone).date() for s in (sessions[0], sessions[-1]))
            ama = CreditType.AMA_PRA_1 in designated.get(activity_id, set())
            physicians = sum(learners.get(s.id, (0, 0))[0] for s in sessions)
            others = sum(learners.get(s.id, (0, 0))[1] for s in sessions)
            sources = support.get(activity_id, [])
            rows.append(
                (
                    str(activity.id),
                    activity.title,
                    label(ActivityFormat, activity.format),
                    first.isoformat(),
                    last.isoformat(),
                    _DELIVERY.get(activity.delivery, activity.delivery),
                    activity.city or "",
                    activity.state or "",
                    activity.country or "",
                    format_credits(sum(s.credit_quarters for s in sessions)) if ama else "",
                    "Joint" if activity.providership == Providership.JOINT else "Direct",
                    activity.joint_provider or "",
                    "Yes" if sources else "No",
                    "; ".join(_describe_support(s) for s in sources),
                    " ".join((activity.description or "").split()),
                    str(physicians),
                    str(others),
                )
            )
            notes.extend(_missing(activity))
    if not rows:
        notes.insert(0, f"No sessions were held in {year}.")
    if now < year_end:
        notes.insert(0, f"{year} is not over: this is the year so far; later sessions are not counted.")
    notes.append(
        "PARS also asks for each activity's outcome measures and its CME Passport listing, "
        "which CME Desk does not record: add them in PARS."
    )
    return Report(ReportKind.PARS, f"PARS activity data, {year}", PARS_COLUMNS, tuple(rows), tuple(notes))


_DELIVERY: dict[str, str] = {
    Delivery.IN_PERSON: "Live (in person)",
    Delivery.VIRTUAL: "Live (online)",
    Delivery.HYBRID: "Hybrid",
}


def _missing(activity: Activity) -> list[str]:
    gaps = []
    if activity.delivery != Delivery.VIRTUAL and not (activity.city and activity.state):
        gaps.append("the city and state where it was held")
    if activity.providership == Providership.JOINT and not activity.joint_provider:
        gaps.append("the joint provider's name")
    if not (activity.description or "").strip():
        gaps.append("a description")
    if not gaps:
        return []
    return [f"{activity.title} (activity {activity.id}) lacks {and_list(gaps)}; PARS needs it."]


def _describe_support(support: CommercialSupport) -> str:
    kind = "in-kind" if support.in_kind else "monetary"
    amount = f" ${support.amount_cents / 100:,.2f}" if support.amount_cents is not None else ""
    return f"{support.source}: {kind}{amount}"


def _learner_counts(session: Session, session_ids: list[int]) -> dict[int, tuple[int, int]]:
    """Per session: (physicians, other learners), each active claim counted once."""
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for chunk in chunks(session_ids):
        for session_id, profession in session.execute(
            select(AttendanceClaim.session_id, Person.profession)
            .join(Person, Person.id == AttendanceClaim.person_id)
            .where(AttendanceClaim.session_id.in_(chunk), AttendanceClaim.revoked_at.is_(None))
        ):
            counts[session_id][0 if profession == Profession.PHYSICIAN else 1] += 1
    return {key: (value[0], value[1]) for key, value in counts.items()}


def _designations(session: Session, activity_ids: list[int]) -> dict[int, set[str]]:
    found: dict[int, set[str]] = defaultdict(set)
    for activity_id, credit_type in session.execute(
        select(CreditDesignation.activity_id, CreditDesignation.credit_type).where(
            CreditDesignation.activity_id.in_(activity_ids)
        )
    ):
        found[activity_id].add(credit_type)
    return found


def _support(session: Session, activity_ids: list[int]) -> dict[int, list[CommercialSupport]]:
    found: dict[int, list[CommercialSupport]] = defaultdict(list)
    for support in session.scalars(
        select(CommercialSupport)
        .where(CommercialSupport.activity_id.in_(activity_ids))
        .order_by(CommercialSupport.id)
    ):
        found[support.activity_id].append(support)
    return found
