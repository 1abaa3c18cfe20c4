"""Sending disclosure invitations: the email previewed before it goes, then one email per chosen person, each with
a new link. Sending happens outside the database transaction, so a slow mail server holds no lock; what went and
what failed is recorded after (a failed mail's link is dropped: its token never left this machine), and audited.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.orm import Session

from cme_desktop.domain.standard3 import Standard3Error
from cme_desktop.errors import AppError, InputError
from cme_desktop.services import audit
from cme_desktop.services.context import Context
from cme_desktop.services.mail.config import mail_config
from cme_desktop.services.mail.message import OutgoingMail
from cme_desktop.services.mail.sending import send
from cme_desktop.services.office.settings import load_settings, read_settings
from cme_desktop.services.standard3.facts import (
    PersonInActivity,
    load_activities,
    person_name,
    primary_emails,
)
from cme_desktop.services.standard3.invitation_mail import Addressee, disclosure_mail
from cme_desktop.services.standard3.invitations import (
    InvitationState,
    activity_next_sessions,
    invitation_states,
    person_next_session,
)
from cme_desktop.services.standard3.links import LINK_VALID, add_link, link_url
from cme_desktop.store.activities import Activity
from cme_desktop.store.invitations import DisclosureInvitation, DisclosureLink

log = logging.getLogger(__name__)

Deliver = Callable[[OutgoingMail], None]  # sends one mail now, or raises an AppError saying why not


@dataclass(frozen=True)
class SendReport:
    sent: tuple[str, ...]
    failed: tuple[tuple[str, str], ...]  # (name, why)
    skipped: tuple[tuple[str, str], ...]  # (name, why)

    @property
    def sentence(self) -> str:
        parts = []
        if self.sent:
            parts.append(f"Sent {len(self.sent)} invitation{'s' if len(self.sent) != 1 else ''}.")
        parts.extend(f"Not sent to {name}: {why}" for name, why in self.failed + self.skipped)
        return " ".join(parts) or "Nobody was chosen."


def _addressee(entry: PersonInActivity, email: str) -> Addressee:
    return Addressee(email, entry.person.first_name, entry.person.last_name, entry.role_kinds)


def preview_invitation(ctx: Context, activity_id: int, person_id: int) -> OutgoingMail:
    """The email `person_id` would get, with a stand-in for the link (each real mail carries its own)."""
    with ctx.db.transaction() as session:
        settings = read_settings(session)
        activity, entry = _invitee(session, activity_id, person_id)
        email = primary_emails(session, [person_id]).get(person_id) or "(no email on file)"
        next_at = person_next_session(
            entry, activity_next_sessions(session, [activity_id], ctx.clock()).get(activity_id), ctx.clock()
        )
        link = link_url(settings, "…", fallback="https://portal.example.edu")
        return disclosure_mail(
            settings, _addressee(entry, email), activity.title, next_at, link, ctx.clock() + LINK_VALID
        )


def _invitee(session: Session, activity_id: int, person_id: int) -> tuple[Activity, PersonInActivity]:
    activity = session.get(Activity, activity_id)
    if activity is None:
        raise Standard3Error("That activity no longer exists: reload.")
    entry = load_activities(session, [activity])[activity_id].people.get(person_id)
    if entry is None:
        raise Standard3Error("That person no longer plans or teaches this activity: reload.")
    return activity, entry


@dataclass(frozen=True)
class _Prepared:
    invitation_id: int
    link_id: int
    name: str
    mail: OutgoingMail


def office_mailer(ctx: Context) -> Deliver:
    """Sending through the office's mail server (Settings, or CME_SMTP_URL), or InputError when none is set."""
    config = mail_config(load_settings(ctx))
    if config is None:
        raise InputError(
            "No mail server is set: add the office's mail server in Settings (Texting and mail) to send invitations."
        )
    return lambda mail: send(config, mail)


