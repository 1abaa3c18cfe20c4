"""Finding or creating the signed-in learner's profile as the seed does, and the learner's own corrections.

A signed-in address with no profile is asked for the last name and the last 4 SSN digits, hashed with the
office's key exactly as the desktop hashes them (services/people). "Account not found" leads to the short profile
form. A match never shows the other profile (nor whose it is): the learner makes their profile all the same, with
the same last name and digits, and the duplicate finder offers the pair to the office to merge (People ›
Duplicates), where the claims of both are kept. On a server whose keyring lacks the office's key (or holds
another), SSN matching is off and the learner goes straight to the short form; the portal never creates a key.

Every change is audited under the learner's portal identity, identifiers included (services/people/profiles).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cme_desktop import secrets
from cme_desktop.domain.names import last_names_match
from cme_desktop.domain.phones import normalize_phone
from cme_desktop.domain.ssn import clean_last4, key_fingerprint, ssn_last4_hash
from cme_desktop.errors import InputError
from cme_desktop.services import audit
from cme_desktop.services.context import Context
from cme_desktop.services.editing import check_version, refusing_races
from cme_desktop.services.office.settings import office_zone, read_settings
from cme_desktop.services.people.profile_input import EmailEntry, PhoneEntry, ProfileInput, clean
from cme_desktop.services.people.profiles import (
    Profile,
    ProfileConflict,
    add_person,
    change_person,
    get_profile,
    input_of,
    load_person,
    profile_of,
)
from cme_desktop.services.portal.sessions import Visit, as_learner, live_row
from cme_desktop.services.texting.numbers import opted_out_among
from cme_desktop.store.locking import hold_write_lock
from cme_desktop.store.people import Person

CHECKS_PER_SESSION = 3


class ProfileStepRefused(InputError):
    """The profile step cannot go on as asked; the message says what to do."""


@dataclass(frozen=True)
class Made:
    person_id: int
    # The last name and SSN digits matched a profile on file: the office will merge the two.
    matched: bool


def ssn_matching_on(ctx: Context) -> bool:
    """Whether this server can hash SSN digits as the rest of the office does (its keyring holds the key)."""
    return _office_key(ctx) is not None


def _office_key(ctx: Context) -> bytes | None:
    with ctx.db.transaction() as session:
        fingerprint = read_settings(session).ssn_key_fingerprint
    key = secrets.get_ssn_key()
    if not fingerprint or key is None or key_fingerprint(key) != fingerprint:
        return None
    return key


def check_existing(ctx: Context, visit: Visit, last_name: str, last4: str) -> bool:
    """The seed's check before a new profile: does a profile have this last name and these last-4 SSN digits?
    Kept with the session (a keyed hash, never the digits) for the profile form; at most 3 checks a session."""
    if not " ".join(last_name.split()):
        raise InputError("Enter your last name.")
    if len(last_name) > 100:
        raise InputError("The last name is longer than 100 characters.")
    digits = clean_last4(last4)
    key = _office_key(ctx)
    if key is None:
        raise ProfileStepRefused("Go on to make your profile: the office checks for an existing one itself.")
    ssn_hash = ssn_last4_hash(key, digits)
    with ctx.db.transaction() as session:
        hold_write_lock(session)
        row = live_row(session, visit.session_id, ctx.clock())
        if row is None:
            raise ProfileStepRefused("Your session has ended; sign in again.")
        pending = dict(row.pending or {})
        checks = int(pending.get("checks", 0))
        if checks >= CHECKS_PER_SESSION:
            raise ProfileStepRefused(
                "You have checked three times already. Go on to make your profile: the CME office will link it "
                "to any profile you already have."
            )
        matched = any(
            last_names_match(found, last_name)
            for found in session.scalars(select(Person.last_name).where(Person.ssn_last4_hash == ssn_hash))
        )
        pending.update(
            checks=checks + 1, last_name=" ".join(last_name.split()), ssn_hash=ssn_hash, matched=matched
        )
        row.pending = pending
        return matched


def skip_check(ctx: Context, visit: Visit) -> None:
    """The learner has no US Social Security number (or will not give it): on to the short form."""
    with ctx.db.transaction() as session:
        row = live_row(session, visit.session_id, ctx.clock())
        if row is not None:
            row.pending = {**(row.pending or {}), "skipped": True}


def create_own_profile(ctx: Context, visit: Visit, data: ProfileInput) -> Made:
    """The short form saved as the learner's profile, with the address they signed in with (and the NetID of the
    sign-on), and the session signed in to it. A form sent twice makes one profile."""
    if not visit.signed_in:
        raise ProfileStepRefused("Sign in first.")
    emails = (EmailEntry(visit.email, True),) if visit.email else ()
    data = replace(data, emails=emails, netid=visit.netid, ssn_last4=None)
    clean(data)  # what is wrong with the form is said before anything is locked
    learner = as_learner(ctx, visit)
    with ctx.db.transaction() as session:
        hold_write_lock(session)
        cleaned = clean(replace(data, phones=_phones(session, (), [p.number for p in data.phones])))
        row = live_row(session, visit.session_id, ctx.clock())
        if row is None:
            raise ProfileStepRefused("Your session has ended; sign in again. Nothing was saved.")
        if row.person_id is not None:
            return Made(row.person_id, bool((row.pending or {}).get("matched")))
        pending = dict(row.pending or {})
        ssn_hash = pending.get("ssn_hash")
        matched = bool(pending.get("matched"))
        if ssn_hash and not last_names_match(
            str(pending.get("last_name", "")), str(cleaned.fields["last_name"])
        ):
            ssn_hash, matched = None, False  # the digits were checked with another last name: not kept
        try:
            person = add_person(learner, session, cleaned, ssn_hash, action="person.create_portal")
        except ProfileConflict as error:
            raise _unnamed(error) from error
        if matched:
            audit.record(
                learner,
                session,
                "person.portal_possible_duplicate",
                "person",
                person.id,
                None,
                {"reason": "same last name and last-4 SSN as a profile on file; merge them in People"},
            )
        row.person_id = person.id
        row.pending = None
        return Made(person.id, matched)


def _unnamed(error: ProfileConflict) -> ProfileStepRefused:
    """A conflict told without the other profile's name: 'The phone (843) 555-0199 is already on another profile'."""
    what = str(error).split(" is already on ")[0]
    return ProfileStepRefused(
        f"{what} is already on another profile in our records: check it, or leave it out and "
        "ask the CME office to sort it out."
    )


