"""The public verification page (issue 17, item 6): whose certificate a code is, or "revoked on DATE" and nothing
more, or no certificate with this code; typed codes read however they are written; rate-limited; no listing."""

from __future__ import annotations

import pytest

from cme_desktop.domain.verification import new_code
from cme_desktop.services.attendance.claims import revoke_claim
from cme_desktop.services.certificates.issuing import Selection, issue
from cme_desktop.web import verify as verify_page
from tests.services.certificate_factory import Office, build_office
from tests.web.portal.conftest import Portal


def _codes(portal: Portal) -> tuple[Office, dict[str, str]]:
    office = build_office(portal.ctx)
    issued = issue(portal.ctx, Selection(session_id=office.session_id))
    return office, {c.learner_name: c.verification_code for c in issued.certificates}


def test_a_valid_code_shows_the_learner_activity_date_and_credits(portal: Portal) -> None:
    _, codes = _codes(portal)
    code = codes["Jane Smith, MD"]
    page = portal.client.get(f"/verify/{code}")
    assert page.status_code == 200
    assert "<title>Valid certificate · " in page.text
    for shown in (
        "Jane Smith, MD",
        "Medicine Grand Rounds",
        "Sepsis Bundles: What Still Matters",
        "Friday, November 27, 2026",
        "1.25 AMA PRA Category 1 Credits™",
        code,
    ):
        assert shown in page.text
    assert page.headers["x-robots-tag"] == "noindex, nofollow"
    assert page.headers["cache-control"] == "no-store"


def test_a_revoked_code_shows_only_the_day_it_was_revoked(portal: Portal) -> None:
    office, codes = _codes(portal)
    revoke_claim(portal.ctx, office.physician_claim, "Left after ten minutes; told the front desk")
    page = portal.client.get(f"/verify/{codes['Jane Smith, MD']}")
    assert page.status_code == 200
    assert "Revoked on Saturday, November 28, 2026" in page.text
    for hidden in ("Smith", "Medicine Grand Rounds", "1.25", "ten minutes"):
        assert hidden not in page.text


def test_a_code_never_issued_says_there_is_no_certificate_with_it(portal: Portal) -> None:
    _codes(portal)
    never = new_code()  # well formed, check character and all, never issued
    page = portal.client.get(f"/verify/{never}")
    assert page.status_code == 404
    assert "No certificate with this code" in page.text and never in page.text


def test_the_form_takes_a_code_however_it_is_typed_or_a_scanned_address(portal: Portal) -> None:
    _, codes = _codes(portal)
    code = codes["Maria Lopez, RN"]
    form = portal.client.get("/verify")
    assert form.status_code == 200 and 'name="code"' in form.text and "Lopez" not in form.text
    typed = portal.client.get("/verify", params={"code": f"  {code.replace('-', ' ').lower()} "})
    assert typed.status_code == 200 and "Maria Lopez, RN" in typed.text
    scanned = portal.client.get("/verify", params={"code": f"https://cme.example.edu/verify?code={code}"})
    assert "Maria Lopez, RN" in scanned.text
    # A QR code's address with the code written differently leads to the one address of the code as printed.
    moved = portal.client.get(f"/verify/{code.replace('-', '').lower()}")
    assert moved.status_code == 308 and moved.headers["location"] == f"/verify/{code}"


def test_a_mistyped_code_is_a_sentence_beside_the_form_never_a_lookup(portal: Portal) -> None:
    _codes(portal)
    for typed, sentence in (
        ("K7QF-3M9X-T2P0", "never contain 0, O, 1 or I"),
        ("K7QF", "12 letters and digits"),
        ("<b>Hey</b>", "&#39;&lt;b&gt;Hey&lt;/b&gt;&#39; is not a verification code"),
        ("' OR 1=1 --", "never contain 0, O, 1 or I"),
        ("x" * 5000, "this one has 200"),
    ):
        page = portal.client.get("/verify", params={"code": typed})
        assert page.status_code == 400, typed
        assert sentence in page.text
        assert "<b>Hey" not in page.text


def test_nothing_lists_certificates(portal: Portal) -> None:
    _codes(portal)
    for path in ("/verify/", "/verify?code=", "/verify/%25", "/verify/*"):
        page = portal.client.get(path)
        assert "Smith" not in page.text and "Lopez" not in page.text, path
        assert page.status_code in (200, 308, 400, 404), path


def test_lookups_past_the_limit_are_paused_with_a_sentence_per_client(
    portal: Portal, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, codes = _codes(portal)
    monkeypatch.setattr(verify_page, "VERIFY_LIMIT", 3)
    portal.client.app.state.__dict__.pop("verify_throttle", None)  # type: ignore[attr-defined]
    code = codes["Jane Smith, MD"]
    for _ in range(3):
        assert portal.client.get(f"/verify/{code}").status_code == 200
    paused = portal.client.get(f"/verify/{code}")
    assert paused.status_code == 429
    assert int(paused.headers["retry-after"]) > 0
    assert "Too many certificates were checked from your connection" in paused.text
    assert "Jane Smith" not in paused.text
    # Behind the office's proxy on this machine, each client the proxy saw is counted on its own.
    other = portal.client.get(f"/verify/{code}", headers={"X-Forwarded-For": "203.0.113.9"})
    assert other.status_code == 429  # the test client is not a loopback peer: the header is not believed
