"""The texting log: every inbound and outbound text with what came of it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cme_desktop.store.base import Base


class TextMessage(Base):
    __tablename__ = "text_messages"
    __table_args__ = (Index("ix_text_messages_phone_at", "phone", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    direction: Mapped[str] = mapped_column(String(3))
    # The provider's message id (Twilio MessageSid); unique so a retried webhook is handled once.
    provider_sid: Mapped[str | None] = mapped_column(String(64), unique=True)
    # The learner's phone (E.164), whichever direction the text went.
    phone: Mapped[str] = mapped_column(String(20))
    office_number: Mapped[str | None] = mapped_column(String(20))
    body: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime]
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)
    outcome: Mapped[str | None] = mapped_column(String(40))
    reply_to_id: Mapped[int | None] = mapped_column(ForeignKey("text_messages.id", ondelete="SET NULL"))


class TextingNumber(Base):
    """A phone number's texting state, whether or not it is linked to a profile (DOMAIN.md, "SMS").

    An opt-out belongs to the number: a STOP from a phone nobody has linked yet still holds after it is linked,
    and unlinking or merging profiles does not forget it. A number that never opted out has no row.
    """

    __tablename__ = "texting_numbers"

    phone: Mapped[str] = mapped_column(String(20), primary_key=True)
    opted_out: Mapped[bool] = mapped_column(Boolean, default=False)
    changed_at: Mapped[datetime]
    # What changed it last: "keyword" (STOP/START texted), "provider" (Twilio's OptOutType), "carrier" (a text
    # refused as unsubscribed), "coordinator" (a profile edited by hand).
    how: Mapped[str] = mapped_column(String(20))


class PhoneLinkRequest(Base):
    """A learner asked by text to link their phone to the profile with an email; a code went to that address.

    The email itself is not kept (it may be anyone's): only a keyed hash, for the per-address rate limit. Only
    the code's hash is kept; the code is in the email.
    """

    __tablename__ = "phone_link_requests"
    __table_args__ = (
        Index("ix_phone_link_requests_phone_at", "phone", "created_at"),
        Index("ix_phone_link_requests_email_at", "email_key", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    phone: Mapped[str] = mapped_column(String(20))
    email_key: Mapped[str] = mapped_column(String(64))
    # The profile the email belongs to; None when no profile uses it (no code was sent, every code is wrong).
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    wrong_codes: Mapped[int] = mapped_column(Integer, default=0)
    confirmed_at: Mapped[datetime | None]