def own_profile(ctx: Context, visit: Visit) -> Profile:
    if visit.person_id is None:
        raise ProfileStepRefused("Make your profile first.")
    return get_profile(ctx, visit.person_id)


# What a learner may correct on the portal; their email (the one they sign in with) and NetID stay as they are.
EDITABLE = (
    "first_name",
    "middle_name",
    "last_name",
    "suffix",
    "degree",
    "profession",
    "npi",
    "nabp_eprofile_id",
    "birth_month",
    "birth_day",
    "moc_permission",
)


def update_own_profile(ctx: Context, visit: Visit, changes: dict[str, Any], version: int) -> Profile:
    """The learner's corrections over the version they loaded: names, degree and profession, identifiers (NPI,
    NABP, board IDs, state licenses), birthday, MOC permission and phones. Phones they add are unconfirmed until
    they text from them; a phone's opt-out stays the number's. Audited under their portal identity."""
    if visit.person_id is None:
        raise ProfileStepRefused("Make your profile first.")
    learner = as_learner(ctx, visit)
    zone = office_zone(ctx)
    with (
        refusing_races(learner, Person, visit.person_id, "profile", zone),
        learner.db.transaction() as session,
    ):
        person = load_person(session, visit.person_id)
        check_version(person, version, "profile", zone)
        current = input_of(person)
        phones = _phones(session, current.phones, changes.get("phones", ()))
        data = replace(
            current,
            **{name: changes[name] for name in EDITABLE if name in changes},
            phones=phones,
            board_ids=tuple(changes.get("board_ids", current.board_ids)),
            licenses=tuple(changes.get("licenses", current.licenses)),
        )
        try:
            change_person(learner, session, person, clean(data), None, action="person.update_portal")
        except ProfileConflict as error:
            raise _unnamed(error) from error
        return profile_of(session, person)


def _phones(session: Session, stored: tuple[PhoneEntry, ...], typed: Iterable[str]) -> tuple[PhoneEntry, ...]:
    """The phones as the learner typed them. One already on the profile keeps whether it is confirmed; a new one
    is unconfirmed until its owner texts from it; each keeps its number's opt-out (a STOP is the number's)."""
    on_file = {normalize_phone(entry.number): entry for entry in stored}
    entries: list[PhoneEntry] = []
    for number in typed:
        try:
            e164 = normalize_phone(number)
        except InputError:
            entries.append(PhoneEntry(number))  # clean() says what is wrong with it
            continue
        entries.append(on_file.get(e164) or PhoneEntry(e164))
    stopped = opted_out_among(session, (e.number for e in entries if e.number.startswith("+")))
    return tuple(
        PhoneEntry(e.number, e.verified, e.number in stopped) if e.number.startswith("+") else e
        for e in entries
    )
