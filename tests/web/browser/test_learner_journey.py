"""A learner's whole visit in a real browser (issue 17, item 7): the QR on the slide opens /c/CODE, signing in by
a code emailed to a real SMTP server in this test, the profile step ("account not found", the short form), the
claim through the one rule book, the certificate downloaded from Your records, and the certificate verified."""

from __future__ import annotations

import io
import re
import time
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from cme_desktop.domain.verification import is_valid
from cme_desktop.services.activities.calendar import this_week
from cme_desktop.services.office.ssn_key import ssn_key
from tests.mail_server import PASSWORD, USER, Inbox, smtp_server
from tests.web.browser.conftest import Site

EMAIL = "ray.moss@example.org"


def _mailed_code(inbox: Inbox) -> str:
    deadline = time.monotonic() + 20
    while not inbox.messages and time.monotonic() < deadline:
        time.sleep(0.05)
    assert inbox.messages, "the sign-in code was never mailed"
    [mail] = inbox.messages
    assert mail["To"] == EMAIL
    body = mail.get_body(("plain",))
    assert body is not None
    found = re.search(r"\b(\d{6})\b", body.get_content())
    assert found is not None
    return found.group(1)


def test_sign_in_by_email_make_a_profile_claim_today_download_and_verify(
    page: Any, site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ssn_key(site.ctx)  # the office's SSN key on this server: the profile step checks for an existing profile
    today = this_week(site.ctx).today[0]
    assert today.attendance_code is not None
    with smtp_server(tmp_path) as inbox:
        monkeypatch.setenv("CME_SMTP_URL", f"smtp://{USER}@127.0.0.1:{inbox.port}")
        monkeypatch.setenv("CME_SMTP_PASSWORD", PASSWORD)
        monkeypatch.setenv("CME_SMTP_CA_FILE", inbox.cafile)

        # The slide's QR code: signing in comes first.
        page.goto(site.at(f"/c/{today.attendance_code}"))
        expect(page.get_by_role("heading", name="Sign in", exact=True)).to_be_visible()
        page.get_by_label("Email address").fill(EMAIL)
        page.get_by_role("button", name="Email me a code").click()
        expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
        page.get_by_label("Code from the email").fill(_mailed_code(inbox))
        page.get_by_role("button", name="Sign in").click()

    # No profile for this address yet: the seed's check for an existing one, then the short form.
    expect(page.get_by_role("heading", name="Do you already have a profile?")).to_be_visible()
    page.get_by_label("Last name").fill("Moss")
    page.get_by_label("Last 4 digits of your Social Security number").fill("4821")
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_role("heading", name="Make your profile")).to_be_visible()
    assert "No profile was found" in page.locator("main").inner_text()
    page.get_by_label("First name").fill("Ray")
    page.get_by_label("Degree").fill("MD")
    page.get_by_role("button", name="Save my profile").click()
    page.get_by_role("link", name="Continue").click()

    # Back at the code from the QR: the claim is recorded by the form, as texting would.
    page.get_by_role("button", name="Record attendance").click()
    confirmation = page.get_by_role("status").inner_text()
    assert "Medicine Grand Rounds" in confirmation

    page.get_by_role("link", name="Your records").click()
    entry = page.locator("ul.claims > li").first
    assert "Sat Nov 28, 2026" in entry.inner_text() and "Recorded on the portal" in entry.inner_text()
    with page.expect_download() as started:
        entry.get_by_role("link", name=re.compile("Certificate")).click()
    download = started.value
    assert download.suggested_filename == "2026-11-28 Medicine Grand Rounds - Moss, Ray.pdf"
    text = " ".join(
        p.extract_text() or "" for p in PdfReader(io.BytesIO(Path(download.path()).read_bytes())).pages
    )
    assert "Ray Moss, MD" in text and "AMA PRA Category 1 Credit" in text
    printed = re.search(r"[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}", text)
    assert printed is not None and is_valid(printed.group())
    code = printed.group()

    # Whoever is shown the paper checks it, signed in or not.
    page.context.clear_cookies()
    page.goto(site.at(f"/verify/{code}"))
    expect(page.get_by_role("heading", name="Valid certificate")).to_be_visible()
    facts = page.locator("dl.facts").inner_text()
    assert "Ray Moss, MD" in facts and "Saturday, November 28, 2026" in facts
