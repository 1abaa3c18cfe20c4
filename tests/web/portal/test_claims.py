"""Claim by code on the portal (issue 17, item 4): the one rule book with channel "portal", the same window,
credit and duplicate rules and the same sentences as texting (DOMAIN.md, "Attendance"), /c/CODE from the slide's
QR code, and the wrong-code lockout."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from cme_desktop.services.attendance.claims import revoke_claim
from cme_desktop.services.audit import history
from cme_desktop.services.office.settings import update_settings
from cme_desktop.services.present.slides import slide_content
from cme_desktop.store.attendance import AttendanceClaim
from tests.services.attendance_factory import Setting, build
from tests.web.portal.conftest import Portal


@pytest.fixture
def setting(portal: Portal) -> Setting:
    return build(portal.ctx)


def claims(portal: Portal) -> list[AttendanceClaim]:
    with portal.ctx.db.transaction() as session:
        found = list(session.scalars(select(AttendanceClaim).order_by(AttendanceClaim.id)))
        session.expunge_all()
        return found


def signed_in_physician(portal: Portal, setting: Setting) -> int:
    """Jane Doe, MD, of the factory's learners, signed in."""
    portal.sign_in_as("jane.doe@example.org")
    return setting.physician


def claim(portal: Portal, code: str) -> tuple[int, str]:
    return portal.post_form("/claim", {"code": code})


def test_a_code_is_recorded_with_the_texting_sentence_and_channel_portal(
    portal: Portal, setting: Setting
) -> None:
    person = signed_in_physician(portal, setting)
    grouped = f"{setting.now_code[:3]}-{setting.now_code[3:]}"  # typed as it is read out
    status, page = claim(portal, grouped)
    assert status == 200
    assert (
        "Recorded: Medicine Grand Rounds on Saturday, November 28, 2026: 1 credit "
        "(AMA PRA Category 1 Credit\u2122)." in page
    )
    [row] = claims(portal)
    assert (row.person_id, row.session_id, row.channel) == (person, setting.now_session, "portal")
    assert row.credit_type == "ama_pra_1" and row.credit_quarters == 4
    assert row.evidence["signed_in_by"] == "email"
    [audited] = [e for e in history(portal.ctx, "attendance_claim", row.id) if e.action == "attendance.claim"]
    assert audited.os_user == "portal: jane.doe@example.org"
    # The same code again is one claim, answered as texting answers it.
    status, page = claim(portal, setting.now_code)
    assert status == 200 and "Already recorded: Medicine Grand Rounds" in page
    assert len(claims(portal)) == 1


def test_the_window_and_refusals_read_as_on_texting(portal: Portal, setting: Setting) -> None:
    signed_in_physician(portal, setting)
    status, page = claim(portal, setting.past_code)
    assert status == 400
    assert "The code for Medicine Grand Rounds on Wednesday, November 18, 2026 closed on" in page
    assert "ask the CME office to add your attendance." in page
    status, page = claim(portal, setting.future_code)
    assert status == 400 and "The code for Medicine Grand Rounds opens at" in page
    status, page = claim(portal, "12345")
    assert status == 400 and "Activity codes have 7 digits (12345 is not 7 digits)" in page
    status, page = claim(portal, "1' OR '1'='1")
    assert status == 400 and "Activity codes have 7 digits" in page
    assert claims(portal) == []


def test_a_withdrawn_claim_is_not_reinstated_by_the_learner(portal: Portal, setting: Setting) -> None:
    signed_in_physician(portal, setting)
    claim(portal, setting.now_code)
    [row] = claims(portal)
    revoke_claim(portal.ctx, row.id, "Not in the room")
    status, page = claim(portal, setting.now_code)
    assert status == 400 and "was withdrawn by the CME office" in page
    assert claims(portal)[0].revoked_at is not None


def test_five_wrong_codes_lock_the_browser_out_for_a_while(portal: Portal, setting: Setting) -> None:
    signed_in_physician(portal, setting)
    for wrong in ("1111111", "2222222", "3333333", "4444444", "5555555"):
        status, page = claim(portal, wrong)
        assert status == 400
        assert f"{wrong} is not an activity code; check the code shown in the room." in page
    status, page = claim(portal, setting.now_code)
    assert status == 400 and "Too many wrong codes. Try again after 11:15 AM." in page
    assert claims(portal) == []
    portal.clock.advance(minutes=16)
    assert "Recorded:" in claim(portal, setting.now_code)[1]


def test_claiming_needs_sign_in_and_comes_back_to_the_code(portal: Portal, setting: Setting) -> None:
    first = portal.client.get(f"/c/{setting.now_code}")
    assert first.status_code == 303
    assert first.headers["location"] == f"/sign-in?next=/c/{setting.now_code}"
    where = portal.sign_in("jane.doe@example.org", f"/c/{setting.now_code}")
    assert where == f"/c/{setting.now_code}"
    page = portal.client.get(where).text
    assert "Medicine Grand Rounds on Saturday, November 28, 2026" in page
    assert f'value="{setting.now_code}"' in page
    assert claims(portal) == []  # opening the link records nothing; the button does
    status, answer = portal.post_form("/claim", {"code": setting.now_code}, where)
    assert status == 200 and "Recorded:" in answer


def test_the_slides_qr_code_opens_the_portals_claim_page_when_the_office_chooses_it(
    portal: Portal, setting: Setting
) -> None:
    update_settings(portal.ctx, {"texting_number": "(833) 558-2111"})
    assert (
        slide_content(portal.ctx, setting.now_session).qr_payload
        == f"SMSTO:+18335582111:ATTEND {setting.now_code}"
    )
    update_settings(portal.ctx, {"portal_url": "https://cme.example.edu/", "qr_mode": "portal"})
    payload = slide_content(portal.ctx, setting.now_session).qr_payload
    assert payload == f"https://cme.example.edu/c/{setting.now_code}"
    signed_in_physician(portal, setting)
    page = portal.client.get(urlsplit(payload).path)
    assert page.status_code == 200 and "Medicine Grand Rounds on Saturday, November 28, 2026" in page.text


def test_looking_codes_up_counts_towards_the_lockout(portal: Portal, setting: Setting) -> None:
    signed_in_physician(portal, setting)
    for wrong in ("1111111", "2222222", "3333333", "4444444", "5555555"):
        assert "Medicine Grand Rounds" not in portal.client.get(f"/c/{wrong}").text
    page = portal.client.get(f"/c/{setting.now_code}").text
    assert "Medicine Grand Rounds" not in page  # locked out: even a real code is not looked up
    status, answer = portal.post_form("/claim", {"code": setting.now_code})
    assert status == 400 and "Too many wrong codes. Try again after 11:15 AM." in answer
