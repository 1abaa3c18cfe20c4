"""Who teaches a session: people, not typed names (DOMAIN.md, "Disclosure": every session speaker is faculty, and a
speaker with no current, reviewed disclosure leaves the activity's Standard 3 work incomplete).

A session's faculty are profile ids. When only names come (a CSV import, a series built from a rule, an older
form), each name is matched to a profile by first and last name, or a minimal profile is made for it; either way
the session notes what a coordinator should check. The session's `speakers` text, when set, is only how the
names are shown on the slide.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from cme_desktop.domain.degrees import profession_for_degree
from cme_desktop.domain.names import display_name, search_name
from cme_desktop.domain.speakers import parse_speakers
from cme_desktop.errors import InputError
from cme_desktop.services import audit
from cme_desktop.services.context import Context
from cme_desktop.store.activities import ActivitySession, SessionFaculty
from cme_desktop.store.people import Person


@dataclass(frozen=True)
class FacultyMember:
    person_id: int
    name: str  # "Arjun Mehta, MD"
    note: str | None = None  # what to check: a profile made or matched from a typed name


def set_faculty(
    ctx: Context, session: Session, row: ActivitySession, faculty: Sequence[int] | None, speakers: str | None
) -> None:
    """Make `faculty` (profile ids) the session's faculty, or, when None, the people named in `speakers`. The
    caller audits the session, whose snapshot lists its faculty (session_plan.session_snapshot)."""
    if faculty is None:
        wanted = _from_names(ctx, session, speakers)
    else:
        wanted = [(person_id, None) for person_id in dict.fromkeys(faculty)]
        found = set(session.scalars(select(Person.id).where(Person.id.in_([p for p, _ in wanted]))))
        if missing := [p for p, _ in wanted if p not in found]:
            raise InputError(f"Profile {missing[0]} no longer exists: pick the speaker again.")
    before = [(f.person_id, f.note) for f in row.faculty]
    if before == wanted:
        return
    kept_notes = {f.person_id: f.note for f in row.faculty}
    row.faculty = [
        SessionFaculty(
            person_id=person_id, position=index, note=note if faculty is None else kept_notes.get(person_id)
        )
        for index, (person_id, note) in enumerate(wanted)
    ]
    session.flush()


def faculty_of(session: Session, session_ids: Iterable[int]) -> dict[int, tuple[FacultyMember, ...]]:
    """Each session's faculty in order, in one query."""
    rows = session.execute(
        select(SessionFaculty.session_id, SessionFaculty.note, Person)
        .join(Person, Person.id == SessionFaculty.person_id)
        .where(SessionFaculty.session_id.in_(set(session_ids)))
        .order_by(SessionFaculty.session_id, SessionFaculty.position, SessionFaculty.id)
    )
    out: dict[int, list[FacultyMember]] = {}
    for session_id, note, person in rows:
        name = display_name(person.first_name, person.last_name, person.degree)
        out.setdefault(session_id, []).append(FacultyMember(person.id, name, note))
    return {key: tuple(value) for key, value in out.items()}


def _from_names(ctx: Context, session: Session, speakers: str | None) -> list[tuple[int, str | None]]:
    names, unreadable = parse_speakers(speakers)
    found: list[tuple[int, str | None]] = []
    for name in names:
        key = search_name(name.first, name.last)
        matches = list(session.scalars(select(Person).where(Person.search_name == key).order_by(Person.id)))
        if len(matches) == 1:
            found.append((matches[0].id, None))
        elif matches:
            found.append(
                (
                    matches[0].id,
                    f"Several profiles are named {name.first} {name.last}; check that {name.typed!r} is this one.",
                )
            )
        else:
            person = Person(
                first_name=name.first[:100],
                last_name=name.last[:100],
                degree=(name.degree or None) and name.degree[:40],
                profession=str(profession_for_degree(name.degree)),
                search_name=key,
                created_at=ctx.clock(),
            )
            session.add(person)
            session.flush()
            audit.record(
                ctx, session, "person.create", "person", person.id, None, {"from_speakers": name.typed}
            )
            found.append(
                (
                    person.id,
                    f"New profile made from the speaker {name.typed!r}: add their email to ask for a disclosure.",
                )
            )
    if unreadable:
        # Not a person's name: kept in the typed speakers only, and said on the first speaker's note.
        note = f"Not read as a person: {'; '.join(unreadable)}."
        if found:
            person_id, first_note = found[0]
            found[0] = (person_id, f"{first_note} {note}" if first_note else note)
    return list(dict((p, n) for p, n in found).items())
