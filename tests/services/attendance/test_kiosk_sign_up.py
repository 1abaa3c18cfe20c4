"""A learner the kiosk does not know: a minimal profile after the seed's duplicate check, then the claim."""

from __future__ import annotations

import pytest

from cme_desktop.services.attendance.kiosk import NewLearner, SeeTheCoordinator, sign_up_and_claim
from cme_desktop.services.attendance.queries import session_attendance
from cme_desktop.services.context import Context
from cme_desktop.services.people.profile_input import EmailEntry, ProfileInput
from cme_desktop.services.people.profiles import create_profile
from cme_desktop.services.people.search import search_people
from tests.services.attendance_factory import build


def test_a_new_learner_gets_a_profile_and_one_claim(ctx: Context) -> None:
    setting = build(ctx)
    result = sign_up_and_claim(
        ctx, NewLearner("Ada", "Okafor", "RN", "ada.okafor@example.org"), setting.now_session
    )
    assert "Nursing contact hours" in result.confirmation()
    [ada] = search_people(ctx, "okafor")
    assert (ada.degree, ada.primary_email) == ("RN", "ada.okafor@example.org")
    claims = session_attendance(ctx, setting.now_session).claims
    assert [(c.person_id, c.channel) for c in claims] == [(ada.id, "kiosk")]


def test_the_seeds_duplicate_check_sends_a_returning_learner_to_the_coordinator(ctx: Context) -> None:
    """The seed: last name + last 4 SSN digits find an existing account before a new one is made."""
    setting = build(ctx)
    create_profile(
        ctx,
        ProfileInput(
            "Adaeze", "Okafor", degree="RN", emails=(EmailEntry("a.okafor@work.org", True),), ssn_last4="4821"
        ),
    )
    with pytest.raises(SeeTheCoordinator, match="already have a profile"):
        sign_up_and_claim(
            ctx, NewLearner("Ada", "Okafor", "RN", "ada.personal@example.org", "4821"), setting.now_session
        )
    assert len(search_people(ctx, "okafor")) == 1
    assert session_attendance(ctx, setting.now_session).claims == ()


def test_an_email_already_on_a_profile_is_turned_back_without_naming_anyone(ctx: Context) -> None:
    setting = build(ctx)
    with pytest.raises(SeeTheCoordinator) as refused:
        sign_up_and_claim(ctx, NewLearner("Ray", "Moss", "RN", "ray.moss@example.org"), setting.now_session)
    assert "already on a profile" in str(refused.value) and "Moss" not in str(refused.value)
