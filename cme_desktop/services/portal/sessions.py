"""Portal sessions: a random token in the browser's cookie, its hash in the database; revocable, 30 minutes idle.

A visit's session is read once per request together with the office's look (one transaction), and its last-seen
time is written at most once a minute, so a busy page costs one read. Signing in replaces the anonymous session
with a new one (a new token), and signing out, or the office revoking a learner's sessions, ends them at once.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.orm import Session

from cme_desktop.domain.colours import readable_on_white, text_on
from cme_desktop.domain.names import display_name
from cme_desktop.services.context import Actor, Context
from cme_desktop.services.office.settings import OfficeSettings, read_settings
from cme_desktop.store.people import Person, PersonAlias
from cme_desktop.store.portal import PortalSession

IDLE = timedelta(minutes=30)
LONGEST = timedelta(hours=12)  # signed in or not, a session ends this long after it started
TOUCH_EVERY = timedelta(minutes=1)
PURGE_AFTER = timedelta(days=2)  # ended sessions (and their codes) are deleted after this


@dataclass(frozen=True)
class OfficeLook:
    """What every portal page shows of the office: its name and colour (readable), its help contact, the sign-on."""

    name: str
    colour: str
    text_colour: str
    link_colour: str
    help_contact: str
    sso_label: str
    sso_ready: bool

    @classmethod
    def of(cls, settings: OfficeSettings) -> OfficeLook:
        colour = settings.portal_colour
        return cls(
            name=settings.provider_name or "CME office",
            colour=colour,
            text_colour=text_on(colour),
            link_colour=readable_on_white(colour),
            help_contact=settings.help_contact,
            sso_label=settings.sso_button_label or "your institution's login",
            sso_ready=bool(settings.sso_issuer_url and settings.sso_client_id),
        )


@dataclass(frozen=True)
class Visit:
    """The browser's session as a request sees it."""

    session_id: int
    csrf_token: str
    signed_in: bool
    method: str | None = None
    email: str | None = None
    netid: str | None = None
    # The learner's profile (a merged-away id followed to the profile that absorbed it), or None.
    person_id: int | None = None
    learner_name: str | None = None
    pending: dict[str, Any] = field(default_factory=dict)

    @property
    def identity(self) -> str:
        """Who the audit log says made a change: 'portal: jane@example.org' or 'portal: NetID jsmith'."""
        if self.netid and self.method == "sso":
            return f"portal: NetID {self.netid}"[:120]
        return f"portal: {self.email or f'session {self.session_id}'}"[:120]


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def csrf_for(token: str) -> str:
    """The session's CSRF token: derived from its cookie token, so it is stored nowhere and dies with it."""
    return hmac.new(token.encode("utf-8"), b"csrf", hashlib.sha256).hexdigest()


def as_learner(ctx: Context, visit: Visit) -> Context:
    """`ctx` acting as the signed-in learner: the audit log records their portal identity."""
    return replace(ctx, actor=Actor(visit.identity, ctx.actor.machine))


def office_look(ctx: Context) -> OfficeLook:
    with ctx.db.transaction() as session:
        return OfficeLook.of(read_settings(session))


# The session and its learner's name in one query (every page asks): plain rows, no ORM objects.
_BY_TOKEN = (
    select(
        PortalSession.id,
        PortalSession.created_at,
        PortalSession.last_seen_at,
        PortalSession.signed_in_at,
        PortalSession.method,
        PortalSession.email,
        PortalSession.netid,
        PortalSession.person_id,
        PortalSession.pending,
        PortalSession.revoked_at,
        Person.id.label("found_id"),
        Person.first_name,
        Person.last_name,
        Person.degree,
    )
    .outerjoin(Person, Person.id == PortalSession.person_id)
    .where(PortalSession.token_hash == bindparam("hash"))
)


