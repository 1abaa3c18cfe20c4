"""The invitation and reminder emails: plain and short, in the office's name, with the person's own link."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from html import escape

from cme_desktop.domain.localtime import say_day
from cme_desktop.domain.vocabulary import RoleInActivity
from cme_desktop.services.mail.message import OutgoingMail
from cme_desktop.services.office.settings import OfficeSettings

INVITATION, REMINDER = "disclosure invitation", "disclosure reminder"


@dataclass(frozen=True)
class Addressee:
    email: str
    first_name: str
    last_name: str
    roles: tuple[RoleInActivity, ...]


_ROLE_WORDS = {
    RoleInActivity.PLANNER: "a planner",
    RoleInActivity.FACULTY: "faculty",
    RoleInActivity.REVIEWER: "a reviewer",
    RoleInActivity.MODERATOR: "a moderator",
    RoleInActivity.OTHER: "in control of content",
}


def roles_text(roles: tuple[RoleInActivity, ...]) -> str:
    """'faculty', 'a planner and faculty' (a session speaker is faculty)."""
    words = [_ROLE_WORDS[r] for r in roles] or ["faculty"]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def disclosure_mail(
    settings: OfficeSettings,
    to: Addressee,
    activity: str,
    first_session_at: datetime | None,
    link: str,
    expires_at: datetime,
    *,
    reminder_days: int | None = None,
) -> OutgoingMail:
    """The invitation (or, with `reminder_days`, the reminder that the first session is that many days away)."""
    office = settings.provider_name or "The CME office"
    zone = settings.zone
    starts = f" on {say_day(first_session_at.astimezone(zone).date())}" if first_session_at else ""
    until = say_day(expires_at.astimezone(zone).date())
    if reminder_days is None:
        subject = f"Please disclose for {activity}"
        opening = (
            f"You are {roles_text(to.roles)} for {activity}, which begins{starts or ' soon'}. Before then, "
            "please tell us about your financial relationships with ineligible companies in the past 24 months "
            "(ACCME Standard 3), or that you have none. The form takes a few minutes:"
        )
        purpose = INVITATION
    else:
        subject = f"Reminder: your disclosure for {activity}"
        opening = (
            f"We have not yet received your disclosure for {activity}, which begins in {reminder_days} days"
            f"{starts}. You cannot plan or teach it until we have it. The form takes a few minutes:"
        )
        purpose = REMINDER
    closing = f"The link is for you alone and works until {until}. You do not need a password."
    sign = [office, *([settings.help_contact] if settings.help_contact else [])]
    text = (
        f"Hello {to.first_name} {to.last_name},\n\n{opening}\n\n{link}\n\n{closing}\n\nThank you,\n"
        + "\n".join(sign)
        + "\n"
    )
    html = (
        f"<p>Hello {escape(to.first_name)} {escape(to.last_name)},</p><p>{escape(opening)}</p>"
        f'<p><a href="{escape(link, quote=True)}">{escape(link)}</a></p><p>{escape(closing)}</p>'
        f"<p>Thank you,<br>{'<br>'.join(escape(line) for line in sign)}</p>"
    )
    return OutgoingMail(to.email, subject, text, html, purpose)
