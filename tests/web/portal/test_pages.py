"""The portal's pages: the office's name and colour from Settings, readable; the headers on every page; sessions
kept in the database that end when idle, when revoked and on sign-out; forms refused without their CSRF token."""

from __future__ import annotations

import re

from cme_desktop.domain.colours import contrast
from cme_desktop.services.office.settings import update_settings
from cme_desktop.services.portal.sessions import load_visit, sign_out, start_session
from tests.web.portal.conftest import Portal


def test_pages_carry_the_office_name_and_a_readable_office_colour(portal: Portal) -> None:
    update_settings(portal.ctx, {"provider_name": "MUSC Office of CME", "portal_colour": "#F5C400"})
    page = portal.client.get("/")
    assert page.status_code == 200
    assert "<title>Home · MUSC Office of CME</title>" in page.text
    css = portal.client.get("/office.css").text
    brand, on_brand, link = re.findall(r"#[0-9a-f]{6}", css)
    assert brand == "#f5c400"
    # A pale brand colour: dark text on it, and links darkened until they read on white (WCAG 2.1 AA, 4.5:1).
    assert contrast(on_brand, brand) >= 4.5
    assert contrast(link, "#ffffff") >= 4.5


def test_the_browser_tab_shows_the_apps_icon(portal: Portal) -> None:
    page = portal.client.get("/")
    assert '<link rel="icon" href="/favicon.svg" type="image/svg+xml">' in page.text
    icon = portal.client.get("/favicon.svg")
    assert icon.status_code == 200
    assert icon.headers["content-type"].startswith("image/svg+xml")
    assert "<title>CME Desk</title>" in icon.text
    assert portal.client.get("/favicon.ico").headers["location"] == "/favicon.svg"


def test_every_page_has_a_content_security_policy_and_the_usual_headers(portal: Portal) -> None:
    for path in ("/", "/sign-in", "/no-such-page", "/static/portal.css"):
        headers = portal.client.get(path).headers
        assert "script-src" not in headers["content-security-policy"]
        assert "default-src 'none'" in headers["content-security-policy"]
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert "strict-transport-security" not in headers  # http in tests; https adds it


def test_a_page_that_does_not_exist_says_so_in_a_sentence(portal: Portal) -> None:
    page = portal.client.get("/no-such-page")
    assert page.status_code == 404
    assert "There is no page at this address" in page.text


def test_a_form_without_its_csrf_token_is_refused_with_a_sentence(portal: Portal) -> None:
    refused = portal.client.post("/sign-out", data={"csrf_token": "forged"})
    assert refused.status_code == 403
    assert "This form has expired" in refused.text


def test_a_session_ends_after_30_minutes_idle_or_when_revoked(portal: Portal) -> None:
    ctx = portal.ctx
    token, visit = start_session(ctx)
    portal.clock.advance(minutes=29)
    assert load_visit(ctx, token)[0] is not None  # seen again: the idle time starts over
    portal.clock.advance(minutes=29)
    assert load_visit(ctx, token)[0] is not None
    portal.clock.advance(minutes=31)
    assert load_visit(ctx, token)[0] is None
    assert load_visit(ctx, "not-a-token")[0] is None
    assert visit.csrf_token and visit.csrf_token != token
    other, visit = start_session(ctx)
    sign_out(ctx, visit.session_id)
    assert load_visit(ctx, other)[0] is None
