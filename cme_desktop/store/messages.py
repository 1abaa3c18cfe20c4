"""The texting log: every inbound and outbound text with what came of it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
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
