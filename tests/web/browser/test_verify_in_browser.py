"""Checking certificates in a real browser (issue 17, items 6 and 7): the demo's printed grand rounds has a valid
certificate and a revoked one; the page is typed into and submitted with the keyboard, no JavaScript needed."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.web.browser.conftest import Site


def test_a_demo_certificate_verifies_and_a_revoked_one_says_only_since_when(page: Any, site: Site) -> None:
    valid, revoked = site.certificates.valid, site.certificates.revoked
    assert valid is not None and revoked is not None
    page.goto(site.at("/verify"))
    assert page.title().startswith("Verify a certificate")
    # Typed as someone reads it off the paper: lower case, spaces for dashes; Enter submits.
    page.get_by_label("Verification code").fill(valid.replace("-", " ").lower())
    page.keyboard.press("Enter")
    page.wait_for_url("**/verify?code=*")
    expect(page.get_by_role("heading", name="Valid certificate")).to_be_visible()
    facts = page.locator("dl.facts").inner_text()
    assert "Medicine Grand Rounds" in facts and "Saturday, November 21, 2026" in facts
    assert valid in facts and "Credit" in facts

    page.get_by_label("Verification code").fill(revoked)
    page.get_by_role("button", name="Check").click()
    heading = page.get_by_role("heading", name="Revoked on")
    assert heading.inner_text().endswith("Revoked on Saturday, November 28, 2026")
    assert page.locator("dl.facts").count() == 0  # nothing about the learner or the activity

    # The address a certificate's QR code holds opens the same answer.
    page.goto(site.at(f"/verify/{valid}"))
    expect(page.get_by_role("heading", name="Valid certificate")).to_be_visible()
