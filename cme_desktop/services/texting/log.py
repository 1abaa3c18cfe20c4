"""The texting log for the Messages page: every text in and out with its outcome; linking a phone by hand."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, or_, select, update

from cme_desktop.domain.phones import normalize_phone
from cme_desktop.errors import InputError
from cme_desktop.services import audit
from cme_desktop.services.context import Context
from cme_desktop.store.messages import TextMessage
from cme_desktop.store.people import Person, PersonPhone


@dataclass(frozen=True)
class MessageRow:
    id: int
    at: datetime
    direction: str
    phone: str
    person_id: int | None
    person_name: str | None
    body: str
    outcome: str | None


def list_messages(ctx: Context, search: str = "", limit: int = 500) -> list[MessageRow]:
    """The newest texts first; `search` matches the phone's digits, the text, the outcome or the person's name."""
    query = (
        select(TextMessage, Person.first_name, Person.last_name)
        .outerjoin(Person, Person.id == TextMessage.person_id)
        .order_by(TextMessage.at.desc(), TextMessage.id.desc())
        .limit(limit)
    )
    needle = search.strip()
    if needle:
        digits = "".join(ch for ch in needle if ch.isdigit())
        pattern = f"%{needle.lower()}%"
        conditions: list[ColumnElement[bool]] = [
            TextMessage.body.ilike(pattern),
            TextMessage.outcome.ilike(pattern),
            Person.last_name.ilike(pattern),
            Person.first_name.ilike(pattern),
        ]
        if len(digits) >= 3:
            conditions.append(TextMessage.phone.contains(digits))
        query = query.where(or_(*conditions))
    with ctx.db.transaction() as session:
        return [
            MessageRow(
                m.id,
                m.at,
                m.direction,
                m.phone,
                m.person_id,
                f"{first} {last}" if last else None,
                m.body,
                m.outcome,
            )
            for m, first, last in session.execute(query)
        ]


def link_phone(ctx: Context, phone: str, person_id: int) -> str:
    """A coordinator links a texting phone to a profile; its earlier texts are filed under that person too."""
    e164 = normalize_phone(phone)
    with ctx.db.transaction() as session:
        person = session.get(Person, person_id)
        if person is None:
            raise InputError("That profile no longer exists; search for the person again.")
        existing = session.scalars(select(PersonPhone).where(PersonPhone.e164 == e164)).first()
        if existing is not None and existing.person_id != person_id:
            owner = session.get(Person, existing.person_id)
            name = f"{owner.first_name} {owner.last_name}" if owner else "another profile"
            raise InputError(f"{e164} is already linked to {name}; remove it there first.")
        if existing is None:
            session.add(PersonPhone(person_id=person_id, e164=e164, verified=True))
            audit.record(
                ctx, session, "phone.link", "person", person_id, None, {"phone": e164, "by": "coordinator"}
            )
        session.execute(
            update(TextMessage)
            .where(TextMessage.phone == e164, TextMessage.person_id.is_(None))
            .values(person_id=person_id)
        )
    return e164
