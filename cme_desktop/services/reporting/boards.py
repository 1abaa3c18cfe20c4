"""Completions for the boards: MOC (certifying boards) and state licensing boards (DOMAIN.md, "Reporting")."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import select

from cme_desktop.domain.credits import format_credits
from cme_desktop.domain.vocabulary import (
    CreditType,
)
from cme_desktop.errors import InputError
from cme_desktop.services.context import Context
from cme_desktop.services.reporting.report import (
    Report,
    ReportKind,
    active_claims,
    chunks,
    label,
    names_list,
    period_instants,
    period_text,
)
from cme_desktop.store.activities import ActivitySession
from cme_desktop.store.attendance import AttendanceClaim
from cme_desktop.store.people import BoardId, Person, StateLicense

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
    zone, since, until = period_instants(ctx, start, end)
    wanted = (board or "").strip().upper() or None
    with ctx.db.transaction() as session:
        found = session.execute(
            active_claims(since, until)
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
            f"Left out, no permission to report to their board on file: {names_list(no_permission)}. "
            "Tick the MOC box on their profile once they agree."
        )
    if no_birthday:
        notes.append(
            f"Left out, birth month and day missing (boards match on them): {names_list(no_birthday)}."
        )
    today = ctx.clock().astimezone(zone).date()
    if oldest is not None and today - oldest > MOC_REPORT_WITHIN:
        notes.append(
            f"Some completions are more than {MOC_REPORT_WITHIN.days} days old (from {oldest:%B} {oldest.day}): "
            "boards expect them within 30 days."
        )
    title = f"MOC completions{f' for {wanted}' if wanted else ''}, {period_text(start, end)}"
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
        raise InputError(f"'{state}' is not a state: use its two-letter code, e.g. SC.")
    zone, since, until = period_instants(ctx, start, end)
    with ctx.db.transaction() as session:
        found = session.execute(
            active_claims(since, until).order_by(
                Person.last_name, Person.first_name, ActivitySession.starts_at
            )
        ).all()
        licenses: dict[int, list[StateLicense]] = defaultdict(list)
        for chunk in chunks(sorted({person.id for _, _, _, person in found})):
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
                        label(CreditType, claim.credit_type),
                        format_credits(claim.credit_quarters),
                    )
                )
    rows.sort(key=lambda row: (row[0] == "", row[0], row[4].lower(), row[3].lower(), row[6]))
    notes = []
    if not rows:
        where = f"a license in {wanted}" if wanted else "a license or an NPI"
        notes.append(f"No learner with {where} has credit in this period.")
    if unidentified:
        notes.append(f"Left out, no license or NPI on file: {names_list(unidentified)}.")
    title = f"State board completions{f' for {wanted}' if wanted else ''}, {period_text(start, end)}"
    return Report(ReportKind.STATE, title, STATE_COLUMNS, tuple(rows), tuple(notes))
