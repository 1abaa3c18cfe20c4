"""The texting conversation of the seed document: link a phone by texting an email, then "Attend 2356446".

Each inbound text is handled once per provider message id (Twilio retries the same MessageSid): the first
delivery is answered and logged; a repeat gets the same answer from the log. Every text, in and out, is kept in
the texting log with its outcome (SSN-like and card-like digits masked). Opted-out numbers are sent nothing until
they opt back in (DOMAIN.md, "SMS"); the opt-out is the number's, linked or not.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import cast

from sqlalchemy import Insert, Table, bindparam, func, insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from cme_desktop.domain.localtime import say_time
from cme_desktop.domain.phones import InvalidPhone, normalize_phone
from cme_desktop.domain.redaction import mask_sensitive
from cme_desktop.domain.sms import (
    EXAMPLE_CODE,
    LOCKOUT,
    MAX_CODES_PER_TEXT,
    WRONG_CODE_WINDOW,
    ParsedText,
    TextKind,
    locked_until,
    normalize_body,
    parse_text,
)
from cme_desktop.domain.twilio import twiml
from cme_desktop.domain.vocabulary import ClaimChannel, MessageDirection
from cme_desktop.errors import InputError
from cme_desktop.services.attendance.claims import (
    ClaimOutcome,
    ClaimRefused,
    ClaimRequest,
    Refusal,
    record_in,
)
from cme_desktop.services.context import Context
from cme_desktop.services.mail.message import OutgoingMail
from cme_desktop.services.office.settings import OfficeSettings, read_settings
from cme_desktop.services.texting.linking import LinkedPhone, confirm_link, start_link
from cme_desktop.services.texting.numbers import is_opted_out, set_opted_out
from cme_desktop.store.messages import TextingNumber, TextMessage
from cme_desktop.store.people import PersonPhone

log = logging.getLogger(__name__)

# Per-code results, joined with "+" into a text's outcome ("recorded+wrong").
_REFUSAL_WORDS = {
    Refusal.UNKNOWN_CODE: "wrong",
    Refusal.REPLACED_CODE: "replaced",
    Refusal.NOT_OPEN_YET: "not_open",
    Refusal.CLOSED: "closed",
    Refusal.CANCELLED: "cancelled",
    Refusal.WITHDRAWN: "withdrawn",
}
WRONG = "wrong"
# Twilio's Advanced Opt-Out names the keyword it matched; it has answered the text itself (docs/twilio.md).
_OPT_OUT_TYPES = {"STOP": TextKind.OPT_OUT, "START": TextKind.OPT_IN, "HELP": TextKind.HELP}


@dataclass(frozen=True)
class InboundText:
    sid: str
    sender: str
    to: str | None
    body: str
    account_sid: str | None = None
    # Twilio's OptOutType (STOP, START, HELP) when the office's Messaging Service has Advanced Opt-Out.
    opt_out_type: str | None = None


@dataclass(frozen=True)
class TextReply:
    messages: tuple[str, ...]
    outcome: str
    duplicate: bool = False
    # Mail the reply promised (a link code): the caller hands it to an Outbox after answering the text.
    mail: tuple[OutgoingMail, ...] = ()

    def twiml(self) -> str:
        return twiml(self.messages)


NOT_THE_OFFICES = TextReply((), "not_the_offices")


@dataclass(frozen=True)
class _Phone:
    """The sender's phone row, if the phone is linked to a profile."""

    id: int
    person_id: int
    verified: bool
    opted_out: bool
    # Texts from this phone with a wrong code lately: almost always 0, and then the rate limit needs no query.
    recent_wrong_texts: int

    @property
    def linked(self) -> LinkedPhone:
        return LinkedPhone(self.id, self.person_id, self.verified)


@dataclass(frozen=True)
class _Answer:
    messages: list[str]
    outcome: str
    person_id: int | None = None
    mail: tuple[OutgoingMail, ...] = ()


class _AnsweredAlready(Exception):
    """This delivery's message id was logged by an earlier (or racing) delivery of the same text."""


def handle_inbound(ctx: Context, text: InboundText) -> TextReply:
    """Answer one inbound text, once per message id, in one transaction.

    The text is logged last, with its outcome, and its message id is unique: a repeat delivery (Twilio retries)
    finds the id taken, rolls back whatever it did, and is answered from the log, as is a repeat that raced the
    first delivery and lost. Two different texts that race to link the same phone (PostgreSQL runs them at once)
    collide on the phone's unique number: the loser is answered again, seeing the winner's link. A burst of
    "Attend" texts at the end of a session is the hot path, so every statement there is built once and run as Core.
    """
    if not text.sid.strip():
        raise InputError("The text has no message id.")
    for attempt in range(3):
        try:
            return _answer(ctx, text)
        except (_AnsweredAlready, IntegrityError) as error:
            with ctx.db.transaction() as session:
                replay = _replay(session, text.sid)
            if replay is not None:
                return replay
            if attempt == 2 or not isinstance(error, IntegrityError):
                raise
            log.info("A text raced another one from the same phone; answering it again")
    raise AssertionError("unreachable")


