"""Single sign-on over OpenID Connect (issue 17, item 2) against a real provider process (oidc-provider-mock, a
Flask OpenID provider served on a free port by the fixture): the portal discovers it, sends the browser there,
takes the code back, exchanges it over HTTP and checks the signed ID token before anyone is signed in."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import httpx2
import pytest

from cme_desktop.services.audit import history
from cme_desktop.services.office.settings import update_settings
from cme_desktop.services.people.profiles import get_profile
from tests.services.attendance_factory import add_person
from tests.web.portal.conftest import Portal

provider = pytest.importorskip(
    "oidc_provider_mock", reason="oidc-provider-mock (the test provider) is not installed"
)

JANE = {
    "preferred_username": "JSmith",
    "email": "jane.smith@musc.edu",
    "email_verified": True,
    "given_name": "Jane",
    "family_name": "Smith",
}


@dataclass
class Provider:
    issuer: str
    client_id: str


@pytest.fixture
def sign_on(portal: Portal, monkeypatch: pytest.MonkeyPatch) -> Iterator[Provider]:
    users = [
        provider.User(sub="jsmith", claims=JANE),
        provider.User(sub="nobody", claims={"email": "x@y.org"}),
    ]
    with provider.run_server_in_thread(user_claims=users, require_nonce=True) as server:
        issuer = f"http://localhost:{server.server_port}"
        registered = httpx2.post(
            f"{issuer}/oauth2/clients",
            json={"redirect_uris": ["http://testserver/sign-in/sso/callback"]},
        ).json()
        monkeypatch.setenv("CME_OIDC_CLIENT_SECRET", registered["client_secret"])
        update_settings(
            portal.ctx,
            {
                "sso_issuer_url": issuer,
                "sso_client_id": registered["client_id"],
                "sso_button_label": "MUSC NetID",
            },
        )
        yield Provider(issuer, registered["client_id"])


def log_in_at_provider(portal: Portal, sub: str, next_path: str = "/") -> str:
    """Follow the portal to the provider, sign in there as `sub`, come back; where the portal sends the browser."""
    start = portal.client.get(f"/sign-in/sso?next={next_path}")
    assert start.status_code == 303, start.text
    authorize = start.headers["location"]
    query = parse_qs(urlsplit(authorize).query)
    assert query["code_challenge_method"] == ["S256"] and query["nonce"] and query["state"]
    answered = httpx2.post(authorize, data={"sub": sub})  # the provider's login form
    assert answered.status_code == 302, answered.text
    back = urlsplit(answered.headers["location"])
    assert back.path == "/sign-in/sso/callback"
    done = portal.client.get(f"{back.path}?{back.query}")
    assert done.status_code == 303, done.text
    return done.headers["location"]


def test_a_netid_on_a_profile_signs_in_to_it(portal: Portal, sign_on: Provider) -> None:
    person = add_person(portal.ctx, "Jane", "Smith", "MD", "jane@old.example.org")
    with portal.ctx.db.transaction() as session:
        from cme_desktop.store.people import Person

        row = session.get(Person, person)
        assert row is not None
        row.netid = "jsmith"
    assert "Sign in with MUSC NetID" in portal.client.get("/sign-in").text
    assert log_in_at_provider(portal, "jsmith", "/claim") == "/claim"
    assert "Welcome, Jane Smith, MD" in portal.client.get("/").text


def test_a_verified_email_on_a_profile_without_a_netid_gets_the_netid(
    portal: Portal, sign_on: Provider
) -> None:
    person = add_person(portal.ctx, "Jane", "Smith", "MD", "jane.smith@musc.edu")
    assert log_in_at_provider(portal, "jsmith") == "/"
    assert get_profile(portal.ctx, person).netid == "jsmith"
    [linked] = [e for e in history(portal.ctx, "person", person) if e.action == "person.netid_from_sign_on"]
    assert linked.os_user == "portal: NetID jsmith"


def test_an_unknown_netid_goes_to_the_profile_step_with_the_sign_ons_names(
    portal: Portal, sign_on: Provider
) -> None:
    where = log_in_at_provider(portal, "jsmith", "/claim")
    assert where == "/profile/find?next=/claim"
    form = portal.client.get("/profile/new?next=/claim").text
    assert 'value="Jane"' in form and 'value="Smith"' in form and "jane.smith@musc.edu" in form
    status, page = portal.post_form(
        "/profile/new", {"first_name": "Jane", "last_name": "Smith", "degree": "MD"}
    )
    assert status == 200 and "Your profile is saved" in page
    home = portal.client.get("/").text
    assert "Welcome, Jane Smith, MD" in home


def test_an_answer_with_another_state_signs_nobody_in(portal: Portal, sign_on: Provider) -> None:
    start = portal.client.get("/sign-in/sso")
    answered = httpx2.post(start.headers["location"], data={"sub": "jsmith"})
    back = urlsplit(answered.headers["location"])
    forged = back.query.replace("state=", "state=x")
    refused = portal.client.get(f"{back.path}?{forged}")
    assert refused.status_code == 400 and "This sign-in link has expired or was already used" in refused.text
    assert "Welcome" not in portal.client.get("/").text


def test_a_sign_on_without_the_netid_claim_is_refused_with_a_sentence(
    portal: Portal, sign_on: Provider
) -> None:
    start = portal.client.get("/sign-in/sso")
    back = urlsplit(httpx2.post(start.headers["location"], data={"sub": "nobody"}).headers["location"])
    refused = portal.client.get(f"{back.path}?{back.query}")
    assert refused.status_code == 400 and "did not say your NetID" in refused.text


def test_without_a_sign_on_set_up_the_page_says_so(portal: Portal) -> None:
    page = portal.client.get("/sign-in/sso")
    assert page.status_code == 404 and "Sign in with a code sent to your email" in page.text
    assert "Sign in with" not in portal.client.get("/sign-in").text.replace("Sign in with your email", "")
