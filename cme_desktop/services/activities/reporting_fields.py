"""What PARS asks of an activity beyond its own form: the activity ID ACCME assigns, the CME Finder listing, the
outcome measures, and the activity's MOC registration with each certifying board (DOMAIN.md, "Reporting").

Saved apart from the activity form, with its own version (two coordinators, one record), and audited: an MOC
registration decides which learners' credit goes to their boards.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from cme_desktop.domain.credits import format_credits, quarters_from_credits
from cme_desktop.domain.pars import BOARDS, FinderRegistration, OutcomeMeasure, board_named
from cme_desktop.domain.vocabulary import CreditType
from cme_desktop.errors import InputError
from cme_desktop.services import audit
from cme_desktop.services.context import Context
from cme_desktop.services.editing import StaleEditError, refusing_races, stale_message, stamp
from cme_desktop.services.office.settings import office_zone
from cme_desktop.store.activities import Activity, CreditDesignation
from cme_desktop.store.reporting import ActivityReporting, MocRegistration


class ReportingError(InputError):
    """A PARS or MOC field a coordinator must correct; one sentence that says what and how."""


@dataclass(frozen=True)
class MocInput:
    """The activity registered for MOC with one board."""

    board: str
    credit_types: tuple[str, ...]
    points: Decimal | str | float | int
    practice_areas: tuple[str, ...] = ()
    requires_passing: bool = False
    content_area: str | None = None
    claim_by: date | None = None


@dataclass(frozen=True)
class ReportingInput:
    pars_activity_id: str | None = None
    cme_finder: bool | None = None
    finder_fee: bool | None = None
    finder_registration: str | None = None
    finder_url: str | None = None
    outcome_measures: tuple[str, ...] = ()
    moc_attested: bool = False
    moc: tuple[MocInput, ...] = ()


@dataclass(frozen=True)
class MocRegistrationView:
    board: str
    credit_types: tuple[str, ...]
    points_quarters: int
    practice_areas: tuple[str, ...]
    requires_passing: bool
    content_area: str | None
    claim_by: date | None

    @property
    def board_name(self) -> str:
        return BOARDS[self.board].name if self.board in BOARDS else self.board

    @property
    def credit_labels(self) -> tuple[str, ...]:
        board = BOARDS.get(self.board)
        return tuple(board.credit_label(c) if board else c for c in self.credit_types)

    @property
    def points(self) -> str:
        return format_credits(self.points_quarters)

    def describe(self) -> str:
        """'ABIM: Medical Knowledge, 25 points, learners must pass'."""
        text = f"{self.board}: {', '.join(self.credit_labels)}, {self.points} point{'s' if self.points != '1' else ''}"
        return text + (", learners must pass" if self.requires_passing else "")


@dataclass(frozen=True)
class ActivityReportingDetail:
    activity_id: int
    pars_activity_id: str | None = None
    cme_finder: bool | None = None
    finder_fee: bool | None = None
    finder_registration: str | None = None
    finder_url: str | None = None
    outcome_measures: tuple[str, ...] = ()
    moc_attested: bool = False
    moc: tuple[MocRegistrationView, ...] = field(default=())
    version: int = 0  # 0: nothing saved yet

    def as_input(self) -> ReportingInput:
        return ReportingInput(
            pars_activity_id=self.pars_activity_id,
            cme_finder=self.cme_finder,
            finder_fee=self.finder_fee,
            finder_registration=self.finder_registration,
            finder_url=self.finder_url,
            outcome_measures=self.outcome_measures,
            moc_attested=self.moc_attested,
            moc=tuple(
                MocInput(
                    m.board,
                    m.credit_types,
                    Decimal(m.points_quarters) / 4,
                    m.practice_areas,
                    m.requires_passing,
                    m.content_area,
                    m.claim_by,
                )
                for m in self.moc
            ),
        )

    def summary(self) -> str:
        """One line for the activity's page: its PARS ID and MOC boards."""
        parts = [
            f"PARS activity ID {self.pars_activity_id}"
            if self.pars_activity_id
            else "No PARS activity ID yet"
        ]
        if self.moc:
            parts.append("MOC: " + "; ".join(m.describe() for m in self.moc))
        else:
            parts.append("not registered for MOC")
        return " · ".join(parts)


def get_reporting(ctx: Context, activity_id: int) -> ActivityReportingDetail:
    with ctx.db.transaction() as session:
        if session.get(Activity, activity_id) is None:
            raise ReportingError(
                "This activity no longer exists: it may have been removed by another coordinator."
            )
        return _detail(
            session.get(ActivityReporting, activity_id), _registrations(session, activity_id), activity_id
        )