def _answer(ctx: Context, text: InboundText) -> TextReply:
    phone = phone_key(text.sender)
    now = ctx.clock()
    office_number = (text.to or None) and text.to[:20]
    with ctx.db.transaction() as session:
        connection = session.connection()
        settings = read_settings(session)
        if not addressed_to_office(settings, text.to, text.account_sid):
            return NOT_THE_OFFICES
        found = connection.execute(
            _PHONE, {"phone": phone, "since": now - WRONG_CODE_WINDOW - LOCKOUT}
        ).first()
        phone_row = _Phone(*found) if found is not None else None
        parsed = parse_text(text.body)
        handled_by_provider = text.opt_out_type in _OPT_OUT_TYPES
        if handled_by_provider:
            parsed = ParsedText(_OPT_OUT_TYPES[str(text.opt_out_type)])
        opted_out = phone_row.opted_out if phone_row is not None else is_opted_out(connection, phone)
        answer = _respond(ctx, session, settings, parsed, text, phone, phone_row, now)
        messages = answer.messages
        if (opted_out and parsed.kind != TextKind.OPT_IN) or handled_by_provider:
            messages = []
        person_id = answer.person_id
        if person_id is None and phone_row is not None:
            person_id = phone_row.person_id
        inbound_id = connection.execute(
            _statements(connection.dialect.name).insert_inbound,
            {
                "direction": str(MessageDirection.INBOUND),
                "provider_sid": text.sid[:64],
                "phone": phone,
                "office_number": office_number,
                "body": stored_body(text.body),
                "at": now,
                "person_id": person_id,
                "outcome": answer.outcome[:40],
            },
        ).scalar()
        if inbound_id is None:
            raise _AnsweredAlready
        if messages:
            connection.execute(
                _INSERT_MESSAGE,
                [
                    {
                        "direction": str(MessageDirection.OUTBOUND),
                        "provider_sid": None,
                        "phone": phone,
                        "office_number": office_number,
                        "body": message,
                        "at": now,
                        "person_id": person_id,
                        "outcome": answer.outcome[:40],
                        "reply_to_id": inbound_id,
                    }
                    for message in messages
                ],
            )
        return TextReply(tuple(messages), answer.outcome, mail=answer.mail)


def addressed_to_office(settings: OfficeSettings, to: str | None, account_sid: str | None) -> bool:
    """A text to one of the office's numbers on the office's account, where Settings name them."""
    if settings.twilio_account_sid and account_sid != settings.twilio_account_sid:
        return False
    numbers = settings.office_numbers
    return not numbers or phone_key(to or "") in numbers


def stored_body(body: str) -> str:
    """A text as the log keeps it: normalised (no NUL, which PostgreSQL cannot store) and sensitive digits masked."""
    return mask_sensitive(normalize_body(body))[:1600]


def phone_key(sender: str) -> str:
    """The sender as stored: E.164 where it is a phone number, else as given (short codes, test senders)."""
    try:
        return normalize_phone(sender)
    except InvalidPhone:
        return normalize_body(sender).strip()[:20]


_MESSAGES = cast(Table, TextMessage.__table__)
_INSERT_MESSAGE = insert(_MESSAGES)
_WRONG_CODE_FILTER = (
    TextMessage.phone == bindparam("phone"),
    TextMessage.direction == str(MessageDirection.INBOUND),
    TextMessage.at >= bindparam("since"),
    TextMessage.outcome.contains(WRONG),
)
_PHONE = select(
    PersonPhone.id,
    PersonPhone.person_id,
    PersonPhone.verified,
    func.coalesce(
        select(TextingNumber.opted_out).where(TextingNumber.phone == PersonPhone.e164).scalar_subquery(),
        False,
    ),
    select(func.count()).where(*_WRONG_CODE_FILTER).scalar_subquery(),
).where(PersonPhone.e164 == bindparam("phone"))
_WRONG_CODES = select(TextMessage.at, TextMessage.outcome).where(*_WRONG_CODE_FILTER)


@dataclass(frozen=True)
class _Statements:
    insert_inbound: Insert


@cache
def _statements(dialect: str) -> _Statements:
    """Log the text unless its message id is already logged: the unique id makes a retry a replay."""
    insert_for_dialect = pg_insert if dialect == "postgresql" else sqlite_insert
    return _Statements(
        insert_for_dialect(_MESSAGES)
        .on_conflict_do_nothing(index_elements=["provider_sid"])
        .returning(_MESSAGES.c.id)
    )


def _replay(session: Session, sid: str) -> TextReply | None:
    """The answer logged for a message id, or None when it was never answered."""
    inbound = session.scalars(select(TextMessage).where(TextMessage.provider_sid == sid[:64])).first()
    if inbound is None:
        return None
    replies = session.scalars(
        select(TextMessage.body).where(TextMessage.reply_to_id == inbound.id).order_by(TextMessage.id)
    )
    return TextReply(tuple(replies), inbound.outcome or "", duplicate=True)