def load_visit(ctx: Context, token: str | None) -> tuple[Visit | None, OfficeLook]:
    """The browser's live session (None when it has none, or it ended) and the office's look, in one transaction."""
    now = ctx.clock()
    with ctx.db.transaction() as session:
        look = OfficeLook.of(read_settings(session))
        if not token or len(token) > 100:
            return None, look
        row = session.execute(_BY_TOKEN, {"hash": token_hash(token)}).first()
        if row is None or not alive(row, now):
            return None, look
        if now - row.last_seen_at >= TOUCH_EVERY:
            session.execute(update(PortalSession).where(PortalSession.id == row.id).values(last_seen_at=now))
        if row.found_id is not None:
            person_id: int | None = row.found_id
            name: str | None = display_name(row.first_name, row.last_name, row.degree)
        else:
            person_id, name = _learner(session, row.person_id)  # merged away, or none yet
        return _visit(row, token, person_id, name), look


def alive(row: Any, now: datetime) -> bool:
    """Whether a session row (with created_at, last_seen_at, revoked_at) has not ended at `now`."""
    return row.revoked_at is None and now - row.last_seen_at < IDLE and now - row.created_at < LONGEST


def _visit(row: Any, token: str, person_id: int | None, name: str | None) -> Visit:
    """The Visit of a session row (an ORM row or the hot path's plain one) for the learner it signed in."""
    return Visit(
        session_id=row.id,
        csrf_token=csrf_for(token),
        signed_in=row.signed_in_at is not None,
        method=row.method,
        email=row.email,
        netid=row.netid,
        person_id=person_id,
        learner_name=name,
        pending=dict(row.pending or {}),
    )


def _learner(session: Session, person_id: int | None) -> tuple[int | None, str | None]:
    if person_id is None:
        return None, None
    person = session.get(Person, person_id)
    if person is None:
        alias = session.get(PersonAlias, person_id)
        person = session.get(Person, alias.person_id) if alias is not None else None
    if person is None:
        return None, None
    return person.id, display_name(person.first_name, person.last_name, person.degree)


def start_session(ctx: Context) -> tuple[str, Visit]:
    """A new anonymous session (it carries the sign-in forms' CSRF token); ended sessions are cleared out."""
    now = ctx.clock()
    token = secrets.token_urlsafe(32)
    with ctx.db.transaction() as session:
        session.execute(delete(PortalSession).where(PortalSession.last_seen_at < now - PURGE_AFTER))
        row = PortalSession(token_hash=token_hash(token), created_at=now, last_seen_at=now)
        session.add(row)
        session.flush()
        return token, _visit(row, token, *_learner(session, row.person_id))


def begin_signed_in(
    ctx: Context,
    session: Session,
    replacing: int | None,
    *,
    method: str,
    email: str | None,
    netid: str | None,
    person_id: int | None,
    pending: dict[str, Any] | None = None,
) -> tuple[str, Visit]:
    """Inside the caller's transaction: end the anonymous session `replacing` and start a signed-in one with a
    new token (a token seen before sign-in is worth nothing after it)."""
    now = ctx.clock()
    if replacing is not None:
        session.execute(
            update(PortalSession)
            .where(PortalSession.id == replacing, PortalSession.revoked_at.is_(None))
            .values(revoked_at=now)
        )
    token = secrets.token_urlsafe(32)
    row = PortalSession(
        token_hash=token_hash(token),
        created_at=now,
        last_seen_at=now,
        signed_in_at=now,
        method=method,
        email=email,
        netid=netid,
        person_id=person_id,
        pending=pending or None,
    )
    session.add(row)
    session.flush()
    return token, _visit(row, token, *_learner(session, row.person_id))


def sign_out(ctx: Context, session_id: int) -> None:
    """End this browser's session now."""
    with ctx.db.transaction() as session:
        session.execute(
            update(PortalSession)
            .where(PortalSession.id == session_id, PortalSession.revoked_at.is_(None))
            .values(revoked_at=ctx.clock())
        )


def revoke_sessions(ctx: Context, person_id: int) -> int:
    """End every portal session signed in to this profile (the learner's "sign out everywhere", or the office's)."""
    with ctx.db.transaction() as session:
        result = session.execute(
            update(PortalSession)
            .where(PortalSession.person_id == person_id, PortalSession.revoked_at.is_(None))
            .values(revoked_at=ctx.clock())
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]


def live_row(session: Session, session_id: int, now: datetime) -> PortalSession | None:
    """The session's row, locked for the caller's change, if it has not ended."""
    row = session.scalars(
        select(PortalSession).where(PortalSession.id == session_id).with_for_update()
    ).first()
    return row if row is not None and alive(row, now) else None
