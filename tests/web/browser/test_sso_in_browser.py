"""Staff sign in with the institution's login in a real browser (issue 17, item 2 and 7): the portal sends the
browser to a real OpenID Connect provider process (oidc-provider-mock on a free port), the person signs in there,
and the NetID in the ID token signs them straight into their profile and their records."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from cme_desktop.services.office.settings import update_settings
from cme_desktop.store.attendance import AttendanceClaim
from cme_desktop.store.people import Person
from tests.web.browser.conftest import Site

provider = pytest.importorskip(
    "oidc_provider_mock", reason="oidc-provider-mock (the test provider) is missing"
)


def _staff_member(site: Site) -> tuple[str, str, str, int]:
    """A demo staff member with a NetID and attendance: NetID, first and last name, claims."""
    with site.ctx.db.transaction() as s:
        netid, first, last, claims = s.execute(
            select(Person.netid, Person.first_name, Person.last_name, func.count(AttendanceClaim.id))
            .join(AttendanceClaim, AttendanceClaim.person_id == Person.id)
            .where(Person.netid.is_not(None))
            .group_by(Person.id, Person.netid, Person.first_name, Person.last_name)
            .order_by(func.count(AttendanceClaim.id).desc(), Person.id)
            .limit(1)
        ).one()
    return str(netid), first, last, int(claims)


def test_a_netid_signs_into_its_profile_and_its_records(
    page: Any, site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    netid, first, last, claims = _staff_member(site)
    claims_of_user = {
        "preferred_username": netid,
        "email": f"{netid}@lowcountry.edu",
        "email_verified": True,
        "given_name": first,
        "family_name": last,
    }
    users = [provider.User(sub=f"sub-{netid}", claims=claims_of_user)]
    with provider.run_server_in_thread(user_claims=users, require_nonce=True) as server:
        issuer = f"http://localhost:{server.server_port}"
        registered = httpx.post(
            f"{issuer}/oauth2/clients", json={"redirect_uris": [site.at("/sign-in/sso/callback")]}
        ).json()
        monkeypatch.setenv("CME_OIDC_CLIENT_SECRET", registered["client_secret"])
        update_settings(
            site.ctx,
            {
                "sso_issuer_url": issuer,
                "sso_client_id": registered["client_id"],
                "sso_button_label": "Lowcountry NetID",
            },
        )
        try:
            page.goto(site.at("/records"))
            page.get_by_role("link", name="Sign in with Lowcountry NetID").click()
            # The provider's own login page: the person signs in there, not on the portal.
            page.get_by_role("button", name=f"sub-{netid}").click()
            expect(page.get_by_role("heading", name="Your records")).to_be_visible()
            assert page.url == site.at("/records")
            assert page.locator("ul.claims > li").count() == claims
        finally:
            update_settings(site.ctx, {"sso_issuer_url": "", "sso_client_id": "", "sso_button_label": ""})
