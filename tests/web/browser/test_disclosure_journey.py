"""A faculty member of the demo course discloses in a real browser on a phone-sized screen (issue 18): the
coordinator's invitation goes through a real SMTP server in this test, the link in that email opens the form with
no password, and the submitted disclosure is what the review board's service sees. The form's pages are saved as
PNGs into $CME_SCREENSHOTS when it is set (to look at them)."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from cme_desktop.domain.standard3 import ReviewState
from cme_desktop.services.demo.fill import COURSE
from cme_desktop.services.office.settings import load_settings, update_settings
from cme_desktop.services.standard3.disclosures import activities_standard3, review_board
from cme_desktop.services.standard3.invitations import invitation_list
from cme_desktop.services.standard3.inviting import send_invitations
from tests.mail_server import PASSWORD, USER, smtp_server
from tests.web.browser.conftest import DESKTOP, Site


def _shot(page: Any, name: str) -> None:
    folder = os.environ.get("CME_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / name), full_page=True)


def test_a_faculty_member_discloses_from_the_invitation_email_on_a_phone(
    page: Any, site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    course = next(a for a in activities_standard3(site.ctx) if a.title == COURSE).activity_id
    before = load_settings(site.ctx).portal_url
    update_settings(site.ctx, {"portal_url": site.url})
    try:
        mehta = next(
            i for i in invitation_list(site.ctx, course).invitees if i.name.startswith("Arjun Mehta")
        )
        assert mehta.needs_disclosure and mehta.suggested
        with smtp_server(tmp_path) as inbox:
            monkeypatch.setenv("CME_SMTP_URL", f"smtp://{USER}@127.0.0.1:{inbox.port}")
            monkeypatch.setenv("CME_SMTP_PASSWORD", PASSWORD)
            monkeypatch.setenv("CME_SMTP_CA_FILE", inbox.cafile)
            report = send_invitations(site.ctx, course, [mehta.person_id])  # the office's mail server
            deadline = time.monotonic() + 20
            while not inbox.messages and time.monotonic() < deadline:
                time.sleep(0.05)
        assert report.sent == (mehta.name,)
        [mail] = inbox.messages
        assert mail["To"] == mehta.email
        body = mail.get_body(("plain",))
        assert body is not None
        found = re.search(rf"{re.escape(site.url)}/disclose/i/\S+", body.get_content())
        assert found is not None
    finally:
        update_settings(site.ctx, {"portal_url": before})

    page.goto(found.group(0))
    expect(page.get_by_role("heading", name="Disclosure of financial relationships")).to_be_visible()
    assert page.url == site.at("/disclose")  # the token is gone from the address bar
    expect(page.get_by_text("What is an ineligible company?")).to_be_visible()
    page.get_by_label("I have financial relationships with ineligible companies to list").check()
    page.get_by_role("radio", name="No", exact=True).check()
    page.get_by_label("Company").fill("Acme Cardiac Devices")
    page.get_by_label("Nature of the relationship").select_option(label="Consultant")
    page.get_by_label("Ongoing").check()
    page.get_by_label("Started (optional)").fill("03/2025")
    _shot(page, "disclose-form-390x844.png")
    page.get_by_role("button", name="Submit disclosure").click()
    # Forgot the attestation: the problem is named and what was typed is kept.
    expect(page.get_by_role("alert")).to_contain_text(
        "Tick the attestation that your disclosure is complete and accurate."
    )
    expect(page.get_by_label("Company")).to_have_value("Acme Cardiac Devices")
    _shot(page, "disclose-problem-390x844.png")
    page.get_by_label("I attest that this disclosure is complete and accurate").check()
    page.get_by_role("button", name="Submit disclosure").click()
    expect(page.get_by_role("status")).to_contain_text("Thank you. Your disclosure is current until")
    expect(page.get_by_text("Acme Cardiac Devices (consultant)")).to_be_visible()
    _shot(page, "disclose-done-390x844.png")
    page.set_viewport_size(DESKTOP)
    _shot(page, "disclose-done-1366x768.png")

    [person] = [p for p in review_board(site.ctx, course).people if p.person_id == mehta.person_id]
    assert person.from_portal and person.state is ReviewState.NEEDS_REVIEW
    assert [(r.company, r.nature_label) for r in person.relationships] == [
        ("Acme Cardiac Devices", "consultant")
    ]
    assert not person.missing and person.invitation is not None and person.invitation.answered_at is not None