def send_invitations(
    ctx: Context, activity_id: int, person_ids: Sequence[int], deliver: Deliver | None = None
) -> SendReport:
    """Invite (or invite again) each chosen person of the activity: one email each, with a new link."""
    deliver = deliver or office_mailer(ctx)
    prepared, skipped = _prepare(ctx, activity_id, person_ids)
    outcomes: list[tuple[_Prepared, str | None]] = []
    for item in prepared:
        try:
            deliver(item.mail)
            outcomes.append((item, None))
        except AppError as error:
            log.warning("A disclosure invitation was not sent: %s", error)
            outcomes.append((item, str(error)))
    _record(ctx, activity_id, outcomes)
    return SendReport(
        tuple(item.name for item, failure in outcomes if failure is None),
        tuple((item.name, failure) for item, failure in outcomes if failure is not None),
        tuple(skipped),
    )


def _prepare(
    ctx: Context, activity_id: int, person_ids: Sequence[int]
) -> tuple[list[_Prepared], list[tuple[str, str]]]:
    now = ctx.clock()
    prepared: list[_Prepared] = []
    skipped: list[tuple[str, str]] = []
    with ctx.db.transaction() as session:
        settings = read_settings(session)
        activity = session.get(Activity, activity_id)
        if activity is None:
            raise Standard3Error("That activity no longer exists: reload.")
        link_url(settings, "")  # refuses before anything is made when there is no portal address
        facts = load_activities(session, [activity])[activity_id]
        emails = primary_emails(session, person_ids)
        states = invitation_states(session, activity_id, person_ids)
        next_at = activity_next_sessions(session, [activity_id], now).get(activity_id)
        for pid in dict.fromkeys(person_ids):
            entry = facts.people.get(pid)
            if entry is None:
                skipped.append((f"profile {pid}", "no longer plans or teaches this activity."))
                continue
            name = person_name(entry.person)
            email = emails.get(pid)
            if not email:
                skipped.append((name, "no email on file (add one on their profile)."))
                continue
            invitation = _open_invitation(ctx, session, activity_id, pid, email, states.get(pid), now)
            link, token = add_link(session, invitation, now)
            mail = disclosure_mail(
                settings,
                _addressee(entry, email),
                activity.title,
                person_next_session(entry, next_at, now),
                link_url(settings, token),
                link.expires_at,
            )
            prepared.append(_Prepared(invitation.id, link.id, name, mail))
    return prepared, skipped


def _open_invitation(
    ctx: Context,
    session: Session,
    activity_id: int,
    person_id: int,
    email: str,
    state: InvitationState | None,
    now: datetime,
) -> DisclosureInvitation:
    """The person's unanswered invitation (a resend), or a new one once the last was answered."""
    if state is not None and state.answered_at is None:
        invitation = session.get_one(DisclosureInvitation, state.id)
        invitation.email = email
        return invitation
    invitation = DisclosureInvitation(
        activity_id=activity_id,
        person_id=person_id,
        email=email,
        invited_at=now,
        invited_by=ctx.actor.os_user,
        sends=0,
    )
    session.add(invitation)
    session.flush()
    return invitation


def _record(ctx: Context, activity_id: int, outcomes: list[tuple[_Prepared, str | None]]) -> None:
    if not outcomes:
        return
    now = ctx.clock()
    with ctx.db.transaction() as session:
        for item, failure in outcomes:
            invitation = session.get(DisclosureInvitation, item.invitation_id)
            if invitation is None:
                continue
            if failure is not None:
                # The token never left this machine: its link goes, and the invitation says why.
                session.execute(delete(DisclosureLink).where(DisclosureLink.id == item.link_id))
                invitation.failure = failure[:300]
                continue
            resend = invitation.sends > 0
            invitation.sent_at, invitation.failure = now, None
            invitation.sends += 1
            audit.record(
                ctx,
                session,
                "disclosure_invitation.resend" if resend else "disclosure_invitation.send",
                "disclosure_invitation",
                invitation.id,
                None,
                {"activity_id": activity_id, "person_id": invitation.person_id, "email": invitation.email},
            )
