"""The links in disclosure invitations: a random token per mail, of which only a hash is kept, working for 14 days.

Opening a link signs the invited person in for their disclosure form and nothing else. A link that is not one
the office sent (a typo, a cut-off line, a tampered token) or one past its day gets a sentence, never a form.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from cme_desktop.domain.localtime import say_day
from cme_desktop.errors import InputError
from cme_desktop.services.context import Context
from cme_desktop.services.office.settings import OfficeSettings, read_settings
from cme_desktop.store.invitations import DisclosureInvitation, DisclosureLink
from cme_desktop.store.people import Person

LINK_VALID = timedelta(days=14)
LINK_PATH = "/disclose/i/"
_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")


class LinkRefused(InputError):
    """A disclosure link that does not open the form: the message is a sentence for the person who followed it."""

    def __init__(self, message: str, expired: bool = False) -> None:
        super().__init__(message)
        self.expired = expired


@dataclass(frozen=True)
class LinkGrant:
    """Who a working link signs in, for their disclosure form only, and until when."""

    person_id: int
    first_name: str
    name: str
    invitation_id: int
    expires_at: datetime


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def link_url(settings: OfficeSettings, token: str, fallback: str = "") -> str:
    """The address mailed: the office's portal address (Settings), else the web server's own."""
    base = (settings.portal_url or fallback).strip().rstrip("/")
    if not base:
        raise InputError(
            "Set the portal address first (Settings, Office: 'Portal address'): invitations link to the portal."
        )
    return f"{base}{LINK_PATH}{token}"


def add_link(session: Session, invitation: DisclosureInvitation, now: datetime) -> tuple[DisclosureLink, str]:
    """A new link for `invitation` (each mail carries its own); returns the row and the token, which is not kept."""
    token = secrets.token_urlsafe(32)
    link = DisclosureLink(
        invitation_id=invitation.id, token_hash=token_hash(token), created_at=now, expires_at=now + LINK_VALID
    )
    session.add(link)
    session.flush()
    return link, token


def contact(settings: OfficeSettings) -> str:
    return settings.help_contact or "the CME office"


def open_link(ctx: Context, token: str) -> LinkGrant:
    """The person a disclosure link signs in, or LinkRefused with the sentence to show instead of a form."""
    now = ctx.clock()
    with ctx.db.transaction() as session:
        settings = read_settings(session)
        found = None
        if _TOKEN.fullmatch(token):
            found = session.execute(
                select(DisclosureLink, DisclosureInvitation, Person)
                .join(DisclosureInvitation, DisclosureInvitation.id == DisclosureLink.invitation_id)
                .join(Person, Person.id == DisclosureInvitation.person_id)
                .where(DisclosureLink.token_hash == token_hash(token))
            ).first()
        if found is None:
            raise LinkRefused(
                "This link is not one we sent, or part of it was lost on the way (an address cut across two "
                f"lines, say). Open it again from the invitation email, or ask {contact(settings)} for a new "
                "one."
            )
        link, invitation, person = found
        if link.expires_at <= now:
            day = say_day(link.expires_at.astimezone(settings.zone).date())
            raise LinkRefused(
                f"This link worked until {day} and has expired. Ask {contact(settings)} for a new one.",
                expired=True,
            )
        if link.opened_at is None:
            link.opened_at = now
        name = f"{person.first_name} {person.last_name}".strip()
        return LinkGrant(person.id, person.first_name, name, invitation.id, link.expires_at)
