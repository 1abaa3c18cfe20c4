"""Signing in by an emailed code (issue 17, item 2): the code really mailed (aiosmtpd), 10 minutes, 5 tries, the
same answer for a known and an unknown address, limits per address and per client, only hashes stored, a new
session at sign-in, and sign-out."""

from __future__ import annotations

import re

from sqlalchemy import select

from cme_desktop.services.portal.sessions import token_hash
from cme_desktop.store.portal import PortalSession, SignInCode
from tests.services.attendance_factory import add_person
from tests.web.portal.conftest import Portal, portal_client


def ask_code(portal: Portal, email: str, next_path: str = "/") -> str:
    return portal.ask_code(email, next_path)


def enter_code(portal: Portal, code: str, next_path: str = "/") -> tuple[int, str]:
    return portal.enter_code(code, next_path)


def test_a_known_learner_signs_in_with_the_code_from_the_mailbox(portal: Portal) -> None:
    add_person(portal.ctx, "Ray", "Moss", "MD", "ray.moss@example.org")
    page = ask_code(portal, "Ray.Moss@Example.org", "/claim?code=1234567")
    assert "We sent a 6-digit code to" in page and "r\u2022\u2022\u2022@example.org" in page
    code = portal.mailed_code()
    [mail] = portal.inbox.messages
    assert mail["To"] == "ray.moss@example.org"
    assert code in mail["Subject"]
    status, where = enter_code(portal, f"{code[:3]} {code[3:]}", "/claim?code=1234567")  # typed with a space
    assert (status, where) == (303, "/claim?code=1234567")
    home = portal.client.get("/")
    assert "Welcome, Ray Moss, MD" in home.text


def test_an_unknown_address_gets_the_same_answer_and_goes_on_to_the_profile_step(portal: Portal) -> None:
    add_person(portal.ctx, "Ray", "Moss", "MD", "ray.moss@example.org")
    known = ask_code(portal, "ray.moss@example.org")
    portal.client.cookies.clear()
    unknown = ask_code(portal, "rhea.new@example.org")
    assert known.replace("r\u2022\u2022\u2022", "X") == unknown.replace("r\u2022\u2022\u2022", "X").replace(
        re.search(r'name="csrf_token" value="([^"]+)"', unknown).group(1),  # type: ignore[union-attr]
        re.search(r'name="csrf_token" value="([^"]+)"', known).group(1),  # type: ignore[union-attr]
    )
    status, where = enter_code(portal, portal.mailed_code(2, to="rhea.new@example.org"))
    assert (status, where) == (303, "/profile/find?next=/")


def test_a_wrong_code_counts_and_the_fifth_ends_it(portal: Portal) -> None:
    ask_code(portal, "ray.moss@example.org")
    right = portal.mailed_code()
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    status, page = enter_code(portal, wrong)
    assert status == 400 and "That code is not right; check the email and try again (4 tries left)." in page
    for _ in range(4):
        status, page = enter_code(portal, wrong)
    assert "Too many wrong tries for that code; ask for a new one." in page
    status, page = enter_code(portal, right)  # even the right code no longer signs in
    assert status == 400 and "Too many wrong tries" in page


def test_a_code_expires_after_ten_minutes_and_signs_in_only_once(portal: Portal) -> None:
    ask_code(portal, "ray.moss@example.org")
    code = portal.mailed_code()
    token = portal.csrf("/sign-in/code")
    portal.clock.advance(minutes=10, seconds=1)
    late = portal.client.post("/sign-in/code", data={"csrf_token": token, "code": code, "next": "/"})
    assert late.status_code == 400
    assert "That code has expired (codes last 10 minutes); ask for a new one." in late.text
    assert portal.client.get("/sign-in/code").headers["location"] == "/sign-in?next=/"
    ask_code(portal, "ray.moss@example.org")
    code = portal.mailed_code(2)
    anonymous_token = portal.csrf("/sign-in/code")
    assert enter_code(portal, code)[0] == 303
    # The same form sent again (the back button) goes on as signed in; sent from the old session it is refused.
    again = portal.client.post(
        "/sign-in/code", data={"csrf_token": anonymous_token, "code": code, "next": "/"}
    )
    assert again.status_code == 303
    portal.client.cookies.clear()
    replayed = portal.client.post(
        "/sign-in/code", data={"csrf_token": anonymous_token, "code": code, "next": "/"}
    )
    assert replayed.status_code == 403 and "This form has expired" in replayed.text


def test_codes_asked_for_one_address_are_limited_whoever_asks(portal: Portal) -> None:
    for _ in range(3):
        ask_code(portal, "ray.moss@example.org")
        portal.client.cookies.clear()
    token = portal.csrf("/sign-in")
    refused = portal.client.post("/sign-in", data={"csrf_token": token, "email": "RAY.MOSS@example.org"})
    assert refused.status_code == 400
    assert "Too many codes were asked for lately. Try again after 11:15 AM." in refused.text
    portal.clock.advance(minutes=16)
    ask_code(portal, "ray.moss@example.org")


