"""The kiosk's sign-in: a learner is found only by something they alone should know, never from a list.

Anyone can walk up to a kiosk, so it never lists people to pick from (that would let a passer-by browse the roster
and sign in as someone else). A learner types their own email, mobile number or NetID and is found only by an exact
match; without those, their first and last name together with their birthday (month and day) find them when
exactly one profile has all three.

A learner the kiosk does not know creates a minimal profile and signs in (issue 5, "In the room"). The duplicate
check of the office's old sign-up comes first: with last-4 SSN digits, a profile with the same last name and digits
means the learner already has an account, and the coordinator sorts it out (the kiosk shows nobody's details).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from cme_desktop.domain.names import fold, search_name
from cme_desktop.domain.phones import normalize_phone
from cme_desktop.domain.vocabulary import ClaimChannel
from cme_desktop.errors import InputError
from cme_desktop.services.attendance.claims import ClaimRequest, ClaimResult, record_claim
from cme_desktop.services.context import Context
from cme_desktop.services.people.profile_input import EmailEntry, ProfileInput
from cme_desktop.services.people.profiles import PossibleDuplicate, ProfileConflict, create_profile
from cme_desktop.services.people.search import PersonSummary, summaries
from cme_desktop.store.people import Person, PersonEmail, PersonPhone

DEGREES = ("MD", "DO", "PA", "NP", "RN", "PharmD", "PhD", "Other")


def find_learner(ctx: Context, typed: str) -> PersonSummary | None:
    """The one profile whose email, mobile number or NetID is exactly what was typed, or None."""
    text = typed.strip()
    if not text:
        return None
    if "@" in text:
        query = select(Person).join(PersonEmail).where(func.lower(PersonEmail.address) == text.lower())
    else:
        digits = "".join(ch for ch in text if ch.isdigit())
        if len(digits) >= 7 and len(digits) >= len(text.replace(" ", "")) - 4:  # a phone number, as typed
            try:
                e164 = normalize_phone(text)
            except InputError:
                return None
            query = select(Person).join(PersonPhone).where(PersonPhone.e164 == e164)
        else:
            query = select(Person).where(Person.netid == text.lower())
    with ctx.db.transaction() as session:
        found = list(session.scalars(query.limit(2)))
        return summaries(session, found)[0] if len(found) == 1 else None


def find_by_birthday(ctx: Context, first: str, last: str, month: int, day: int) -> PersonSummary | None:
    """The one profile with this first and last name (accents and case aside) and this birthday, or None.
    Two profiles with all three are a matter for the coordinator, not a guess."""
    if not fold(first) or not fold(last):
        raise InputError("Enter your first and last name.")
    query = (
        select(Person)
        .where(Person.search_name == search_name(first, last))
        .where(Person.birth_month == month, Person.birth_day == day)
        .limit(2)
    )
    with ctx.db.transaction() as session:
        found = list(session.scalars(query))
        if len(found) > 1:
            raise SeeTheCoordinator("More than one profile matches: please see the coordinator at the desk.")
        return summaries(session, found)[0] if found else None


class SeeTheCoordinator(InputError):
    """The kiosk cannot finish this sign-up by itself; the message says why, without anyone's details."""


@dataclass(frozen=True)
class NewLearner:
    first_name: str
    last_name: str
    degree: str
    email: str
    ssn_last4: str | None = None


def sign_up_and_claim(ctx: Context, learner: NewLearner, session_id: int) -> ClaimResult:
    """Create the profile (after the duplicate check), then record the kiosk claim through the one rule book."""
    if not learner.first_name.strip() or not learner.last_name.strip():
        raise InputError("Enter your first and last name.")
    if not learner.email.strip():
        raise InputError("Enter your email address: your certificate and reminders go there.")
    if not learner.degree:
        raise InputError("Choose your degree (or Other): it decides which credit you are awarded.")
    degree = None if learner.degree == "Other" else learner.degree
    data = ProfileInput(
        first_name=learner.first_name.strip(),
        last_name=learner.last_name.strip(),
        degree=degree,
        emails=(EmailEntry(learner.email.strip(), True),),
        ssn_last4=(learner.ssn_last4 or "").strip() or None,
    )
    try:
        profile = create_profile(ctx, data)
    except PossibleDuplicate as error:
        raise SeeTheCoordinator(
            "It looks like you already have a profile. Please see the coordinator at the desk."
        ) from error
    except ProfileConflict as error:
        raise SeeTheCoordinator(
            "That email is already on a profile: go back and type it to find yourself."
        ) from error
    return record_claim(ctx, ClaimRequest(profile.id, ClaimChannel.KIOSK, session_id=session_id))
