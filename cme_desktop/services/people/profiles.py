"""One profile per person: read, create and edit it, refusing duplicates of emails, phones and identifiers.

A save over a newer version is refused ("changed by <user> at <time>: reload"); every change is audited without
the SSN hash (the log says only that it was set, changed or removed).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from cme_desktop.domain.names import display_name, search_name
from cme_desktop.domain.phones import display_phone
from cme_desktop.domain.ssn import clean_last4, ssn_last4_hash
from cme_desktop.errors import InputError
from cme_desktop.services import audit
from cme_desktop.services.context import Context
from cme_desktop.services.editing import check_version, refusing_races, stamp
from cme_desktop.services.office.settings import office_zone
from cme_desktop.services.office.ssn_key import ssn_key
from cme_desktop.services.people.profile_input import (
    BoardEntry,
    CleanProfile,
    EmailEntry,
    LicenseEntry,
    PhoneEntry,
    ProfileInput,
    clean,
)
from cme_desktop.services.people.search import PersonSummary, summaries
from cme_desktop.services.texting.numbers import opted_out_among, set_opted_out
from cme_desktop.store.people import BoardId, Person, PersonAlias, PersonEmail, PersonPhone, StateLicense

SCALARS = (
    "first_name",
    "middle_name",
    "last_name",
    "suffix",
    "degree",
    "profession",
    "netid",
    "npi",
    "nabp_eprofile_id",
    "birth_month",
    "birth_day",
    "moc_permission",
)


class ProfileConflict(InputError):
    """An email, phone or identifier is already on another profile; `other_person_id` lets the UI open it."""

    def __init__(self, message: str, other_person_id: int) -> None:
        super().__init__(message)
        self.other_person_id = other_person_id


class PossibleDuplicate(InputError):
    """Creating an external profile found people with the same last name and last-4 SSN (the seed's check)."""

    def __init__(self, message: str, people: list[PersonSummary]) -> None:
        super().__init__(message)
        self.people = people


@dataclass(frozen=True)
class Profile:
    id: int
    version: int
    first_name: str
    middle_name: str | None
    last_name: str
    suffix: str | None
    degree: str | None
    profession: str
    netid: str | None
    npi: str | None
    nabp_eprofile_id: str | None
    birth_month: int | None
    birth_day: int | None
    moc_permission: bool
    emails: tuple[EmailEntry, ...]
    phones: tuple[PhoneEntry, ...]
    board_ids: tuple[BoardEntry, ...]
    licenses: tuple[LicenseEntry, ...]
    has_ssn_last4: bool
    created_at: datetime
    updated_at: datetime | None
    updated_by: str | None
    # Ids of profiles merged into this one; they still lead here.
    merged_ids: tuple[int, ...]

    @property
    def display_name(self) -> str:
        return display_name(self.first_name, self.last_name, self.degree, self.middle_name)

    @property
    def institution_member(self) -> bool:
        return self.netid is not None

    def as_input(self) -> ProfileInput:
        """The profile as the form edits it (the SSN left as stored)."""
        return ProfileInput(
            **{name: getattr(self, name) for name in SCALARS},
            emails=self.emails,
            phones=tuple(PhoneEntry(display_phone(p.number), p.verified, p.opted_out) for p in self.phones),
            board_ids=self.board_ids,
            licenses=self.licenses,
        )


def get_profile(ctx: Context, person_id: int) -> Profile:
    """The profile, following the id of a profile merged into another to the survivor."""
    with ctx.db.transaction() as session:
        return profile_of(session, load_person(session, person_id))


def create_profile(ctx: Context, data: ProfileInput, confirmed_new: bool = False) -> Profile:
    """Save a new profile. With last-4 SSN digits and not `confirmed_new`, people with the same last name and
    digits raise PossibleDuplicate first, so the coordinator can open the existing account instead."""
    cleaned = clean(data)
    ssn_hash = hash_last4(ctx, data.ssn_last4)
    if ssn_hash and not confirmed_new:
        matches = find_by_last_name_and_ssn_hash(ctx, str(cleaned.fields["last_name"]), ssn_hash)
        if matches:
            names = "; ".join(f"{m.first_name} {m.last_name}" for m in matches)
            raise PossibleDuplicate(
                f"A profile with this last name and last-4 SSN already exists ({names}): open it instead?",
                matches,
            )
    with ctx.db.transaction() as session:
        return profile_of(session, add_person(ctx, session, cleaned, ssn_hash))


def add_person(
    ctx: Context, session: Session, cleaned: CleanProfile, ssn_hash: str | None, action: str = "person.create"
) -> Person:
    """Insert a checked profile inside the caller's transaction (also used by the CSV import)."""
    _refuse_conflicts(session, cleaned, None)
    person = Person(created_at=ctx.clock(), search_name="")
    _apply(person, cleaned, ctx)
    _apply_opt_outs(session, cleaned, ctx)
    if ssn_hash:
        person.ssn_last4_hash = ssn_hash
    stamp(person, ctx)
    session.add(person)
    session.flush()
    audit.record(ctx, session, action, "person", person.id, None, snapshot(person))
    return person


def update_profile(ctx: Context, person_id: int, data: ProfileInput, expected_version: int) -> Profile:
    """Save the form over the version the coordinator loaded; a newer save by someone else is never overwritten."""
    cleaned = clean(data)
    ssn_hash = hash_last4(ctx, data.ssn_last4)
    zone = office_zone(ctx)
    with refusing_races(ctx, Person, person_id, "profile", zone), ctx.db.transaction() as session:
        person = load_person(session, person_id)
        check_version(person, expected_version, "profile", zone)
        change_person(
            ctx, session, person, cleaned, None if data.ssn_last4 == "" else ssn_hash, data.ssn_last4 == ""
        )
        return profile_of(session, person)


def change_person(
    ctx: Context,
    session: Session,
    person: Person,
    cleaned: CleanProfile,
    ssn_hash: str | None,
    clear_ssn: bool = False,
    action: str = "person.update",
) -> bool:
    """Apply a checked profile to a stored person inside the caller's transaction; True when anything changed."""
    _refuse_conflicts(session, cleaned, person.id)
    before = snapshot(person)
    old_hash = person.ssn_last4_hash
    _apply(person, cleaned, ctx)
    _apply_opt_outs(session, cleaned, ctx)
    if clear_ssn:
        person.ssn_last4_hash = None
    elif ssn_hash:
        person.ssn_last4_hash = ssn_hash
    after = snapshot(person)
    if old_hash and person.ssn_last4_hash and old_hash != person.ssn_last4_hash:
        after["ssn_last4"] = "replaced"  # both snapshots say "stored": the log still shows the digits changed
    changed = [key for key in after if before[key] != after[key]]
    if changed:
        stamp(person, ctx)
        session.flush()
        audit.record(
            ctx,
            session,
            action,
            "person",
            person.id,
            {k: before[k] for k in changed},
            {k: after[k] for k in changed},
        )
    return bool(changed)


def find_by_last_name_and_ssn(ctx: Context, last_name: str, last4: str) -> list[PersonSummary]:
    """The seed's duplicate check before a new external profile: same last name and same last-4 SSN."""
    return find_by_last_name_and_ssn_hash(ctx, last_name, ssn_last4_hash(ssn_key(ctx), last4))


def find_by_last_name_and_ssn_hash(ctx: Context, last_name: str, ssn_hash: str) -> list[PersonSummary]:
    from cme_desktop.domain.names import last_names_match

    with ctx.db.transaction() as session:
        people = [
            p
            for p in session.scalars(select(Person).where(Person.ssn_last4_hash == ssn_hash))
            if last_names_match(p.last_name, last_name)
        ]
        return summaries(session, people)


def load_person(session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        alias = session.get(PersonAlias, person_id)
        person = session.get(Person, alias.person_id) if alias else None
    if person is None:
        raise InputError(f"There is no profile number {person_id}.")
    return person


def profile_of(session: Session, person: Person) -> Profile:
    stopped = opted_out_among(session, (p.e164 for p in person.phones))
    merged = tuple(
        session.scalars(
            select(PersonAlias.merged_id)
            .where(PersonAlias.person_id == person.id)
            .order_by(PersonAlias.merged_id)
        )
    )
    return Profile(
        id=person.id,
        version=person.version,
        **{name: getattr(person, name) for name in SCALARS},
        emails=tuple(EmailEntry(e.address, e.is_primary) for e in sorted(person.emails, key=_email_order)),
        phones=tuple(
            PhoneEntry(p.e164, p.verified, p.e164 in stopped)
            for p in sorted(person.phones, key=lambda p: p.id)
        ),
        board_ids=tuple(
            BoardEntry(b.board, b.board_id) for b in sorted(person.board_ids, key=lambda b: b.id)
        ),
        licenses=tuple(
            LicenseEntry(x.state, x.license_number) for x in sorted(person.licenses, key=lambda x: x.id)
        ),
        has_ssn_last4=person.ssn_last4_hash is not None,
        created_at=person.created_at,
        updated_at=person.updated_at,
        updated_by=person.updated_by,
        merged_ids=merged,
    )


def snapshot(person: Person, stopped: Set[str] | None = None) -> dict[str, Any]:
    """The profile as the audit log keeps it: no SSN hash, only whether one is stored. `stopped` is which of
    its numbers are opted out, when the caller read them for many people at once."""
    if stopped is None:
        stopped = _stopped(person)
    return snapshot_of(
        {name: getattr(person, name) for name in SCALARS},
        [EmailEntry(e.address, e.is_primary) for e in person.emails],
        [PhoneEntry(p.e164, p.verified, p.e164 in stopped) for p in person.phones],
        [BoardEntry(b.board, b.board_id) for b in person.board_ids],
        [LicenseEntry(x.state, x.license_number) for x in person.licenses],
        person.ssn_last4_hash is not None,
    )


def _stopped(person: Person) -> Set[str]:
    """Which of the person's numbers are opted out (the state is the number's: services/texting/numbers.py)."""
    session = object_session(person)
    return opted_out_among(session, (p.e164 for p in person.phones)) if session and person.phones else set()


def snapshot_of(
    fields: Mapping[str, Any],
    emails: Iterable[EmailEntry],
    phones: Iterable[PhoneEntry],
    board_ids: Iterable[BoardEntry],
    licenses: Iterable[LicenseEntry],
    ssn_stored: bool,
) -> dict[str, Any]:
    """The audit log's snapshot of a profile given as checked values (the import writes without ORM rows)."""
    values: dict[str, Any] = {name: fields[name] for name in SCALARS}
    values["emails"] = _sorted([f"{e.address}{' (primary)' if e.primary else ''}" for e in emails])
    values["phones"] = _sorted(
        [
            f"{p.number}{' verified' if p.verified else ''}{' opted out' if p.opted_out else ''}"
            for p in phones
        ]
    )
    values["board_ids"] = _sorted([f"{b.board} {b.board_id}" for b in board_ids])
    values["licenses"] = _sorted([f"{x.state} {x.license_number}" for x in licenses])
    values["ssn_last4"] = "stored" if ssn_stored else None
    return values


def _sorted(items: list[str]) -> list[str]:
    return sorted(items) if len(items) > 1 else items  # most lists are empty or one long (an import: 50,000)


def input_of(person: Person, stopped: Set[str] | None = None) -> ProfileInput:
    """The stored profile as the form edits it (what `profile_of(...).as_input()` gives, without its queries
    when the caller passes which numbers are opted out)."""
    if stopped is None:
        stopped = _stopped(person)
    return ProfileInput(
        **{name: getattr(person, name) for name in SCALARS},
        emails=tuple(EmailEntry(e.address, e.is_primary) for e in sorted(person.emails, key=_email_order)),
        phones=tuple(
            PhoneEntry(display_phone(p.e164), p.verified, p.e164 in stopped)
            for p in sorted(person.phones, key=lambda p: p.id)
        ),
        board_ids=tuple(
            BoardEntry(b.board, b.board_id) for b in sorted(person.board_ids, key=lambda b: b.id)
        ),
        licenses=tuple(
            LicenseEntry(x.state, x.license_number) for x in sorted(person.licenses, key=lambda x: x.id)
        ),
    )


def _email_order(email: PersonEmail) -> tuple[bool, int]:
    return (not email.is_primary, email.id or 0)


def hash_last4(ctx: Context, last4: str | None) -> str | None:
    if not last4:
        return None
    digits = clean_last4(last4)  # refuse bad digits before asking for the key
    return ssn_last4_hash(ssn_key(ctx), digits)


def _apply(person: Person, cleaned: CleanProfile, ctx: Context) -> None:
    for name, value in cleaned.fields.items():
        if getattr(person, name) != value:
            setattr(person, name, value)
    person.search_name = search_name(person.first_name, person.last_name)
    emails = {e.address: e for e in person.emails}
    person.emails = [emails.get(e.address) or PersonEmail(address=e.address) for e in cleaned.emails]
    for row, entry in zip(person.emails, cleaned.emails, strict=True):
        row.is_primary = entry.primary
    phones = {p.e164: p for p in person.phones}
    person.phones = [phones.get(p.number) or PersonPhone(e164=p.number) for p in cleaned.phones]
    for row_phone, entry_phone in zip(person.phones, cleaned.phones, strict=True):
        row_phone.verified = entry_phone.verified
    boards = {(b.board, b.board_id): b for b in person.board_ids}
    person.board_ids = [
        boards.get((b.board, b.board_id)) or BoardId(board=b.board, board_id=b.board_id)
        for b in cleaned.board_ids
    ]
    licenses = {(x.state, x.license_number): x for x in person.licenses}
    person.licenses = [
        licenses.get((x.state, x.license_number))
        or StateLicense(state=x.state, license_number=x.license_number)
        for x in cleaned.licenses
    ]


def _apply_opt_outs(session: Session, cleaned: CleanProfile, ctx: Context) -> None:
    """A coordinator ticks or clears "opted out" on a phone: the number's state, kept beside the profile."""
    for entry in cleaned.phones:
        set_opted_out(session, entry.number, entry.opted_out, "coordinator", ctx.clock())


def _refuse_conflicts(session: Session, cleaned: CleanProfile, person_id: int | None) -> None:
    """An email, phone, NetID, NPI or board ID on another profile is refused, naming that profile."""
    others = Person.id != person_id if person_id is not None else Person.id.isnot(None)
    checks: list[tuple[Any, str]] = []
    addresses = [e.address for e in cleaned.emails]
    if addresses:
        checks.append(
            (
                select(PersonEmail.address, Person)
                .join(Person)
                .where(PersonEmail.address.in_(addresses), others),
                "The email {value} is already on {name}'s profile.",
            )
        )
    numbers = [p.number for p in cleaned.phones]
    if numbers:
        checks.append(
            (
                select(PersonPhone.e164, Person).join(Person).where(PersonPhone.e164.in_(numbers), others),
                "The phone {value} is already on {name}'s profile.",
            )
        )
    for column, label in ((Person.netid, "NetID"), (Person.npi, "NPI")):
        value = cleaned.fields[column.key]
        if value:
            checks.append(
                (
                    select(column, Person).where(column == value, others),
                    f"The {label} {{value}} is already on {{name}}'s profile.",
                )
            )
    for board in cleaned.board_ids:
        checks.append(
            (
                select(BoardId.board_id, Person)
                .join(Person, Person.id == BoardId.person_id)
                .where(BoardId.board == board.board, BoardId.board_id == board.board_id, others),
                f"The {board.board} ID {{value}} is already on {{name}}'s profile.",
            )
        )
    for query, message in checks:
        row = session.execute(query.limit(1)).first()
        if row is not None:
            value, other = row
            shown = display_phone(value) if message.startswith("The phone") else value
            raise ProfileConflict(
                message.format(value=shown, name=display_name(other.first_name, other.last_name)), other.id
            )
