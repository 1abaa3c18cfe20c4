"""Reports for the office, ACCME and the boards: attendance, PARS data for a year, MOC and state board completions.

A report is a table of text cells with notes for the coordinator (what is left out, what PARS still needs that
CME Desk does not record). Attendance is a CSV; PARS takes a tab-delimited file for its batch upload (DOMAIN.md,
"Reporting"). Days are the office's days: a session belongs to the date it starts on in the office's time zone.
An RSS is reported as one activity per series per year, its credits and learners summed over the year's sessions,
learners counted once per session attended (DOMAIN.md, "Words").
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Select, select
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
from cme_desktop.store.activities import Activity, ActivitySession, CommercialSupport, CreditDesignation
from cme_desktop.store.attendance import AttendanceClaim
from cme_desktop.store.people import BoardId, Person, PersonEmail, StateLicense


class ReportKind(StrEnum):
    ATTENDANCE = "attendance"
    PARS = "pars"
    MOC = "moc"
    STATE = "state"

    @property
    def label(self) -> str:
        return {
            ReportKind.ATTENDANCE: "Attendance",
            ReportKind.PARS: "PARS activity data (ACCME)",
            ReportKind.MOC: "MOC completions (boards)",
            ReportKind.STATE: "State licensing boards",
        }[self]


@dataclass(frozen=True)
class Report:
    kind: ReportKind
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    # Sentences for the coordinator: what was left out, what the file still lacks.
    notes: tuple[str, ...] = ()

    @property
    def delimiter(self) -> str:
        return "\t" if self.kind == ReportKind.PARS else ","

    @property
    def suffix(self) -> str:
        return ".txt" if self.kind == ReportKind.PARS else ".csv"

    def text(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, delimiter=self.delimiter, lineterminator="\r\n")
        writer.writerow(self.columns)
        writer.writerows(self.rows)
        return out.getvalue()


def write_report(report: Report, path: Path) -> Path:
    """Write the report (UTF-8 with a byte-order mark, so Excel reads accents), never leaving half a file."""
    path = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.stem[:40]}.", suffix=".partial", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8-sig", newline="") as out:
            out.write(report.text())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


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
    zone, since, until = _period_instants(ctx, start, end)
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
        emails = _primary_emails(session, {person.id for _, _, _, person in found})
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
                    _label(Profession, person.profession),
                    emails.get(person.id, ""),
                    person.npi or "",
                    claim.channel,
                    _label(CreditType, claim.credit_type),
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
        f"Attendance, {_period(start, end)}",
        ATTENDANCE_COLUMNS,
        tuple(rows),
        tuple(notes),
    )


MOC_COLUMNS = (
    "Board",
    "Board ID",
    "First name",
    "Last name",
    "Birth MMDD",
    "Completion date",
    "Activity",
    "Credit type",
    "Credits",
)
# Boards expect a completion reported within this many days (DOMAIN.md, "Reporting").
MOC_REPORT_WITHIN = timedelta(days=30)


def moc_report(ctx: Context, start: date, end: date, board: str | None = None) -> Report:
    """Learners' completed AMA PRA Category 1 credit for their certifying boards, sessions `start` to `end`.

    One row per active claim and board ID (DOMAIN.md: board ID, first and last name, birth month and day,
    completion date, credit type and amount). Only learners who gave their permission and whose birth month and
    day are known are listed; the notes name the others, so the office can ask them.
    """
    zone, since, until = _period_instants(ctx, start, end)
    wanted = (board or "").strip().upper() or None
    with ctx.db.transaction() as session:
        found = session.execute(
            _active_claims(since, until)
            .add_columns(BoardId)
            .join(BoardId, BoardId.person_id == Person.id)
            .where(AttendanceClaim.credit_type == str(CreditType.AMA_PRA_1))
            .order_by(BoardId.board, Person.last_name, Person.first_name, ActivitySession.starts_at)
        ).all()
        rows: list[tuple[str, ...]] = []
        no_permission: dict[int, str] = {}
        no_birthday: dict[int, str] = {}
        oldest: date | None = None
        for claim, starts_at, title, person, board_id in found:
            if wanted and board_id.board.upper() != wanted:
                continue
            name = f"{person.first_name} {person.last_name}"
            if not person.moc_permission:
                no_permission[person.id] = name
                continue
            if not (person.birth_month and person.birth_day):
                no_birthday[person.id] = name
                continue
            completed = starts_at.astimezone(zone).date()
            oldest = completed if oldest is None else min(oldest, completed)
            rows.append(
                (
                    board_id.board.upper(),
                    board_id.board_id,
                    person.first_name,
                    person.last_name,
                    f"{person.birth_month:02d}{person.birth_day:02d}",
                    completed.isoformat(),
                    title,
                    CreditType.AMA_PRA_1.label,
                    format_credits(claim.credit_quarters),
                )
            )
    notes = []
    if not rows:
        notes.append("No learner with a board ID and permission to report claimed AMA credit in this period.")
    if no_permission:
        notes.append(
            f"Left out, no permission to report to their board on file: {_names(no_permission)}. "
            "Tick the MOC box on their profile once they agree."
        )
    if no_birthday:
        notes.append(f"Left out, birth month and day missing (boards match on them): {_names(no_birthday)}.")
    today = ctx.clock().astimezone(zone).date()
    if oldest is not None and today - oldest > MOC_REPORT_WITHIN:
        notes.append(
            f"Some completions are more than {MOC_REPORT_WITHIN.days} days old (from {oldest:%B} {oldest.day}): "
            "boards expect them within 30 days."
        )
    title = f"MOC completions{f' for {wanted}' if wanted else ''}, {_period(start, end)}"
    return Report(ReportKind.MOC, title, MOC_COLUMNS, tuple(rows), tuple(notes))


STATE_COLUMNS = (
    "State",
    "License number",
    "NPI",
    "First name",
    "Last name",
    "Birth MMDD",
    "Completion date",
    "Activity",
    "Credit type",
    "Credits",
)


def state_board_report(ctx: Context, start: date, end: date, state: str | None = None) -> Report:
    """Learners' completed credit for state licensing boards, sessions `start` to `end` (office days).

    DOMAIN.md: first and last name, birth month and day, state of licensure and license ID, or NPI. One row per
    active claim and license; with `state`, only licenses of that state. Learners with no license but an NPI get
    a row without a state (all states only); the notes name those with neither.
    """
    wanted = (state or "").strip().upper() or None
    if wanted and not (len(wanted) == 2 and wanted.isalpha()):
        raise ValueError(f"'{state}' is not a state: use its two-letter code, e.g. SC.")
    zone, since, until = _period_instants(ctx, start, end)
    with ctx.db.transaction() as session:
        found = session.execute(
            _active_claims(since, until).order_by(
                Person.last_name, Person.first_name, ActivitySession.starts_at
            )
        ).all()
        licenses: dict[int, list[StateLicense]] = defaultdict(list)
        for chunk in _chunks(sorted({person.id for _, _, _, person in found})):
            for license in session.scalars(
                select(StateLicense).where(StateLicense.person_id.in_(chunk)).order_by(StateLicense.state)
            ):
                licenses[license.person_id].append(license)
        rows: list[tuple[str, ...]] = []
        unidentified: dict[int, str] = {}
        for claim, starts_at, title, person in found:
            held = [lic for lic in licenses[person.id] if wanted is None or lic.state.upper() == wanted]
            if not held and (wanted or not person.npi):
                if not licenses[person.id] and not person.npi:
                    unidentified[person.id] = f"{person.first_name} {person.last_name}"
                continue
            birth = (
                f"{person.birth_month:02d}{person.birth_day:02d}"
                if person.birth_month and person.birth_day
                else ""
            )
            completed = starts_at.astimezone(zone).date().isoformat()
            each: list[StateLicense | None] = [*held] or [None]  # no license: the NPI alone
            for held_license in each:
                rows.append(
                    (
                        held_license.state.upper() if held_license else "",
                        held_license.license_number if held_license else "",
                        person.npi or "",
                        person.first_name,
                        person.last_name,
                        birth,
                        completed,
                        title,
                        _label(CreditType, claim.credit_type),
                        format_credits(claim.credit_quarters),
                    )
                )
    rows.sort(key=lambda row: (row[0] == "", row[0], row[4].lower(), row[3].lower(), row[6]))
    notes = []
    if not rows:
        where = f"a license in {wanted}" if wanted else "a license or an NPI"
        notes.append(f"No learner with {where} has credit in this period.")
    if unidentified:
        notes.append(f"Left out, no license or NPI on file: {_names(unidentified)}.")
    title = f"State board completions{f' for {wanted}' if wanted else ''}, {_period(start, end)}"
    return Report(ReportKind.STATE, title, STATE_COLUMNS, tuple(rows), tuple(notes))


def _active_claims(since: datetime, until: datetime) -> Select[AttendanceClaim, datetime, str, Person]:
    """Active claims for sessions starting in [since, until): the claim, session start, activity title, person."""
    return (
        select(AttendanceClaim, ActivitySession.starts_at, Activity.title, Person)
        .join(ActivitySession, ActivitySession.id == AttendanceClaim.session_id)
        .join(Activity, Activity.id == ActivitySession.activity_id)
        .join(Person, Person.id == AttendanceClaim.person_id)
        .where(
            ActivitySession.starts_at >= since,
            ActivitySession.starts_at < until,
            AttendanceClaim.revoked_at.is_(None),
        )
    )


def _names(people: dict[int, str], shown: int = 10) -> str:
    names = sorted(people.values(), key=lambda n: (n.split()[-1].lower(), n.lower()))
    more = len(names) - shown
    return ", ".join(names[:shown]) + (f" and {more} more" if more > 0 else "")


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
    zone = ctx.office_zone()
    since, year_end = _instants(date(year, 1, 1), date(year, 12, 31), zone)
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
                    _label(ActivityFormat, activity.format),
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
    return [f"{activity.title} (activity {activity.id}) lacks {_and(gaps)}; PARS needs it."]


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _describe_support(support: CommercialSupport) -> str:
    kind = "in-kind" if support.in_kind else "monetary"
    amount = f" ${support.amount_cents / 100:,.2f}" if support.amount_cents is not None else ""
    return f"{support.source}: {kind}{amount}"


def _learner_counts(session: Session, session_ids: list[int]) -> dict[int, tuple[int, int]]:
    """Per session: (physicians, other learners), each active claim counted once."""
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for chunk in _chunks(session_ids):
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


def _primary_emails(session: Session, person_ids: set[int]) -> dict[int, str]:
    emails: dict[int, str] = {}
    for chunk in _chunks(sorted(person_ids)):
        for person_id, address in session.execute(
            select(PersonEmail.person_id, PersonEmail.address)
            .where(PersonEmail.person_id.in_(chunk))
            .order_by(PersonEmail.is_primary.desc(), PersonEmail.id)
        ):
            emails.setdefault(person_id, address)  # the primary address comes first
    return emails


def _chunks(ids: list[int], size: int = 900) -> list[list[int]]:
    """IN lists short enough for SQLite's limit on bound parameters."""
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def _period_instants(ctx: Context, start: date, end: date) -> tuple[ZoneInfo, datetime, datetime]:
    """The office's zone and the UTC instants of the office days `start` to `end`; a backwards period is refused."""
    if end < start:
        raise ValueError("The period ends before it starts: pick an end date on or after the start date.")
    zone = ctx.office_zone()
    return (zone, *_instants(start, end, zone))


def _instants(start: date, end: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The UTC instants from the start of `start` to the start of the day after `end`, in `zone`."""
    since = datetime.combine(start, time(), zone).astimezone(UTC)
    until = datetime.combine(end + timedelta(days=1), time(), zone).astimezone(UTC)
    return since, until


def _period(start: date, end: date) -> str:
    if start == end:
        return f"{start:%B} {start.day}, {start.year}"
    if start.year == end.year:
        return f"{start:%B} {start.day} to {end:%B} {end.day}, {end.year}"
    return f"{start:%B} {start.day}, {start.year} to {end:%B} {end.day}, {end.year}"


def _label(enum: type[StrEnum], value: str) -> str:
    try:
        member = enum(value)
    except ValueError:
        return value
    label = getattr(member, "label", None)
    return str(label) if label else value.replace("_", " ").capitalize()
