"""Reminders to invited people who have not disclosed: 7 and 3 days before their first session still to come.

The web server runs this at start and every 15 minutes in each of its processes (`remind_now`). A reminder is claimed by a conditional
UPDATE (`... WHERE reminded_7_at IS NULL`) committed before its mail goes, so with several processes each is sent
once; a mail that could not be sent gives its claim back for the next run. A reminder whose day passed before the
invitation went is never sent, and only the nearest one is sent when the server was down for both.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, Table, delete, select, update

from cme_desktop.errors import AppError
from cme_desktop.services import audit
from cme_desktop.services.context import Context
from cme_desktop.services.mail.config import mail_config
from cme_desktop.services.mail.message import OutgoingMail
from cme_desktop.services.mail.sending import send
from cme_desktop.services.office.settings import load_settings, read_settings
from cme_desktop.services.standard3.facts import load_activities, primary_emails, zone_and_today
from cme_desktop.services.standard3.invitation_mail import Addressee, disclosure_mail
from cme_desktop.services.standard3.invitations import (
    activity_next_sessions,
    need,
    person_next_session,
)
from cme_desktop.services.standard3.inviting import Deliver
from cme_desktop.services.standard3.links import add_link, link_url
from cme_desktop.store.activities import Activity
from cme_desktop.store.invitations import DisclosureInvitation, DisclosureLink

log = logging.getLogger(__name__)

REMINDER_DAYS = (7, 3)  # days before the person's first session still to come
_COLUMNS = {7: "reminded_7_at", 3: "reminded_3_at"}


@dataclass(frozen=True)
class _Due:
    invitation_id: int
    days: int


def due_reminders(ctx: Context) -> list[_Due]:
    """The reminders to send now: invitations sent and not answered, for people still without a disclosure good
    for their first session to come."""
    now = ctx.clock()
    due: list[_Due] = []
    with ctx.db.transaction() as session:
        _, today = zone_and_today(ctx, session)
        open_ones = list(
            session.scalars(
                select(DisclosureInvitation).where(
                    DisclosureInvitation.answered_at.is_(None), DisclosureInvitation.sent_at.is_not(None)
                )
            )
        )
        if not open_ones:
            return []
        activities = list(
            session.scalars(select(Activity).where(Activity.id.in_({i.activity_id for i in open_ones})))
        )
        facts = load_activities(session, activities)
        nexts = activity_next_sessions(session, facts, now)
        for invitation in open_ones:
            activity = facts.get(invitation.activity_id)
            entry = activity.people.get(invitation.person_id) if activity else None
            if activity is None or entry is None:
                continue  # no longer in a role there
            first = person_next_session(entry, nexts.get(invitation.activity_id), now)
            if first is None or not need(entry, first, activity, today)[0]:
                continue
            days = _nearest(invitation, first, now)
            if days is not None:
                due.append(_Due(invitation.id, days))
    return due


def _nearest(invitation: DisclosureInvitation, first: datetime, now: datetime) -> int | None:
    """The nearest reminder whose day has come (3 days before, else 7), unless it was sent already or its day
    came before the invitation went."""
    for days in sorted(REMINDER_DAYS):
        at = first - timedelta(days=days)
        if now < at:
            continue
        sent_before = invitation.sent_at is not None and invitation.sent_at < at
        if not sent_before or getattr(invitation, _COLUMNS[days]) is not None:
            return None
        return days
    return None


def remind_now(ctx: Context, fallback_url: str = "") -> int:
    """The web server's job: every reminder due now, through the office's mail server (none without one)."""
    config = mail_config(load_settings(ctx))
    if config is None:
        return 0
    return send_due_reminders(ctx, lambda mail: send(config, mail), fallback_url)


def send_due_reminders(ctx: Context, deliver: Deliver, fallback_url: str = "") -> int:
    """Send every reminder due now; returns how many went."""
    sent = 0
    for item in due_reminders(ctx):
        mail = _claim(ctx, item, fallback_url)
        if mail is None:
            continue  # another process took it, or it is no longer due
        link_id, message = mail
        try:
            deliver(message)
            sent += 1
        except AppError as error:
            log.warning("A disclosure reminder was not sent (it will be tried again): %s", error)
            _give_back(ctx, item, link_id)
        except Exception:
            log.exception("A disclosure reminder was not sent (it will be tried again)")
            _give_back(ctx, item, link_id)
    return sent


def _claim(ctx: Context, item: _Due, fallback_url: str) -> tuple[int, OutgoingMail] | None:
    now = ctx.clock()
    column = _COLUMNS[item.days]
    table = cast(Table, DisclosureInvitation.__table__)
    with ctx.db.transaction() as session:
        claimed = cast(
            CursorResult[Any],
            session.execute(
                update(table)
                .where(
                    table.c.id == item.invitation_id,
                    table.c.answered_at.is_(None),
                    table.c[column].is_(None),
                )
                .values({column: now})
            ),
        ).rowcount
        if claimed != 1:
            return None
        invitation = session.get_one(DisclosureInvitation, item.invitation_id)
        settings = read_settings(session)
        activity = session.get_one(Activity, invitation.activity_id)
        entry = load_activities(session, [activity])[activity.id].people.get(invitation.person_id)
        email = primary_emails(session, [invitation.person_id]).get(invitation.person_id) or invitation.email
        if entry is None:
            return None
        first = person_next_session(
            entry, activity_next_sessions(session, [activity.id], now).get(activity.id), now
        )
        link, token = add_link(session, invitation, now)
        message = disclosure_mail(
            settings,
            Addressee(email, entry.person.first_name, entry.person.last_name, entry.role_kinds),
            activity.title,
            first,
            link_url(settings, token, fallback_url),
            link.expires_at,
            reminder_days=item.days,
        )
        audit.record(
            ctx,
            session,
            "disclosure_invitation.remind",
            "disclosure_invitation",
            invitation.id,
            None,
            {"activity_id": activity.id, "person_id": invitation.person_id, "days_before": item.days},
        )
        return link.id, message


def _give_back(ctx: Context, item: _Due, link_id: int) -> None:
    with ctx.db.transaction() as session:
        session.execute(
            update(DisclosureInvitation)
            .where(DisclosureInvitation.id == item.invitation_id)
            .values({_COLUMNS[item.days]: None})
        )
        session.execute(delete(DisclosureLink).where(DisclosureLink.id == link_id))