def reporting_details(
    ctx: Context, activity_ids: list[int] | None = None
) -> dict[int, ActivityReportingDetail]:
    """Many activities' details at once (reports), all of them when `activity_ids` is None; an activity with
    nothing saved is left out."""
    rows: dict[int, ActivityReporting] = {}
    moc: dict[int, list[MocRegistration]] = {}
    with ctx.db.transaction() as session:
        ids = sorted(set(activity_ids)) if activity_ids is not None else None
        batches = [None] if ids is None else [ids[i : i + 900] for i in range(0, len(ids), 900)]
        for batch in batches:  # in batches under SQLite's limit on bound parameters
            rows_query = select(ActivityReporting)
            moc_query = select(MocRegistration).order_by(MocRegistration.board)
            if batch is not None:
                rows_query = rows_query.where(ActivityReporting.activity_id.in_(batch))
                moc_query = moc_query.where(MocRegistration.activity_id.in_(batch))
            for row in session.scalars(rows_query):
                rows[row.activity_id] = row
            for reg in session.scalars(moc_query):
                moc.setdefault(reg.activity_id, []).append(reg)
        return {i: _detail(rows.get(i), moc.get(i, []), i) for i in set(rows) | set(moc)}


def save_reporting(
    ctx: Context, activity_id: int, data: ReportingInput, expected_version: int
) -> ActivityReportingDetail:
    """Save the activity's PARS and MOC fields; refused when another coordinator saved them since they were
    loaded (`expected_version` 0 when nothing had been saved)."""
    zone = office_zone(ctx)
    clean = _clean(data)
    with (
        refusing_races(ctx, ActivityReporting, activity_id, "activity's reporting", zone),
        ctx.db.transaction() as session,
    ):
        activity = session.get(Activity, activity_id)
        if activity is None:
            raise ReportingError(
                "This activity no longer exists: it may have been removed by another coordinator."
            )
        row = session.get(ActivityReporting, activity_id)
        if (row.version if row else 0) != expected_version:
            if row is None:
                raise StaleEditError("This activity's reporting was removed by another coordinator: reload.")
            raise StaleEditError(stale_message("activity's reporting", row, zone))
        _check_points(session, activity, clean.moc)
        before = _snapshot(row, _registrations(session, activity_id))
        if row is None:
            row = ActivityReporting(activity_id=activity_id)
            session.add(row)
        row.pars_activity_id = clean.pars_activity_id
        row.cme_finder = clean.cme_finder
        row.finder_fee = clean.finder_fee
        row.finder_registration = clean.finder_registration
        row.finder_url = clean.finder_url
        row.outcome_measures = " ".join(clean.outcome_measures)
        row.moc_attested = clean.moc_attested
        stamp(row, ctx)
        existing = {r.board: r for r in _registrations(session, activity_id)}
        for board, reg in existing.items():
            if board not in {m.board for m in clean.moc}:
                session.delete(reg)
        for m in clean.moc:
            reg = existing.get(m.board) or MocRegistration(activity_id=activity_id, board=m.board)
            reg.credit_types = " ".join(m.credit_types)
            reg.points_quarters = quarters_from_credits(Decimal(str(m.points)))
            reg.practice_areas = "; ".join(m.practice_areas)
            reg.requires_passing = m.requires_passing
            reg.content_area = m.content_area
            reg.claim_by = m.claim_by
            session.add(reg)
        session.flush()
        registrations = _registrations(session, activity_id)
        audit.record(
            ctx, session, "activity.reporting", "activity", activity_id, before, _snapshot(row, registrations)
        )
        return _detail(row, registrations, activity_id)


_PARS_ID = re.compile(r"^\d{1,20}$")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