def test_codes_asked_from_one_client_are_limited_too(portal: Portal, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from cme_desktop.services.portal import codes

    monkeypatch.setattr(codes, "PER_CLIENT", ((codes.timedelta(minutes=15), 2),))
    ask_code(portal, "one@example.org")
    ask_code(portal, "two@example.org")
    token = portal.csrf("/sign-in")
    refused = portal.client.post("/sign-in", data={"csrf_token": token, "email": "three@example.org"})
    assert refused.status_code == 400 and "Too many codes were asked for lately" in refused.text


def test_new_sessions_from_one_address_are_limited_and_a_started_one_goes_on(
    portal: Portal, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Each visit to /sign-in without a cookie writes a session row: a script must not fill the database."""
    from cme_desktop.web.portal import auth

    monkeypatch.setattr(auth, "SESSION_STARTS", 3)
    first = portal.client.get("/sign-in")
    assert first.status_code == 200
    kept = dict(portal.client.cookies)
    for _ in range(2):
        portal.client.cookies.clear()
        assert portal.client.get("/sign-in").status_code == 200
    portal.client.cookies.clear()
    refused = portal.client.get("/sign-in")
    assert refused.status_code == 429
    assert (
        "Too many sign-ins were started from your network just now. Try again in 10 minutes." in refused.text
    )
    assert int(refused.headers["Retry-After"]) > 500
    assert "set-cookie" not in refused.headers
    with portal.ctx.db.transaction() as session:
        assert len(session.scalars(select(PortalSession)).all()) == 3
    portal.client.cookies.update(kept)  # the first browser, with its session, is not held up
    assert portal.client.get("/sign-in").status_code == 200
    ask_code(portal, "ray.moss@example.org")


def test_only_hashes_of_codes_and_tokens_are_stored(portal: Portal) -> None:
    ask_code(portal, "ray.moss@example.org")
    code = portal.mailed_code()
    enter_code(portal, code)
    cookie = portal.client.cookies.get("cme_portal")
    assert cookie
    with portal.ctx.db.transaction() as session:
        codes = session.scalars(select(SignInCode)).all()
        sessions = session.scalars(select(PortalSession)).all()
        assert all(code not in row.code_hash for row in codes)
        assert all(row.token_hash != cookie for row in sessions)
        assert token_hash(cookie) in {row.token_hash for row in sessions}


def test_signing_in_replaces_the_session_and_signing_out_ends_it(portal: Portal) -> None:
    add_person(portal.ctx, "Ray", "Moss", "MD", "ray.moss@example.org")
    portal.csrf("/sign-in")
    before = portal.client.cookies.get("cme_portal")
    portal.sign_in("ray.moss@example.org")
    after = portal.client.cookies.get("cme_portal")
    assert before and after and before != after
    token = portal.csrf("/")  # the sign-out button's form
    out = portal.client.post("/sign-out", data={"csrf_token": token})
    assert out.status_code == 303 and out.headers["location"] == "/signed-out"
    assert "Max-Age=0" in out.headers["set-cookie"]
    portal.client.cookies.set("cme_portal", after)  # a copy of the cookie kept from before is worth nothing
    assert "Welcome" not in portal.client.get("/").text


def test_the_cookie_is_httponly_lax_and_secure_behind_https(portal: Portal) -> None:
    plain = portal.client.get("/sign-in").headers["set-cookie"]
    assert "HttpOnly" in plain and "SameSite=Lax" in plain and "Secure" not in plain
    with portal_client(portal.ctx, "https://cme.example.edu") as secure:
        page = secure.get("/sign-in")
        cookie = page.headers["set-cookie"]
        assert cookie.startswith("__Host-cme_portal=") and "Secure" in cookie and "Path=/" in cookie
        assert page.headers["strict-transport-security"].startswith("max-age=")


def test_sign_out_everywhere_ends_the_learners_other_sessions(portal: Portal) -> None:
    add_person(portal.ctx, "Ray", "Moss", "MD", "ray.moss@example.org")
    portal.sign_in("ray.moss@example.org")
    phone = portal.client.cookies.get("cme_portal")
    portal.client.cookies.clear()
    portal.sign_in("ray.moss@example.org")  # the same learner on another computer
    token = portal.csrf("/profile")
    out = portal.client.post("/sign-out", data={"csrf_token": token, "everywhere": "yes"})
    assert out.status_code == 303
    portal.client.cookies.clear()
    portal.client.cookies.set("cme_portal", phone or "")
    assert "Welcome" not in portal.client.get("/").text


def test_a_signed_in_learner_without_a_profile_is_sent_to_the_profile_step(portal: Portal) -> None:
    portal.sign_in("new.person@example.org")
    page = portal.client.get("/claim?code=1234567")
    assert page.status_code == 303
    assert page.headers["location"] == "/profile/find?next=/claim%3Fcode%3D1234567"
