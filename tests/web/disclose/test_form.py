"""The disclosure form on the portal (issue 18), in process (Starlette's TestClient) on SQLite and PostgreSQL:
the invitation's link signs the person in for this form only, a tampered or expired link gets a sentence and never
a form, drafts, problems named, submitting and revising, and the portal's sign-in reaching the same form."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime

import pytest
from starlette.testclient import TestClient

from cme_desktop.domain.standard3 import ReviewState
from cme_desktop.domain.vocabulary import RoleInActivity
from cme_desktop.services import audit
from cme_desktop.services.context import Context
from cme_desktop.services.mail.message import OutgoingMail
from cme_desktop.services.office.settings import update_settings
from cme_desktop.services.portal.sessions import begin_signed_in
from cme_desktop.services.standard3.disclosures import (
    add_company,
    assign_role,
    person_disclosures,
    review_board,
)
from cme_desktop.services.standard3.invitations import invitation_list
from cme_desktop.services.standard3.inviting import send_invitations
from tests.services.standard3_factory import add_activity, add_person
from tests.web.portal.conftest import MovableClock, portal_client

DAY_ONE = datetime(2026, 12, 8, 14, 0, tzinfo=UTC)
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Desk:
    client: TestClient
    ctx: Context
    clock: MovableClock
    activity: int
    mehta: int
    link: str  # the path of the link mailed to Dr. Mehta

    def form(self) -> str:
        page = self.client.get("/disclose")
        assert page.status_code == 200, page.text
        return page.text

    def post(self, **fields: str) -> tuple[int, str]:
        token = CSRF.search(self.form())
        assert token is not None
        answer = self.client.post("/disclose", data={"csrf_token": token.group(1), **fields})
        return answer.status_code, answer.headers.get("location") or answer.text


@pytest.fixture
def desk(ctx: Context) -> Iterator[Desk]:
    clock = MovableClock(ctx.clock())
    moving = replace(ctx, clock=clock)
    update_settings(moving, {"portal_url": "http://testserver", "help_contact": "cme@lowcountry.edu"})
    activity = add_activity(moving, "Cardiology Update", DAY_ONE)
    mehta = add_person(moving, "Arjun", "Mehta", email="arjun.mehta@lowcountry.edu")
    assign_role(moving, activity, mehta, RoleInActivity.FACULTY)
    add_company(moving, "Acme Pharmaceuticals")
    mails: list[OutgoingMail] = []
    send_invitations(moving, activity, [mehta], mails.append)
    found = re.search(r"http://testserver(/disclose/i/\S+)", mails[0].text)
    assert found is not None
    with portal_client(moving) as client:
        yield Desk(client, moving, clock, activity, mehta, found.group(1))


def opened(desk: Desk) -> None:
    answer = desk.client.get(desk.link)
    assert (answer.status_code, answer.headers["location"]) == (303, "/disclose")


def test_the_link_signs_the_person_in_for_their_form_only(
    desk: Desk, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="cme_desktop.web.access"):
        answer = desk.client.get(desk.link)
    token = desk.link.rsplit("/", 1)[1]
    assert answer.status_code == 303 and answer.headers["location"] == "/disclose"
    cookie = answer.headers["set-cookie"]
    assert "Path=/disclose" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert token not in caplog.text and "/disclose/i/…" in caplog.text  # the token never reaches the log
    page = desk.form()
    assert "Arjun Mehta, MD" in page and "faculty for <strong>Cardiology Update</strong>" in page
    assert "An ineligible company is one whose main business is" in page
    assert '<option value="Acme Pharmaceuticals">' in page  # the company list works without JavaScript
    assert token not in page
    # The link opens the disclosure form, not the learner's portal.
    assert "Sign in" in page and desk.client.get("/records").status_code in (303, 404)


@pytest.mark.parametrize("how", ["tampered", "expired"])
def test_a_tampered_or_expired_link_gets_a_sentence_never_a_form(desk: Desk, how: str) -> None:
    if how == "tampered":
        last = desk.link[-1]
        answer = desk.client.get(desk.link[:-1] + ("x" if last != "x" else "y"))
        assert answer.status_code == 404 and "This link is not one we sent" in answer.text
    else:
        desk.clock.advance(days=14)
        answer = desk.client.get(desk.link)
        assert answer.status_code == 410
        assert "This link worked until Saturday, December 12, 2026 and has expired." in answer.text
        assert "Ask cme@lowcountry.edu for a new one." in answer.text
    assert 'name="answer"' not in answer.text and "Arjun" not in answer.text
    # Nor does the form open without a working link (it asks the person to sign in).
    assert desk.client.get("/disclose").status_code == 303


def test_a_link_that_expires_while_the_form_is_open_ends_the_form(desk: Desk) -> None:
    opened(desk)
    desk.form()
    desk.clock.advance(days=14)
    page = desk.client.get("/disclose")
    assert page.status_code == 410 and "has expired" in page.text and 'name="answer"' not in page.text


def test_a_draft_keeps_what_was_typed_and_rows_are_added_and_removed(desk: Desk) -> None:
    opened(desk)
    typed = {
        "answer": "some",
        "rel-0-company": "Acme Pharmaceuticals",
        "rel-0-nature": "consultant",
        "rel-0-status": "ongoing",
    }
    assert desk.post(action="save", **typed) == (303, "/disclose?note=saved")
    page = desk.form()
    assert 'name="rel-0-company" value="Acme Pharmaceuticals"' in page
    assert "Draft saved at 11:00 AM on Saturday, November 28, 2026." in page
    assert desk.post(action="add", **typed) == (303, "/disclose#rel-1")
    page = desk.form()
    assert 'id="rel-1-company"' in page and "Remove relationship 2" in page
    assert desk.post(action="remove-0", **typed, **{"rel-1-company": "Zenith Biologics"}) == (
        303,
        "/disclose#relationships",
    )
    page = desk.form()
    assert 'name="rel-0-company" value="Zenith Biologics"' in page and 'id="rel-1-company"' not in page
    assert person_disclosures(desk.ctx, desk.mehta) == []  # a draft is not a disclosure


def test_problems_are_listed_and_the_answers_kept(desk: Desk) -> None:
    opened(desk)
    status, page = desk.post(
        action="submit", answer="some", **{"rel-0-company": "Acme Pharmaceuticals", "rel-0-status": "ongoing"}
    )
    assert status == 400
    assert "3 things to fix before you submit:" in page
    assert "Answer the question whether you own or work for an ineligible company." in page
    assert "Relationship with Acme Pharmaceuticals: choose what kind of relationship it is." in page
    assert "Tick the attestation that your disclosure is complete and accurate." in page
    assert 'name="rel-0-company" value="Acme Pharmaceuticals"' in page
    assert person_disclosures(desk.ctx, desk.mehta) == []


def test_submitting_reaches_the_review_board_and_answers_the_invitation(desk: Desk) -> None:
    opened(desk)
    status, where = desk.post(
        action="submit",
        answer="some",
        owner_or_employee="no",
        attest="yes",
        **{
            "rel-0-company": "Acme Pharmaceuticals",
            "rel-0-nature": "consultant",
            "rel-0-status": "ongoing",
            "rel-0-started": "03/2025",
        },
    )
    assert (status, where) == (303, "/disclose?note=submitted")
    page = desk.client.get(where).text
    assert "Thank you. Your disclosure is current until Saturday, November 27, 2027." in page
    assert "from you on this site" in page and "Acme Pharmaceuticals (consultant)" in page
    [person] = review_board(desk.ctx, desk.activity).people
    assert person.from_portal and person.state is ReviewState.NEEDS_REVIEW
    assert person.relationships[0].started_on is not None
    assert invitation_list(desk.ctx, desk.activity).not_answered == ()
    # Revising later: the form starts from what they disclosed, and a new version is kept beside the first.
    desk.clock.advance(days=2)
    status, _ = desk.post(action="submit", answer="none", owner_or_employee="no", attest="yes")
    assert status == 303
    assert [d.no_relationships for d in person_disclosures(desk.ctx, desk.mehta)] == [True, False]
    [person] = review_board(desk.ctx, desk.activity).people
    assert person.changes == (
        "Now says there are no financial relationships.",
        "No longer listed: Acme Pharmaceuticals (consultant).",
    )


def test_a_form_without_its_token_is_refused_and_saves_nothing(desk: Desk) -> None:
    opened(desk)
    answer = desk.client.post(
        "/disclose", data={"action": "submit", "answer": "none", "owner_or_employee": "no", "attest": "yes"}
    )
    assert answer.status_code == 403 and "This form has expired" in answer.text
    assert person_disclosures(desk.ctx, desk.mehta) == []


def test_this_device_can_forget_the_link(desk: Desk) -> None:
    opened(desk)
    token = CSRF.search(desk.form())
    assert token is not None
    answer = desk.client.post("/disclose/forget", data={"csrf_token": token.group(1)})
    assert answer.status_code == 303 and "Max-Age=0" in answer.headers["set-cookie"]
    assert desk.client.get("/disclose").status_code == 303  # to sign in


def test_a_person_signed_in_on_the_portal_reaches_the_same_form(desk: Desk) -> None:
    assert desk.client.get("/disclose").headers["location"] == "/sign-in?next=/disclose"
    with desk.ctx.db.transaction() as session:
        token, _ = begin_signed_in(
            desk.ctx,
            session,
            None,
            method="code",
            email="arjun.mehta@lowcountry.edu",
            netid=None,
            person_id=desk.mehta,
        )
    desk.client.cookies.set("cme_portal", token)
    page = desk.form()
    assert "Arjun Mehta, MD" in page and "make this device forget the link" not in page
    status, _ = desk.post(action="submit", answer="none", owner_or_employee="no", attest="yes")
    assert status == 303
    assert audit.history(desk.ctx, "disclosure")[0].os_user == "portal: arjun.mehta@lowcountry.edu"