def _respond(
    ctx: Context,
    session: Session,
    settings: OfficeSettings,
    parsed: ParsedText,
    text: InboundText,
    phone: str,
    phone_row: _Phone | None,
    now: datetime,
) -> _Answer:
    """The replies, the outcome word, the person the text concerns and any mail to send."""
    program = settings.provider_name or "CME attendance"
    if parsed.kind == TextKind.ATTEND:
        if phone_row is None:
            return _Answer([_how_to_link()], "unknown_phone")
        return _attend(ctx, session, settings, parsed, text, phone, phone_row, now)
    if parsed.kind == TextKind.OPT_OUT:
        how = "provider" if text.opt_out_type else "keyword"
        set_opted_out(session, phone, True, how, now)
        return _Answer([], "opted_out")
    if parsed.kind == TextKind.OPT_IN:
        set_opted_out(session, phone, False, "provider" if text.opt_out_type else "keyword", now)
        return _Answer(
            [f"{program}: you will get replies to your texts again. Text HELP for help, STOP to stop."],
            "opted_in",
        )
    if parsed.kind == TextKind.HELP:
        contact = settings.help_contact or "the CME office"
        return _Answer(
            [
                f"{program}: record CME attendance by texting Attend and the activity code, e.g. Attend "
                f"{EXAMPLE_CODE}. Help: {contact}. Msg&data rates may apply. Reply STOP to stop."
            ],
            "help",
        )
    linked = phone_row.linked if phone_row is not None else None
    if parsed.kind == TextKind.LINK:
        assert parsed.email is not None
        link = start_link(ctx, session, settings, parsed.email, phone, linked, now)
        return _Answer(list(link.messages), link.outcome, link.person_id, link.mail)
    if parsed.kind == TextKind.LINK_CODE:
        assert parsed.link_code is not None
        link = confirm_link(ctx, session, settings, parsed.link_code, phone, linked, now)
        return _Answer(list(link.messages), link.outcome, link.person_id)
    return _Answer(
        [
            f"To record attendance, text Attend and the activity code, e.g. Attend {EXAMPLE_CODE}. "
            "First time? Text your email address to link this phone. Text HELP for help."
        ],
        "not_understood",
    )


def _how_to_link() -> str:
    return (
        "This phone is not linked to a CME profile yet. Text your email address to link it, "
        f"then text Attend and the activity code (e.g. Attend {EXAMPLE_CODE})."
    )


def _attend(
    ctx: Context,
    session: Session,
    settings: OfficeSettings,
    parsed: ParsedText,
    text: InboundText,
    phone: str,
    phone_row: _Phone,
    now: datetime,
) -> _Answer:
    person_id = phone_row.person_id
    recent = _wrong_code_times(session, phone, now) if phone_row.recent_wrong_texts else []
    until = locked_until(recent, now)
    if until is not None:
        return _Answer(
            [
                "Too many wrong codes from this phone. "
                f"Try again after {say_time(until.astimezone(settings.zone).time())}."
            ],
            "rate_limited",
            person_id,
        )
    if not parsed.codes:
        shown = f" ({', '.join(parsed.malformed)} is not 7 digits)" if parsed.malformed else ""
        return _Answer(
            [f"Activity codes have 7 digits{shown}: text e.g. Attend {EXAMPLE_CODE}."], "no_code", person_id
        )
    evidence: dict[str, object] = {"message_sid": text.sid, "phone": phone}
    if not phone_row.verified:
        evidence["unconfirmed_phone"] = True
    lines: list[str] = []
    words: list[str] = []
    for code in parsed.codes[:MAX_CODES_PER_TEXT]:
        request = ClaimRequest(person_id, ClaimChannel.TEXT, code=code, evidence=evidence)
        try:
            result = record_in(ctx, session, request)
        except ClaimRefused as refused:
            lines.append(str(refused))
            words.append(_REFUSAL_WORDS.get(refused.reason, "refused"))
            continue
        if result.outcome == ClaimOutcome.ALREADY_RECORDED:
            lines.append(f"Already recorded: {result.confirmation()}.")
            words.append("already")
        else:
            lines.append(f"Recorded: {result.confirmation()}.")
            words.append("recorded")
    if len(parsed.codes) > MAX_CODES_PER_TEXT:
        lines.append(f"Send at most {MAX_CODES_PER_TEXT} codes in one text; the others were not read.")
    return _Answer(["\n".join(lines)], "+".join(words), person_id)


def _wrong_code_times(session: Session, phone: str, now: datetime) -> list[datetime]:
    """One instant per wrong code this phone sent lately (a text with two wrong codes counts twice)."""
    rows = session.connection().execute(
        _WRONG_CODES, {"phone": phone, "since": now - WRONG_CODE_WINDOW - LOCKOUT}
    )
    return [at for at, outcome in rows for word in (outcome or "").split("+") if word == WRONG]
