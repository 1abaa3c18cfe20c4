"""Bad input and abuse (issue 17): forms without their CSRF token, a 1 MB form, a field no one types, a form that
is not UTF-8, HTML and SQL-looking text, a 200-character email: a sentence on the page, never a 500, and nothing
written half-way."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import func, select

from cme_desktop.store.audit import AuditEntry
from cme_desktop.store.people import Person
from cme_desktop.store.portal import SignInCode
from tests.web.portal.conftest import Portal

FORMS = ("/sign-in", "/sign-in/code", "/profile/find", "/profile/new", "/profile", "/claim", "/sign-out")


def count(portal: Portal, model: type) -> int:
    with portal.ctx.db.transaction() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_every_form_without_its_csrf_token_is_refused_and_changes_nothing(portal: Portal) -> None:
    fields = {"email": "x@example.org", "code": "1234567", "first_name": "Mallory", "last_name": "X"}

    def refused_everywhere(paths: tuple[str, ...]) -> None:
        before = count(portal, AuditEntry), count(portal, SignInCode), count(portal, Person)
        for path in paths:
            missing = portal.client.post(path, data=fields)
            forged = portal.client.post(path, data={**fields, "csrf_token": "0" * 64})
            for answer in (missing, forged):
                assert answer.status_code == 403, path
                assert "This form has expired or was already sent" in answer.text
        assert (count(portal, AuditEntry), count(portal, SignInCode), count(portal, Person)) == before

    portal.csrf("/sign-in")  # a browser signing in: its session is anonymous
    refused_everywhere(tuple(path for path in FORMS if path.startswith("/sign-in")))
    portal.sign_in_as("ray.moss@example.org")
    portal.post_form("/profile/new", {"first_name": "Ray", "last_name": "Moss"})
    refused_everywhere(tuple(path for path in FORMS if not path.startswith("/sign-in")))
    assert "Welcome, Ray Moss" in portal.client.get("/").text  # still signed in: the sign-out was refused


def test_a_one_megabyte_form_is_refused_before_it_is_read(portal: Portal) -> None:
    token = portal.csrf("/sign-in")
    huge = {"csrf_token": token, "email": "a@example.org", "padding": "x" * 1_000_000}
    answer = portal.client.post("/sign-in", data=huge)
    assert answer.status_code == 413
    assert "That form is far larger than anything this site asks for; nothing was saved." in answer.text

    def chunks() -> Iterator[bytes]:  # no Content-Length: refused as the bytes pass the limit
        yield f"csrf_token={token}&email=a%40example.org&padding=".encode()
        for _ in range(100):
            yield b"x" * 10_000

    streamed = portal.client.post(
        "/sign-in", content=chunks(), headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert streamed.status_code == 413
    assert count(portal, SignInCode) == 0


def test_a_field_longer_than_anyone_types_and_a_form_that_is_not_utf8_get_sentences(portal: Portal) -> None:
    token = portal.csrf("/sign-in")
    long_field = portal.client.post("/sign-in", data={"csrf_token": token, "email": "a" * 3000})
    assert long_field.status_code == 413 and "far longer than any answer here" in long_field.text
    garbled = portal.client.post(
        "/sign-in",
        content=f"csrf_token={token}&email=%FF%FE".encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert garbled.status_code == 400 and "That form could not be read" in garbled.text
    not_a_form = portal.client.post("/sign-in", json={"email": "a@example.org"})
    assert not_a_form.status_code == 400 and "That form could not be read" in not_a_form.text


def test_a_200_character_email_and_sql_looking_text_are_answered_in_sentences(portal: Portal) -> None:
    token = portal.csrf("/sign-in")
    long_email = "a" * 188 + "@example.org"
    assert len(long_email) == 200
    answer = portal.client.post("/sign-in", data={"csrf_token": token, "email": long_email})
    assert answer.status_code == 400
    assert "That email address is too long to be one; check it and try again." in answer.text
    assert long_email not in answer.text.replace(f'value="{long_email}"', "")  # not repeated in the sentence
    sql = "x'; DROP TABLE people;--@example.org"
    answer = portal.client.post("/sign-in", data={"csrf_token": token, "email": sql})
    assert answer.status_code == 400 and "is not an email address" in answer.text
    assert "x&#39;; DROP TABLE people;--@example.org" in answer.text  # shown back as text
    assert count(portal, SignInCode) == 0


def test_sql_looking_names_and_codes_are_kept_as_text(portal: Portal) -> None:
    portal.sign_in_as("bobby@example.org")
    status, _ = portal.post_form(
        "/profile/new", {"first_name": "Robert'); DROP TABLE people;--", "last_name": "Tables"}
    )
    assert status == 200
    with portal.ctx.db.transaction() as session:
        [name] = session.scalars(select(Person.first_name)).all()
    assert name == "Robert'); DROP TABLE people;--"
    status, page = portal.post_form("/claim", {"code": "1 OR 1=1"})
    assert status == 400 and "Activity codes have 7 digits" in page
    assert "Robert&#39;); DROP TABLE people;--" in portal.client.get("/profile").text


def test_a_refused_profile_leaves_nothing_behind(portal: Portal) -> None:
    portal.sign_in_as("rhea@example.org")
    before = count(portal, AuditEntry)
    status, page = portal.post_form(
        "/profile/new", {"first_name": "Rhea", "last_name": "Moss", "npi": "1234567890", "phone_1": "12"}
    )
    assert status == 400
    assert count(portal, Person) == 0 and count(portal, AuditEntry) == before
    assert 'value="Rhea"' in page  # what was typed is kept on the page


def test_control_characters_are_dropped_from_what_is_kept(portal: Portal) -> None:
    portal.sign_in_as("nul@example.org")
    portal.post_form("/profile/new", {"first_name": "Ra\x00y\x07", "last_name": "Moss"})
    with portal.ctx.db.transaction() as session:
        assert session.scalars(select(Person.first_name)).all() == ["Ray"]


def test_a_redirect_after_sign_in_never_leaves_the_site(portal: Portal) -> None:
    for target in ("https://evil.example.com/", "//evil.example.com", "/\\evil.example.com", "javascript:x"):
        assert portal.sign_in(f"n{len(target)}@example.org", target).startswith("/profile/find?next=/")
        portal.client.cookies.clear()
