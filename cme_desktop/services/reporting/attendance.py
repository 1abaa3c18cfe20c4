"""The office's attendance report: every claim for the sessions held in a period, as a CSV."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from cme_desktop.domain.credits import format_credits
from cme_desktop.domain.vocabulary import (
    CreditType,
    Profession,
)
from cme_desktop.services.context import Context
from cme_desktop.services.reporting.report import (
    Report,
    ReportKind,
    label,
    period_instants,
    period_text,
    primary_emails,
)
from cme_desktop.store.activities import Activity, ActivitySession
from cme_desktop.store.attendance import AttendanceClaim
from cme_desktop.store.people import Person

ATTENDANCE_COLUMNS = (
    "Session date",
    "Start time",
    "Activity",
    "Topic",
    "Last name",
    "First name",
    "Degree",
    "Profession",
    "Email",
    "NPI",
    "Channel",
    "Credit type",
    "Credits",
    "Claimed at",
    "Status",
)


def attendance_report(
    ctx: Context,
    start: date,
    end: date,
    activity_id: int | None = None,
    include_revoked: bool = False,
) -> Report:
    """Every claim for the sessions held from `start` to `end` (office days), one row per learner and session."""
    zone, since, until = period_instants(ctx, start, end)
    query = (
        select(AttendanceClaim, ActivitySession, Activity.title, Person)
        .join(ActivitySession, ActivitySession.id == AttendanceClaim.session_id)
        .join(Activity, Activity.id == ActivitySession.activity_id)
        .join(Person, Person.id == AttendanceClaim.person_id)
        .where(ActivitySession.starts_at >= since, ActivitySession.starts_at < until)
        .order_by(ActivitySession.starts_at, Person.last_name, Person.first_name, AttendanceClaim.id)
    )
    if activity_id is not None:
        query = query.where(ActivitySession.activity_id == activity_id)
    if not include_revoked:
        query = query.where(AttendanceClaim.revoked_at.is_(None))
    with ctx.db.transaction() as session:
        found = session.execute(query).all()
        emails = primary_emails(session, {person.id for _, _, _, person in found})
        revoked = 0
        rows = []
        for claim, row, title, person in found:
            starts = row.starts_at.astimezone(zone)
            if claim.revoked_at is not None:
                revoked += 1
            rows.append(
                (
                    starts.date().isoformat(),
                    starts.strftime("%H:%M"),
                    title,
                    row.topic or "",
                    person.last_name,
                    person.first_name,
                    person.degree or "",
                    label(Profession, person.profession),
                    emails.get(person.id, ""),
                    person.npi or "",
                    claim.channel,
                    label(CreditType, claim.credit_type),
                    format_credits(claim.credit_quarters),
                    claim.claimed_at.astimezone(zone).isoformat(timespec="seconds"),
                    f"revoked: {claim.revoked_reason or ''}" if claim.revoked_at is not None else "active",
                )
            )
    notes = []
    if not rows:
        notes.append("No attendance was recorded for sessions in this period.")
    if include_revoked and revoked:
        notes.append(f"{revoked} revoked claim{'s are' if revoked != 1 else ' is'} included and marked.")
    return Report(
        ReportKind.ATTENDANCE,
        f"Attendance, {period_text(start, end)}",
        ATTENDANCE_COLUMNS,
        tuple(rows),
        tuple(notes),
    )
