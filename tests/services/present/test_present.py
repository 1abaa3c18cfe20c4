"""Present mode's slide content, live count and the disclosure-shown time (DOMAIN.md, "Attendance" and
"Disclosure": disclose to learners BEFORE they engage with the education, in a form that can be verified)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from cme_desktop.clock import frozen_clock
from cme_desktop.services.audit import history
from cme_desktop.services.context import Context
from cme_desktop.services.present.slides import (
    SessionNotFound,
    live_count,
    record_disclosure_shown,
    slide_content,
)
from tests.services.present_factory import STARTS, STATEMENT, add_claims, make_session, office_settings


def test_the_attendance_slide_says_what_the_room_needs(ctx: Context) -> None:
    office_settings(ctx)
    session_id = make_session(ctx)
    add_claims(ctx, session_id, 3, revoked=1)

    content = slide_content(ctx, session_id)

    assert content.activity_title == "Medicine Grand Rounds"
    assert content.topic == "Heart Failure with Preserved Ejection Fraction"
    assert content.code == "2356446"
    assert content.grouped_code == "235 6446"
    assert content.texting_instruction == "Text ATTEND 2356446 to (833) 558-2111"
    assert content.qr_payload == "SMSTO:+18335582111:ATTEND 2356446"
    assert content.portal_line == "or enter the code at cme.example.edu"
    # Closes 7 days after the session ends (DOMAIN.md), said in the office's zone.
    assert content.valid_until == "Valid until Saturday, December 5, 2026, 1:00 PM"
    assert content.claim_count == 3
    assert content.problem is None


def test_validity_is_said_in_the_office_zone(ctx: Context) -> None:
    office_settings(ctx, office_timezone="America/Chicago")
    content = slide_content(ctx, make_session(ctx))
    assert content.valid_until == "Valid until Saturday, December 5, 2026, 12:00 PM"


def test_the_qr_code_can_open_the_portal_instead(ctx: Context) -> None:
    office_settings(ctx, qr_mode="portal", portal_url_template="https://cme.example.edu/attend?code={code}")
    content = slide_content(ctx, make_session(ctx))
    assert content.qr_payload == "https://cme.example.edu/attend?code=2356446"
    assert content.texting_instruction == "Text ATTEND 2356446 to (833) 558-2111"


def test_without_a_texting_number_the_slide_points_to_the_portal(ctx: Context) -> None:
    office_settings(ctx, texting_number="")
    content = slide_content(ctx, make_session(ctx))
    assert content.texting_instruction is None
    assert content.qr_payload is None
    assert content.portal_line == "Enter the code at cme.example.edu"


def test_a_bad_texting_number_is_explained_not_shown(ctx: Context) -> None:
    import json

    from cme_desktop.store.office import OfficeSetting

    office_settings(ctx)
    # Settings refuses such a number now; one saved before that check (or by hand) must not break the slide.
    with ctx.db.transaction() as session:
        session.get_one(OfficeSetting, "texting_number").value = json.dumps("call us")
    content = slide_content(ctx, make_session(ctx))
    assert content.qr_payload is None and content.texting_instruction is None
    assert content.problem == "The texting number 'call us' is not a phone number."


def test_the_disclosure_slide_comes_from_the_activity_statement(ctx: Context) -> None:
    office_settings(ctx)
    with_statement = slide_content(ctx, make_session(ctx))
    assert with_statement.has_disclosure and with_statement.disclosure_text == STATEMENT
    without = slide_content(ctx, make_session(ctx, statement="  ", code="7214705"))
    assert not without.has_disclosure


def test_a_session_without_a_code_still_has_its_title(ctx: Context) -> None:
    office_settings(ctx)
    content = slide_content(ctx, make_session(ctx, code=None))
    assert content.code is None and content.qr_payload is None and content.valid_until is None
    assert content.activity_title == "Medicine Grand Rounds"


def test_an_unknown_session_is_refused_with_a_sentence(ctx: Context) -> None:
    with pytest.raises(SessionNotFound, match=r"There is no session number 999\."):
        slide_content(ctx, 999)


def test_live_count_ignores_revoked_claims(ctx: Context) -> None:
    session_id = make_session(ctx)
    assert live_count(ctx, session_id) == 0
    add_claims(ctx, session_id, 2, revoked=2)
    assert live_count(ctx, session_id) == 2


def test_showing_the_disclosure_is_recorded_and_audited(ctx: Context) -> None:
    session_id = make_session(ctx)
    shown = record_disclosure_shown(ctx, session_id)
    assert shown.changed and shown.shown_at == ctx.clock()
    assert slide_content(ctx, session_id).disclosure_shown_at == ctx.clock()
    entries = history(ctx, "session", session_id)
    assert [e.action for e in entries] == ["session.disclosure_shown"]
    assert entries[0].before == {"disclosure_shown_at": None}
    assert entries[0].machine == "test-laptop"


def test_the_showing_before_the_session_started_is_the_one_kept(ctx: Context) -> None:
    """A rehearsal the day before is replaced by the showing in the room before the start; showing it again
    after the education began does not move the evidence past the start."""
    session_id = make_session(ctx)
    rehearsal = replace(ctx, clock=frozen_clock(STARTS - timedelta(days=1)))
    in_the_room = replace(ctx, clock=frozen_clock(STARTS - timedelta(minutes=3)))
    later = replace(ctx, clock=frozen_clock(STARTS + timedelta(minutes=20)))

    assert record_disclosure_shown(rehearsal, session_id).changed
    assert record_disclosure_shown(in_the_room, session_id).changed
    again = record_disclosure_shown(later, session_id)

    assert not again.changed and again.shown_at == STARTS - timedelta(minutes=3)
    assert slide_content(ctx, session_id).disclosure_shown_at == STARTS - timedelta(minutes=3)
    assert len(history(ctx, "session", session_id)) == 2


def test_the_disclosure_slide_comes_from_the_standard3_review_once_roles_are_set(ctx: Context) -> None:
    """DOMAIN.md, Standard 3 step 5: disclose to learners before they engage, from the review."""
    from datetime import date, timedelta

    from cme_desktop.domain.vocabulary import RoleInActivity
    from cme_desktop.services.standard3.disclosures import DisclosureInput, assign_role, enter_disclosure
    from cme_desktop.store.activities import ActivitySession
    from tests.services.standard3_factory import add_activity, add_person

    start = ctx.clock() + timedelta(days=5)
    activity = add_activity(ctx, "Medicine Grand Rounds", start)
    with ctx.db.transaction() as session:
        session_id = session.query(ActivitySession.id).filter_by(activity_id=activity).scalar()
    unassigned = slide_content(ctx, session_id)
    assert unassigned.disclosure_text is None
    assert (
        unassigned.standard3_warning is not None and "no planners or faculty" in unassigned.standard3_warning
    )

    planner = add_person(ctx, "Sam", "Roe")
    faculty = add_person(ctx, "Ann", "Lee")
    assign_role(ctx, activity, planner, RoleInActivity.PLANNER)
    assign_role(ctx, activity, faculty, RoleInActivity.FACULTY)
    enter_disclosure(ctx, DisclosureInput(planner, date(2026, 10, 1), attested=True, no_relationships=True))
    draft = slide_content(ctx, session_id)
    assert (
        draft.standard3_warning is not None and "Standard 3 review is not complete" in draft.standard3_warning
    )

    enter_disclosure(ctx, DisclosureInput(faculty, date(2026, 10, 1), attested=True, no_relationships=True))
    content = slide_content(ctx, session_id)
    assert content.problem is None and content.standard3_warning is None
    assert content.disclosure_text is not None
    assert content.disclosure_text.startswith(
        "None of the planners and faculty for this activity have relevant"
    )
