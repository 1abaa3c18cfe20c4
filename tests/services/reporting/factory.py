"""Activities, sessions, learners and claims for the reporting tests, built straight from the models: these tests
are about counting and layout, not about the claim rules (tests/services/attendance covers those)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from cme_desktop.domain.degrees import profession_for_degree
from cme_desktop.domain.names import search_name
from cme_desktop.domain.vocabulary import (
    ActivityFormat,
    CreditType,
    Delivery,
    SessionStatus,
)
from cme_desktop.services.context import Context
from cme_desktop.store.activities import Activity, ActivitySession, CommercialSupport, CreditDesignation
from cme_desktop.store.attendance import AttendanceClaim
from cme_desktop.store.people import BoardId, Person, StateLicense

NEW_YORK = ZoneInfo("America/New_York")


def activity(
    ctx: Context,
    title: str,
    fmt: ActivityFormat = ActivityFormat.RSS,
    days: Sequence[date] = (),
    hours: float = 1,
    ama: int | None = None,
    delivery: Delivery = Delivery.IN_PERSON,
    city: str | None = "Charleston",
    state: str | None = "SC",
    country: str | None = "United States",
    description: str | None = "Current evidence across internal medicine.",
    joint_provider: str | None = None,
    support: Sequence[tuple[str, bool, int | None]] = (),
    cancelled: Sequence[date] = (),
) -> tuple[int, list[int]]:
    """An activity with one session at noon (New York) on each of `days`; `ama` credits designated (default:
    the sessions together). Returns the activity id and its session ids in day order."""
    quarters = round(hours * 4)
    with ctx.db.transaction() as session:
        row = Activity(
            title=title,
            format=fmt,
            delivery=delivery,
            city=city,
            state=state,
            country=country,
            description=description,
            providership="joint" if joint_provider is not None else "direct",
            joint_provider=joint_provider or None,
            created_at=ctx.clock(),
        )
        total = quarters * len(days) if ama is None else ama * 4
        row.designations.append(CreditDesignation(credit_type=CreditType.AMA_PRA_1, max_quarters=total))
        for source, in_kind, cents in support:
            row.support.append(CommercialSupport(source=source, in_kind=in_kind, amount_cents=cents))
        session.add(row)
        session.flush()
        ids = []
        for day in sorted([*days, *cancelled]):
            starts = datetime.combine(day, time(12), NEW_YORK)
            s = ActivitySession(
                activity_id=row.id,
                starts_at=starts,
                ends_at=starts + timedelta(minutes=quarters * 15),
                timezone=NEW_YORK.key,
                credit_quarters=quarters,
                status=str(SessionStatus.CANCELLED if day in cancelled else SessionStatus.SCHEDULED),
            )
            session.add(s)
            session.flush()
            if day not in cancelled:
                ids.append(s.id)
        return row.id, ids


def learner(
    ctx: Context,
    first: str,
    last: str,
    degree: str = "MD",
    boards: Sequence[tuple[str, str]] = (),
    permission: bool = True,
    birthday: tuple[int, int] | None = (3, 2),
    licenses: Sequence[tuple[str, str]] = (),
    npi: str | None = None,
) -> int:
    with ctx.db.transaction() as session:
        person = Person(
            first_name=first,
            last_name=last,
            degree=degree,
            profession=profession_for_degree(degree),
            search_name=search_name(first, last),
            created_at=ctx.clock(),
            moc_permission=permission,
            birth_month=birthday[0] if birthday else None,
            birth_day=birthday[1] if birthday else None,
            npi=npi,
        )
        for board, number in boards:
            person.board_ids.append(BoardId(board=board, board_id=number))
        for state, number in licenses:
            person.licenses.append(StateLicense(state=state, license_number=number))
        session.add(person)
        session.flush()
        return person.id


def attend(ctx: Context, person_id: int, session_ids: Sequence[int], revoked: bool = False) -> None:
    """The learner claimed each session (AMA credit for physicians, nursing otherwise) as it ended."""
    with ctx.db.transaction() as session:
        person = session.get(Person, person_id)
        assert person is not None
        credit = CreditType.AMA_PRA_1 if person.profession == "physician" else CreditType.NURSING
        for session_id in session_ids:
            row = session.get(ActivitySession, session_id)
            assert row is not None
            session.add(
                AttendanceClaim(
                    session_id=session_id,
                    person_id=person_id,
                    channel="manual",
                    credit_type=credit,
                    credit_quarters=row.credit_quarters,
                    claimed_at=row.ends_at.astimezone(UTC),
                    recorded_by="test",
                    evidence={},
                    revoked_at=row.ends_at if revoked else None,
                    revoked_reason="left early" if revoked else None,
                )
            )


def weekly(first: date, last: date, weekday: int = 3) -> list[date]:
    """Every `weekday` (Monday 0) from `first` to `last`."""
    day = first + timedelta(days=(weekday - first.weekday()) % 7)
    out = []
    while day <= last:
        out.append(day)
        day += timedelta(days=7)
    return out
