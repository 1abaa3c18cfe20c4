"""A learner the kiosk does not know creates a minimal external profile and signs in (issue 5, "In the room").

The seed's duplicate check comes first: with last-4 SSN digits, a profile with the same last name and digits
means the learner already has an account, and the coordinator sorts it out (the kiosk shows nobody's details).
"""

from __future__ import annotations

from dataclasses import dataclass

from cme_desktop.domain.vocabulary import ClaimChannel
from cme_desktop.errors import InputError
from cme_desktop.services.attendance.claims import ClaimRequest, ClaimResult, record_claim
from cme_desktop.services.context import Context
from cme_desktop.services.people.profile_input import EmailEntry, ProfileInput
from cme_desktop.services.people.profiles import PossibleDuplicate, ProfileConflict, create_profile

DEGREES = ("MD", "DO", "PA", "NP", "RN", "PharmD", "PhD", "Other")


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
    degree = None if learner.degree in ("", "Other") else learner.degree
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
