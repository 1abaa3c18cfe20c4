"""Signing in with the institution's single sign-on (OpenID Connect): what the office set up for it, and who the
verified identity is on file.

A NetID that is on a profile signs in to it. A NetID on no profile, with an address the sign-on vouches for
(email_verified) that is on a profile without a NetID, signs in to that profile and the NetID is added to it
(audited: it is the same person by the institution's word). Otherwise the profile step runs, with the names and
address the sign-on gave filled in. The client secret is in the server's keyring or CME_OIDC_CLIENT_SECRET.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from cme_desktop.secrets import OIDC_SECRET_NAME, get_secret
from cme_desktop.services import audit
from cme_desktop.services.context import Actor, Context
from cme_desktop.services.editing import stamp
from cme_desktop.services.office.settings import read_settings
from cme_desktop.services.portal.codes import SignedIn
from cme_desktop.services.portal.sessions import begin_signed_in, live_row
from cme_desktop.store.locking import hold_write_lock
from cme_desktop.store.people import Person, PersonEmail

SECRET_ENV = "CME_OIDC_CLIENT_SECRET"
PENDING_KEY = "sso"


@dataclass(frozen=True)
class SsoSetup:
    issuer: str
    client_id: str
    client_secret: str = ""
    netid_claim: str = "preferred_username"

    def __repr__(self) -> str:  # never the secret, in a log or a traceback
        return f"SsoSetup({self.issuer}, {self.client_id})"


@dataclass(frozen=True)
class SsoIdentity:
    netid: str
    email: str | None = None
    email_verified: bool = False
    first_name: str = ""
    last_name: str = ""


def client_secret() -> str:
    return get_secret(OIDC_SECRET_NAME) or os.environ.get(SECRET_ENV, "").strip()


def sso_setup(ctx: Context) -> SsoSetup | None:
    """The office's single sign-on, or None when Settings name no issuer and client."""
    with ctx.db.transaction() as session:
        settings = read_settings(session)
    if not (settings.sso_issuer_url and settings.sso_client_id):
        return None
    return SsoSetup(
        settings.sso_issuer_url, settings.sso_client_id, client_secret(), settings.sso_netid_claim
    )


def identity_from_claims(claims: dict[str, Any], netid_claim: str) -> SsoIdentity | None:
    """The verified ID token's claims as an identity; None when the NetID claim is missing."""
    netid = str(claims.get(netid_claim) or "").strip().lower()
    if "@" in netid and netid_claim in ("email", "upn", "preferred_username"):
        netid = netid.split("@", 1)[0]  # 'jsmith@musc.edu' as a user name: the NetID is before the @
    if not netid or len(netid) > 60 or " " in netid:
        return None
    email = str(claims.get("email") or "").strip().lower() or None
    return SsoIdentity(
        netid=netid,
        email=email if email and len(email) <= 254 else None,
        email_verified=claims.get("email_verified") in (True, "true"),
        first_name=str(claims.get("given_name") or "")[:100],
        last_name=str(claims.get("family_name") or "")[:100],
    )


def remember_attempt(ctx: Context, session_id: int, attempt: dict[str, str]) -> bool:
    """Keep the sign-on's state, nonce and PKCE verifier with the browser's session (never in the browser)."""
    with ctx.db.transaction() as session:
        row = live_row(session, session_id, ctx.clock())
        if row is None:
            return False
        row.pending = {**(row.pending or {}), PENDING_KEY: attempt}
        return True


def sign_in_with_sso(ctx: Context, replacing: int, identity: SsoIdentity) -> SignedIn:
    """A new signed-in session for the sign-on's identity, replacing the browser's anonymous one."""
    with ctx.db.transaction() as session:
        hold_write_lock(session)
        person = session.scalars(select(Person).where(Person.netid == identity.netid)).first()
        email = identity.email
        if email is not None:
            owner = session.scalars(
                select(Person).join(PersonEmail).where(PersonEmail.address == email)
            ).first()
            if person is None and owner is not None and owner.netid is None and identity.email_verified:
                person = owner
                _add_netid(ctx, session, person, identity)
            elif owner is not None and (person is None or owner.id != person.id):
                email = None  # someone else's address on file: the new profile goes without it
        pending = (
            None
            if person is not None
            else {"first_name": identity.first_name, "last_name": identity.last_name}
        )
        token, visit = begin_signed_in(
            ctx,
            session,
            replacing,
            method="sso",
            email=email or _primary_email(person),
            netid=identity.netid,
            person_id=person.id if person is not None else None,
            pending=pending,
        )
        return SignedIn(token, visit)


def _primary_email(person: Person | None) -> str | None:
    if person is None or not person.emails:
        return None
    primary = [e.address for e in person.emails if e.is_primary]
    return (primary or [person.emails[0].address])[0]


def _add_netid(ctx: Context, session: Any, person: Person, identity: SsoIdentity) -> None:
    learner = Context(ctx.db, ctx.clock, Actor(f"portal: NetID {identity.netid}"[:120], ctx.actor.machine))
    person.netid = identity.netid
    stamp(person, learner)
    session.flush()
    audit.record(
        learner,
        session,
        "person.netid_from_sign_on",
        "person",
        person.id,
        {"netid": None},
        {"netid": identity.netid, "by": "single sign-on, the same verified email"},
    )
