"""Linking a phone to a profile by text, confirmed by a 6-digit code emailed to the profile's address.

Texting an email address asks for a code; texting the code back links the phone. The reply is the same whether
or not a profile uses the address (no one learns who is on file), and requests are limited per phone and per
address, so nobody can link their phone to someone else's profile or use the office to mail strangers. An office
without a mail server can choose direct linking (Settings): the phone is linked at once but unconfirmed, and the
claims it texts are flagged for review on the Attendance page.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from html import escape

from sqlalchemy import select
from sqlalchemy.orm import Session

from cme_desktop.domain.emails import mask_email
from cme_desktop.domain.localtime import say_time
from cme_desktop.domain.sms import EXAMPLE_CODE, LINK_CODE_LENGTH
from cme_desktop.services import audit
from cme_desktop.services.context import Context
from cme_desktop.services.mail.message import OutgoingMail
from cme_desktop.services.office.settings import OfficeSettings
from cme_desktop.services.request_limits import address_key, free_again
from cme_desktop.store.messages import PhoneLinkRequest
from cme_desktop.store.people import Person, PersonEmail, PersonPhone

CODE_VALID = timedelta(minutes=30)
WRONG_CODES_PER_REQUEST = 5
# Link requests allowed in a rolling hour and day, per phone and per address (known or not).
PER_HOUR = 3
PER_DAY = 10


@dataclass(frozen=True)
class LinkAnswer:
    messages: tuple[str, ...]
    outcome: str
    person_id: int | None = None
    mail: tuple[OutgoingMail, ...] = ()


@dataclass(frozen=True)
class LinkedPhone:
    """The sender's phone row, when it is linked to a profile."""

    id: int
    person_id: int
    verified: bool


def _code_hash(request_id: int, phone: str, code: str) -> str:
    return hashlib.sha256(f"{request_id}:{phone}:{code}".encode()).hexdigest()


def start_link(
    ctx: Context,
    session: Session,
    settings: OfficeSettings,
    email: str,
    phone: str,
    linked: LinkedPhone | None,
    now: datetime,
) -> LinkAnswer:
    """A phone texted an email address."""
    person = _person_with_email(session, email)
    if linked is not None:
        if person is not None and person.id == linked.person_id:
            return LinkAnswer(
                ("This phone is already linked to your CME profile.",), "already_linked", person.id
            )
        return LinkAnswer(
            (f"This phone is already linked to a CME profile; contact {_contact(settings)} to change it.",),
            "link_refused",
            linked.person_id,
        )
    key = address_key(email)  # what is kept of an address someone texted: enough to count requests for it
    hourly_and_daily = ((timedelta(hours=1), PER_HOUR), (timedelta(days=1), PER_DAY))
    until = free_again(  # requests are counted whatever their address was
        session,
        PhoneLinkRequest.created_at,
        (
            (PhoneLinkRequest.phone, phone, hourly_and_daily),
            (PhoneLinkRequest.email_key, key, hourly_and_daily),
        ),
        now,
    )
    if until is not None:
        at = say_time(until.astimezone(settings.zone).time())
        return LinkAnswer((f"Too many requests to link this phone. Try again after {at}.",), "link_limited")
    masked = mask_email(email)
    request = PhoneLinkRequest(
        phone=phone,
        email_key=key,
        person_id=person.id if person else None,
        created_at=now,
        expires_at=now + CODE_VALID,
        wrong_codes=0,
    )
    session.add(request)
    session.flush()
    if settings.phone_linking == "direct":
        reply = (
            f"If {masked} is on a CME profile, this phone is now linked to it. To record attendance, text Attend "
            f"and the activity code, e.g. Attend {EXAMPLE_CODE}."
        )
        if person is None:
            return LinkAnswer((reply,), "unknown_email")
        request.confirmed_at = now
        _link(ctx, session, person.id, phone, verified=False, how="text, unconfirmed")
        return LinkAnswer((reply,), "linked_unconfirmed", person.id)
    reply = (
        f"If {masked} is on a CME profile, we emailed it a {LINK_CODE_LENGTH}-digit code. Text the code here "
        f"within {int(CODE_VALID.total_seconds() // 60)} minutes to link this phone."
    )
    if person is None:
        return LinkAnswer((reply,), "unknown_email")
    code = f"{secrets.randbelow(10**LINK_CODE_LENGTH):0{LINK_CODE_LENGTH}d}"
    request.code_hash = _code_hash(request.id, phone, code)
    mail = _code_mail(settings, email, person.first_name, code)
    return LinkAnswer((reply,), "link_code_sent", person.id, (mail,))


