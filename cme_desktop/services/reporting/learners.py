"""Learner completions for ACCME's PARS learner upload: MOC for the certifying boards, CME for the state
licensing boards, in one tab-delimited layout (docs/pars.md, "Learner upload").

PARS passes MOC completions to the boards an activity is registered with, and CME completions to the state
medical boards that take them: board ID or license, first and last name, birth month and day, completion date,
the board's credit types and points or the CME credit (DOMAIN.md, "Reporting"). Boards expect a completion
within 30 days; the notes say who was left out and why, so the office can ask them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from cme_desktop.domain.credits import format_credits
from cme_desktop.domain.pars import BOARDS, board_named
from cme_desktop.errors import InputError
from cme_desktop.services.activities.reporting_fields import reporting_details
from cme_desktop.services.context import Context
from cme_desktop.services.reporting.completions import (
    ActivityFacts,
    Completion,
    activity_facts,
    ama_credit,
    completions,
)
from cme_desktop.services.reporting.report import (
    Report,
    ReportKind,
    and_list,
    chunks,
    names_list,
    period_instants,
    period_text,
)
from cme_desktop.store.people import BoardId, Person, StateLicense

# ACCME's learner layout (tab-delimited, one completion per line, no header row): docs/pars.md.
LEARNER_COLUMNS = (
    "ACCME activity ID",
    "Provider activity ID",
    "First name",
    "Last name",
    "Birth month/day",
    "Completion date",
    "Board",
    "Board ID",
    "MOC credit types",
    "MOC points",
    "License state",
    "License ID",
    "NPI",
    "AMA PRA Category 1 Credits",
)
# Boards expect a completion reported within this many days (DOMAIN.md, "Reporting").
REPORT_WITHIN = timedelta(days=30)


@dataclass(frozen=True)
class _Learner:
    id: int
    first: str
    last: str
    birth: str  # MMDD, "" when unknown
    npi: str | None
    moc_permission: bool

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


def learner_report(ctx: Context, start: date, end: date, board: str | None = None) -> Report:
    """MOC completions from `start` to `end` (office days) for the boards each activity is registered with."""
    chosen = board_named(board) if board and board.strip() else None
    if board and board.strip() and chosen is None:
        raise InputError(
            f"'{board}' is not a board that takes MOC through PARS; use one of {', '.join(BOARDS)}."
        )
    zone, _, _ = period_instants(ctx, start, end)
    now = ctx.clock()
    today = now.astimezone(zone).date()
    registered = {
        activity_id: detail
        for activity_id, detail in reporting_details(ctx).items()
        if any(chosen is None or m.board == chosen.code for m in detail.moc)
    }
    rows: list[tuple[str, ...]] = []
    no_permission: dict[int, str] = {}
    no_birthday: dict[int, str] = {}
    no_board_id: dict[str, dict[int, str]] = defaultdict(dict)
    late: dict[int, str] = {}
    waiting: dict[str, set[tuple[int, int]]] = defaultdict(set)
    must_pass: list[str] = []
    no_pars_id: list[str] = []
    with ctx.db.transaction() as session:
        facts = activity_facts(session, list(registered))
        credit = ama_credit(session, list(registered), zone)
        learners = _learners(session, {person for _, person in credit})
        board_ids = _board_ids(session, set(learners))
        for code in BOARDS:
            if chosen is not None and code != chosen.code:
                continue
            board_credit = {
                key: days
                for key, days in credit.items()
                if any(m.board == code for m in registered[key[0]].moc)
            }
            done, pending = completions(board_credit, facts, now, zone, BOARDS[code].longitudinal_once)
            for w in pending:
                if _reportable(learners[w.person_id], board_ids, code):
                    waiting[code].add((w.activity_id, w.person_id))
            for c in done:
                if not start <= c.completed <= end:
                    continue
                person = learners[c.person_id]
                number = board_ids.get((person.id, code.upper()))
                if number is None:
                    no_board_id[code][person.id] = person.name
                    continue
                if not person.moc_permission:
                    no_permission[person.id] = person.name
                    continue
                if not person.birth:
                    no_birthday[person.id] = person.name
                    continue
                reg = next(m for m in registered[c.activity_id].moc if m.board == code)
                if today - c.completed > REPORT_WITHIN:
                    late[person.id] = f"{person.name} ({c.completed:%b} {c.completed.day})"
                rows.append(
                    _row(
                        registered[c.activity_id].pars_activity_id,
                        c,
                        person,
                        board=code,
                        board_id=number,
                        credit_types="; ".join(reg.credit_types),
                        points=format_credits(min(c.quarters, reg.points_quarters)),
                    )
                )
    reported = {int(r[1]) for r in rows}
    for activity_id in sorted(reported, key=lambda a: (facts[a].title.lower(), a)):
        detail = registered[activity_id]
        if any(m.requires_passing for m in detail.moc if chosen is None or m.board == chosen.code):
            must_pass.append(facts[activity_id].title)
        if not detail.pars_activity_id:
            no_pars_id.append(facts[activity_id].title)
    rows.sort(key=lambda r: (r[6], r[5][6:] + r[5][:5], r[3].lower(), r[2].lower()))
    notes = _notes(rows, no_permission, no_birthday, no_board_id, late, waiting, facts, must_pass, no_pars_id)
    title = f"MOC learner completions{f' for {chosen.code}' if chosen else ''}, {period_text(start, end)}"
    return Report(ReportKind.LEARNERS, title, LEARNER_COLUMNS, tuple(rows), tuple(notes))


def state_board_report(ctx: Context, start: date, end: date, state: str | None = None) -> Report:
    """CME completions from `start` to `end` for the state licensing boards: each license (or the NPI alone
    when there is none), in the same learner layout as MOC."""
    wanted = (state or "").strip().upper() or None
    if wanted and not (len(wanted) == 2 and wanted.isalpha()):
        raise InputError(f"'{state}' is not a state: use its two-letter code, e.g. SC.")
    zone, _, _ = period_instants(ctx, start, end)
    now = ctx.clock()
    rows: list[tuple[str, ...]] = []
    unidentified: dict[int, str] = {}
    waiting = 0
    with ctx.db.transaction() as session:
        credit = ama_credit(session, None, zone)
        facts = activity_facts(session, [a for a, _ in credit])
        done, pending = completions(credit, facts, now, zone, once_per_series=False)
        waiting = len(pending)
        in_period = [c for c in done if start <= c.completed <= end]
        learners = _learners(session, {c.person_id for c in in_period})
        licenses = _licenses(session, set(learners))
    details = reporting_details(ctx, sorted({c.activity_id for c in in_period}))
    for c in in_period:
        person = learners[c.person_id]
        held = [lic for lic in licenses.get(person.id, []) if wanted is None or lic[0] == wanted]
        if not held and (wanted or not person.npi):
            if not licenses.get(person.id) and not person.npi:
                unidentified[person.id] = person.name
            continue
        pars_id = details[c.activity_id].pars_activity_id if c.activity_id in details else None
        for license_state, number in held or [("", "")]:
            rows.append(_row(pars_id, c, person, license_state=license_state, license_id=number))
    rows.sort(key=lambda r: (r[10] == "", r[10], r[3].lower(), r[2].lower(), r[5][6:] + r[5][:5]))
    notes = []
    if not rows:
        where = f"a license in {wanted}" if wanted else "a license or an NPI"
        notes.append(f"No learner with {where} completed AMA PRA Category 1 Credit in this period.")
    if unidentified:
        notes.append(f"Left out, no license or NPI on file: {names_list(unidentified)}.")
    if waiting:
        notes.append(
            f"{waiting} learner{'s' if waiting != 1 else ''}' credit in courses still under way will be reported "
            "once those courses end."
        )
    notes.append(
        "State boards get physicians' AMA PRA Category 1 Credit through PARS; other professions' credit is not in this file."
    )
    title = f"State board completions{f' for {wanted}' if wanted else ''}, {period_text(start, end)}"
    return Report(ReportKind.STATE, title, LEARNER_COLUMNS, tuple(rows), tuple(notes))


def _row(
    pars_id: str | None,
    c: Completion,
    person: _Learner,
    board: str = "",
    board_id: str = "",
    credit_types: str = "",
    points: str = "",
    license_state: str = "",
    license_id: str = "",
) -> tuple[str, ...]:
    return (
        pars_id or "",
        str(c.activity_id),
        person.first,
        person.last,
        person.birth,
        f"{c.completed:%m/%d/%Y}",
        board,
        board_id,
        credit_types,
        points,
        license_state,
        license_id,
        (person.npi or "") if not board else "",  # the NPI identifies a learner to a state board
        format_credits(c.quarters),
    )


def _reportable(person: _Learner, board_ids: dict[tuple[int, str], str], code: str) -> bool:
    return (person.id, code.upper()) in board_ids and person.moc_permission and bool(person.birth)


def _notes(
    rows: list[tuple[str, ...]],
    no_permission: dict[int, str],
    no_birthday: dict[int, str],
    no_board_id: dict[str, dict[int, str]],
    late: dict[int, str],
    waiting: dict[str, set[tuple[int, int]]],
    facts: dict[int, ActivityFacts],
    must_pass: list[str],
    no_pars_id: list[str],
) -> list[str]:
    notes: list[str] = []
    if not rows:
        notes.append(
            "No completion in this period to report: no learner with permission and a board ID completed an activity registered for MOC with that board."
        )
    if no_permission:
        notes.append(
            f"Left out, no permission to report to their board on file: {names_list(no_permission)}. "
            "Tick the MOC box on their profile once they agree."
        )
    if no_birthday:
        notes.append(
            f"Left out, birth month and day missing (boards match on them): {names_list(no_birthday)}."
        )
    for code, people in sorted(no_board_id.items()):
        notes.append(
            f"Left out, no {code} ID on file: {names_list(people)}. Add it to their profile if they are {code} diplomates."
        )
    if late:
        notes.append(
            f"More than {REPORT_WITHIN.days} days old (boards expect completions within {REPORT_WITHIN.days} days): "
            f"{names_list(late)}."
        )
    for code, pairs in sorted(waiting.items()):
        ends = sorted({e.date() for a, _ in pairs if (e := facts[a].ends_at) is not None})
        titles = sorted({facts[a].title for a, _ in pairs})
        once = " (it takes a series once per learner)" if BOARDS[code].longitudinal_once else ""
        notes.append(
            f"{len(pairs)} {code} completion{'s' if len(pairs) != 1 else ''} of {and_list(titles)} will be "
            f"reported once {'they end' if len(titles) > 1 else 'it ends'}{f' ({ends[-1]:%B} {ends[-1].day})' if ends else ''}{once}."
        )
    if must_pass:
        notes.append(
            f"Learners must pass an assessment to earn MOC for {and_list(must_pass)}: CME Desk does not record "
            "results, so remove anyone who did not pass before uploading."
        )
    if no_pars_id:
        notes.append(
            f"No PARS activity ID yet for {and_list(no_pars_id)}: the file names them by your provider activity "
            "ID; add the ID PARS assigned on the activity's Reporting tab."
        )
    return notes


def _learners(session: Session, ids: set[int]) -> dict[int, _Learner]:
    found: dict[int, _Learner] = {}
    for chunk in chunks(sorted(ids)):
        for p in session.scalars(select(Person).where(Person.id.in_(chunk))):
            birth = f"{p.birth_month:02d}{p.birth_day:02d}" if p.birth_month and p.birth_day else ""
            found[p.id] = _Learner(p.id, p.first_name, p.last_name, birth, p.npi, bool(p.moc_permission))
    return found


def _board_ids(session: Session, ids: set[int]) -> dict[tuple[int, str], str]:
    found: dict[tuple[int, str], str] = {}
    for chunk in chunks(sorted(ids)):
        for person_id, board, number in session.execute(
            select(BoardId.person_id, BoardId.board, BoardId.board_id).where(BoardId.person_id.in_(chunk))
        ):
            found.setdefault((person_id, board.strip().upper()), number)
    return found


def _licenses(session: Session, ids: set[int]) -> dict[int, list[tuple[str, str]]]:
    found: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for chunk in chunks(sorted(ids)):
        for person_id, state, number in session.execute(
            select(StateLicense.person_id, StateLicense.state, StateLicense.license_number)
            .where(StateLicense.person_id.in_(chunk))
            .order_by(StateLicense.state)
        ):
            found[person_id].append((state.strip().upper(), number))
    return found