def _clean(data: ReportingInput) -> ReportingInput:
    pars_id = (data.pars_activity_id or "").strip() or None
    if pars_id is not None and not _PARS_ID.match(pars_id):
        raise ReportingError(
            f"'{pars_id}' is not a PARS activity ID: PARS gives each activity a number, like 201234567."
        )
    url = (data.finder_url or "").strip() or None
    if url is not None and (len(url) > 500 or not _URL.match(url)):
        raise ReportingError(
            "The activity's web address must start with https:// (or http://), like https://cme.example.edu/grand-rounds."
        )
    registration = data.finder_registration or None
    if registration is not None and registration not in {r.value for r in FinderRegistration}:
        raise ReportingError(f"'{registration}' is not a kind of registration CME Finder lists.")
    measures = []
    for code in data.outcome_measures:
        if code not in {m.value for m in OutcomeMeasure}:
            raise ReportingError(f"'{code}' is not an outcome measure PARS knows.")
        if code not in measures:
            measures.append(code)
    seen: set[str] = set()
    moc = []
    for m in data.moc:
        board = board_named(m.board)
        if board is None:
            raise ReportingError(
                f"'{m.board}' is not a board that takes MOC through PARS; choose one of {', '.join(BOARDS)}."
            )
        if board.code in seen:
            raise ReportingError(f"{board.code} is listed twice; register the activity once per board.")
        seen.add(board.code)
        known = dict(board.credit_types)
        types = tuple(dict.fromkeys(t for t in m.credit_types))
        if not types:
            raise ReportingError(
                f"Choose at least one {board.code} credit type ({', '.join(known.values())})."
            )
        for code in types:
            if code not in known:
                raise ReportingError(
                    f"{board.code} has no credit type '{code}'; it has {', '.join(known.values())}."
                )
        try:
            quarters = quarters_from_credits(Decimal(str(m.points).strip() or "0"))
        except (InputError, ArithmeticError, ValueError) as error:
            raise ReportingError(f"{board.code} MOC points: {error}") from error
        if quarters <= 0:
            raise ReportingError(f"Give the {board.code} MOC points the activity offers, like 1 or 25.")
        areas = tuple(a.strip() for a in m.practice_areas if a.strip())
        content = (m.content_area or "").strip() or None
        moc.append(
            MocInput(board.code, types, Decimal(quarters) / 4, areas, m.requires_passing, content, m.claim_by)
        )
    return ReportingInput(
        pars_id,
        data.cme_finder,
        data.finder_fee,
        registration,
        url,
        tuple(measures),
        data.moc_attested,
        tuple(moc),
    )


def _check_points(session: Any, activity: Activity, moc: tuple[MocInput, ...]) -> None:
    """MOC is earned through AMA PRA Category 1 credit, and never more points than the credit designated (an
    activity may offer fewer points than credits when only part of it qualifies)."""
    if not moc:
        return
    ama = session.scalar(
        select(CreditDesignation.max_quarters).where(
            CreditDesignation.activity_id == activity.id,
            CreditDesignation.credit_type == str(CreditType.AMA_PRA_1),
        )
    )
    if ama is None:
        raise ReportingError(
            "Only an activity designated for AMA PRA Category 1 Credit can be registered for MOC: add that "
            "designation to the activity first."
        )
    for m in moc:
        quarters = quarters_from_credits(Decimal(str(m.points)))
        if quarters > ama:
            raise ReportingError(
                f"{m.board} MOC points ({format_credits(quarters)}) cannot exceed the AMA PRA Category 1 Credit "
                f"designated ({format_credits(ama)})."
            )


def _registrations(session: Any, activity_id: int) -> list[MocRegistration]:
    return list(
        session.scalars(
            select(MocRegistration)
            .where(MocRegistration.activity_id == activity_id)
            .order_by(MocRegistration.board)
        )
    )


def _detail(
    row: ActivityReporting | None, registrations: list[MocRegistration], activity_id: int
) -> ActivityReportingDetail:
    moc = tuple(
        MocRegistrationView(
            r.board,
            tuple(r.credit_types.split()),
            r.points_quarters,
            tuple(a.strip() for a in r.practice_areas.split(";") if a.strip()),
            r.requires_passing,
            r.content_area,
            r.claim_by,
        )
        for r in registrations
    )
    if row is None:
        return ActivityReportingDetail(activity_id, moc=moc)
    return ActivityReportingDetail(
        activity_id,
        row.pars_activity_id,
        row.cme_finder,
        row.finder_fee,
        row.finder_registration,
        row.finder_url,
        tuple(row.outcome_measures.split()),
        row.moc_attested,
        moc,
        row.version,
    )


def _snapshot(row: ActivityReporting | None, registrations: list[MocRegistration]) -> dict[str, Any] | None:
    if row is None and not registrations:
        return None
    return {
        "pars_activity_id": row.pars_activity_id if row else None,
        "cme_finder": row.cme_finder if row else None,
        "finder_fee": row.finder_fee if row else None,
        "finder_registration": row.finder_registration if row else None,
        "finder_url": row.finder_url if row else None,
        "outcome_measures": row.outcome_measures if row else "",
        "moc_attested": row.moc_attested if row else False,
        "moc": [
            {
                "board": r.board,
                "credit_types": r.credit_types,
                "points": format_credits(r.points_quarters),
                "requires_passing": r.requires_passing,
                "practice_areas": r.practice_areas,
                "content_area": r.content_area,
                "claim_by": r.claim_by.isoformat() if r.claim_by else None,
            }
            for r in registrations
        ],
    }
