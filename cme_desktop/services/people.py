"""Finding people: type-ahead search by name, email, NetID, phone or NPI."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select

from cme_desktop.domain.names import fold
from cme_desktop.services.context import Context
from cme_desktop.store.people import Person, PersonEmail, PersonPhone


@dataclass(frozen=True)
class PersonSummary:
    id: int
    first_name: str
    last_name: str
    degree: str | None
    profession: str
    primary_email: str | None
    netid: str | None
    npi: str | None
    phones: tuple[str, ...]


def search_people(ctx: Context, text: str = "", limit: int = 50) -> list[PersonSummary]:
    """People matching `text` (name prefix 'last first' or 'first last', email, NetID, phone digits, NPI)."""
    query = select(Person).order_by(Person.last_name, Person.first_name, Person.id).limit(limit)
    needle = text.strip()
    if needle:
        folded = fold(needle)
        words = folded.split()
        digits = "".join(ch for ch in needle if ch.isdigit())
        conditions = [
            Person.search_name.startswith(folded),
            Person.netid == needle.lower(),
            Person.id.in_(
                select(PersonEmail.person_id).where(PersonEmail.address.startswith(needle.lower()))
            ),
        ]
        if len(words) == 2:
            conditions.append(Person.search_name.startswith(f"{words[1]} {words[0]}"))
        if len(digits) >= 4:
            conditions.append(Person.npi == digits)
            conditions.append(
                Person.id.in_(select(PersonPhone.person_id).where(PersonPhone.e164.contains(digits)))
            )
        query = query.where(or_(*conditions))
    with ctx.db.transaction() as session:
        people = list(session.scalars(query))
        emails = _primary_emails(session, [p.id for p in people])
        phones = _phones(session, [p.id for p in people])
        return [
            PersonSummary(
                p.id,
                p.first_name,
                p.last_name,
                p.degree,
                p.profession,
                emails.get(p.id),
                p.netid,
                p.npi,
                tuple(phones.get(p.id, ())),
            )
            for p in people
        ]


def _primary_emails(session, ids: list[int]) -> dict[int, str]:  # type: ignore[no-untyped-def]
    rows = session.execute(
        select(PersonEmail.person_id, PersonEmail.address, PersonEmail.is_primary)
        .where(PersonEmail.person_id.in_(ids))
        .order_by(PersonEmail.is_primary.desc(), PersonEmail.id)
    )
    result: dict[int, str] = {}
    for person_id, address, _ in rows:
        result.setdefault(person_id, address)
    return result


def _phones(session, ids: list[int]) -> dict[int, list[str]]:  # type: ignore[no-untyped-def]
    result: dict[int, list[str]] = {}
    for person_id, e164 in session.execute(
        select(PersonPhone.person_id, PersonPhone.e164).where(PersonPhone.person_id.in_(ids))
    ):
        result.setdefault(person_id, []).append(e164)
    return result