def confirm_link(
    ctx: Context,
    session: Session,
    settings: OfficeSettings,
    code: str,
    phone: str,
    linked: LinkedPhone | None,
    now: datetime,
) -> LinkAnswer:
    """A phone texted a 6-digit code."""
    if linked is not None:
        return LinkAnswer(
            ("This phone is already linked to a CME profile.",), "already_linked", linked.person_id
        )
    request = session.scalars(
        select(PhoneLinkRequest)
        .where(
            PhoneLinkRequest.phone == phone,
            PhoneLinkRequest.confirmed_at.is_(None),
            PhoneLinkRequest.expires_at > now,
            PhoneLinkRequest.wrong_codes < WRONG_CODES_PER_REQUEST,
        )
        .order_by(PhoneLinkRequest.created_at.desc(), PhoneLinkRequest.id.desc())
        .limit(1)
        .with_for_update()
    ).first()
    if request is None:
        return LinkAnswer(
            ("That code has expired or was not asked for. Text your email address for a new one.",),
            "link_code_unknown",
        )
    right = request.code_hash is not None and hmac.compare_digest(
        request.code_hash, _code_hash(request.id, phone, code)
    )
    if not right or request.person_id is None:
        request.wrong_codes += 1
        if request.wrong_codes >= WRONG_CODES_PER_REQUEST:
            message = "Too many wrong codes. Text your email address again for a new one."
        else:
            message = "That code is not right. Check the email and text the code again."
        return LinkAnswer((message,), "link_code_wrong")
    request.confirmed_at = now
    person = session.get(Person, request.person_id)
    assert person is not None
    _link(ctx, session, person.id, phone, verified=True, how="text, code emailed")
    return LinkAnswer(
        (
            f"Thanks, {person.first_name}: this phone is now linked to your CME profile. To record attendance, "
            f"text Attend and the activity code, e.g. Attend {EXAMPLE_CODE}.",
        ),
        "linked",
        person.id,
    )


def _person_with_email(session: Session, email: str) -> Person | None:
    found = session.scalars(select(PersonEmail.person_id).where(PersonEmail.address == email)).first()
    return session.get(Person, found) if found is not None else None


def _link(ctx: Context, session: Session, person_id: int, phone: str, *, verified: bool, how: str) -> None:
    session.add(PersonPhone(person_id=person_id, e164=phone, verified=verified))
    session.flush()
    audit.record(ctx, session, "phone.link", "person", person_id, None, {"phone": phone, "by": how})


def _contact(settings: OfficeSettings) -> str:
    return settings.help_contact or "the CME office"


def _code_mail(settings: OfficeSettings, email: str, first_name: str, code: str) -> OutgoingMail:
    office = settings.provider_name or "CME attendance"
    minutes = int(CODE_VALID.total_seconds() // 60)
    text = (
        f"Hello {first_name},\n\n"
        f"Someone asked by text to link a phone to your {office} profile. To link it, text this code back "
        f"from that phone within {minutes} minutes:\n\n    {code}\n\n"
        "If it was not you, ignore this email: nothing is linked without the code.\n\n"
        f"{office}" + (f"\n{settings.help_contact}" if settings.help_contact else "") + "\n"
    )
    html = (
        f"<p>Hello {escape(first_name)},</p>"
        f"<p>Someone asked by text to link a phone to your {escape(office)} profile. To link it, text this code "
        f"back from that phone within {minutes} minutes:</p>"
        f'<p style="font-size:24px;letter-spacing:4px;font-family:monospace"><strong>{code}</strong></p>'
        "<p>If it was not you, ignore this email: nothing is linked without the code.</p>"
        f"<p>{escape(office)}"
        + (f"<br>{escape(settings.help_contact)}" if settings.help_contact else "")
        + "</p>"
    )
    return OutgoingMail(email, f"Your code to link your phone: {code}", text, html, "phone link code")
