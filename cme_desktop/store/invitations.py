"""Faculty and planners disclosing for themselves: invitations to the portal's form, the links they carry, and
the drafts people save before submitting."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from cme_desktop.store.base import Base


class DisclosureInvitation(Base):
    """One person asked to disclose for one activity: when and where it was sent, reminders, and the answer.

    No unique (activity, person) constraint: a merge of two invited profiles moves both rows to the survivor;
    the newest invitation is the one that counts.
    """

    __tablename__ = "disclosure_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    invited_at: Mapped[datetime]
    invited_by: Mapped[str] = mapped_column(String(120))
    # The last time an invitation or a resend went out (None until one has).
    sent_at: Mapped[datetime | None]
    sends: Mapped[int] = mapped_column(Integer, default=0)
    # Why the last send failed, in a sentence (None after a send that went).
    failure: Mapped[str | None] = mapped_column(String(300))
    # When the person submitted a disclosure (or declined) after being invited.
    answered_at: Mapped[datetime | None]
    # The automatic reminders, each claimed once whatever the number of server processes.
    reminded_7_at: Mapped[datetime | None]
    reminded_3_at: Mapped[datetime | None]


class DisclosureLink(Base):
    """A link mailed to an invited person: only a hash of its random token is kept."""

    __tablename__ = "disclosure_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(
        ForeignKey("disclosure_invitations.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    opened_at: Mapped[datetime | None]


class DisclosureDraft(Base):
    """The form as a person left it, before they submit (a draft counts for nothing in the review)."""

    __tablename__ = "disclosure_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    saved_at: Mapped[datetime]
