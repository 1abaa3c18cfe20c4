"""Finding people: type-ahead search by name, email, NetID, phone or NPI.

Prefixes are matched with a range (`>= text AND < text + U+FFFF`) as well as LIKE, so both SQLite and PostgreSQL
use their indexes on `search_name` and on email addresses whatever the collation: a keystroke stays fast at
100,000 people (benchmarks/people_search.py).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, or_, select, tuple_
from sqlalchemy.orm import Session

from cme_desktop.domain.names import fold
from cme_desktop.services.context import Context
from cme_desktop.store.people import Person, PersonAlias, PersonEmail, PersonPhone

_TOP = "\uffff"


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
    birth_month: int | None = None
    birth_day: int | None = None


def _prefix(column: Any, text: str) -> Any:
    return and_(column >= text, column < text + _TOP, column.startswith(text, autoescape=True))


def search_people(ctx: Context, text: str = "", limit: int = 50) -> list[PersonSummary]:
    """People matching `text` (name prefix 'last first' or 'first last', email, NetID, phone digits, NPI, or a
    profile number, including one merged into another)."""
    query = _matching(text).limit(limit)
    with ctx.db.transaction() as session:
        return summaries(session, list(session.scalars(query)))


def every_person(ctx: Context, text: str = "", batch: int = 1_000) -> Iterator[PersonSummary]:
    """Every person matching `text` (everyone when empty), in search order, read `batch` at a time so an office
    of 100,000 never sits in memory at once; each batch is its own transaction."""
    after: tuple[str, str, int] | None = None
    while True:
        query = _matching(text).limit(batch)
        if after is not None:
            query = query.where(tuple_(Person.last_name, Person.first_name, Person.id) > tuple_(*after))
        with ctx.db.transaction() as session:
            people = list(session.scalars(query))
            found = summaries(session, people)
        yield from found
        if len(people) < batch:
            return
        last = people[-1]
        after = (last.last_name, last.first_name, last.id)


def _matching(text: str) -> Select[Person]:
    query = select(Person).order_by(Person.last_name, Person.first_name, Person.id)
    needle = text.strip()
    if needle:
        folded = fold(needle)
        words = folded.split()
        lowered = needle.lower()
        digits = "".join(ch for ch in needle if ch.isdigit())
        conditions = [Person.netid == lowered]
        if folded:
            conditions.append(_prefix(Person.search_name, folded))
        if len(words) == 1 and len(folded) >= 2:
            # One word may be the first name ("jose", typed "José" or "JOSE"): the key is 'last first'.
            conditions.append(Person.search_name.contains(f" {folded}", autoescape=True))
        if "@" in needle or (digits != needle and len(lowered) >= 2):
            conditions.append(
                Person.id.in_(select(PersonEmail.person_id).where(_prefix(PersonEmail.address, lowered)))
            )
        if len(words) >= 2:
            conditions.append(_prefix(Person.search_name, f"{words[-1]} {' '.join(words[:-1])}"))
        if digits == needle.replace(" ", "").lstrip("#") and digits:
            number = int(digits[:12])
            conditions.append(Person.id == number)
            conditions.append(
                Person.id.in_(select(PersonAlias.person_id).where(PersonAlias.merged_id == number))
            )
        if len(digits) >= 4:
            conditions.append(Person.npi == digits)
            conditions.append(
                Person.id.in_(select(PersonPhone.person_id).where(PersonPhone.e164.contains(digits)))
            )
        query = query.where(or_(*conditions))
    return query


def summaries(session: Session, people: Sequence[Person]) -> list[PersonSummary]:
    """One summary per person, with their primary email and phones, in the order given."""
    ids = [p.id for p in people]
    emails = _primary_emails(session, ids)
    phones = _phones(session, ids)
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
            p.birth_month,
            p.birth_day,
        )
        for p in people
    ]


def _primary_emails(session: Session, ids: list[int]) -> dict[int, str]:
    rows = session.execute(
        select(PersonEmail.person_id, PersonEmail.address, PersonEmail.is_primary)
        .where(PersonEmail.person_id.in_(ids))
        .order_by(PersonEmail.is_primary.desc(), PersonEmail.id)
    )
    result: dict[int, str] = {}
    for person_id, address, _ in rows:
        result.setdefault(person_id, address)
    return result


def _phones(session: Session, ids: list[int]) -> dict[int, list[str]]:
    result: dict[int, list[str]] = {}
    for person_id, e164 in session.execute(
        select(PersonPhone.person_id, PersonPhone.e164)
        .where(PersonPhone.person_id.in_(ids))
        .order_by(PersonPhone.id)
    ):
        result.setdefault(person_id, []).append(e164)
    return result
