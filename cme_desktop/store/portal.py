"""The learner portal: browser sessions kept in the database (revocable) and the sign-in codes it emails.

A browser holds only a random token in its cookie; the database keeps a hash of it, so a copy of the database
signs nobody in. A session starts anonymous (it carries the CSRF token of the sign-in forms) and is replaced by a
new one when its browser signs in, so a token seen before sign-in is worth nothing after it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from cme_desktop.store.base import Base


class PortalSession(Base):
    __tablename__ = "portal_sessions"
    __table_args__ = (Index("ix_portal_sessions_last_seen_at", "last_seen_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # SHA-256 of the cookie's token; the token itself is only in the browser.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    # When the browser proved who it is (None: anonymous), and how: "email" (an emailed code) or "sso".
    signed_in_at: Mapped[datetime | None]
    method: Mapped[str | None] = mapped_column(String(10))
    # The address the code went to, or the one the institution's sign-on gave.
    email: Mapped[str | None] = mapped_column(String(254))
    netid: Mapped[str | None] = mapped_column(String(60))
    # The learner's profile once found or created. Not a foreign key: a profile merged away still leads to the
    # one that absorbed it (its alias), so a merge does not sign anyone out.
    person_id: Mapped[int | None] = mapped_column(Integer, index=True)
    # The profile step in progress: names from the sign-on, the SSN check's outcome (a keyed hash, never digits).
    pending: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # When this browser entered a wrong activity code lately (ISO instants): 5 in 10 minutes lock it out for 15,
    # as texting does (domain/sms.py).
    wrong_codes: Mapped[list[str] | None] = mapped_column(JSON)
    revoked_at: Mapped[datetime | None]


class SignInCode(Base):
    """A 6-digit code emailed to sign a browser in; only its hash is kept, tied to the session that asked."""

    __tablename__ = "portal_sign_in_codes"
    __table_args__ = (
        Index("ix_portal_sign_in_codes_email_at", "email_key", "created_at"),
        Index("ix_portal_sign_in_codes_client_at", "client_key", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("portal_sessions.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    # SHA-256 of the address and of the client's network address: the rate limits count by these.
    email_key: Mapped[str] = mapped_column(String(64))
    client_key: Mapped[str] = mapped_column(String(64))
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    wrong_tries: Mapped[int] = mapped_column(Integer, default=0)
    used_at: Mapped[datetime | None]
