"""How long texts are kept: what people texted is the office's to keep only as long as it needs it.

After the office's period (Settings, "Keep texts for", 180 days by default): texts from and to numbers that were
never linked to a profile are deleted, and the words of every other text are removed (the row stays, with its
time, person and outcome, so counts and the attendance it led to still add up). Link requests go after a day.
The web server runs this at start and daily; it is safe to run from several processes at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, delete, update

from cme_desktop.services.context import Context
from cme_desktop.services.office.settings import read_settings
from cme_desktop.store.messages import PhoneLinkRequest, TextMessage

LINK_REQUESTS_KEPT = timedelta(days=1)


@dataclass(frozen=True)
class Purged:
    deleted: int  # texts from or to numbers never linked
    emptied: int  # texts whose words were removed


def purge_old_texts(ctx: Context) -> Purged:
    """Apply the office's retention period to the texting log, in one transaction."""
    now = ctx.clock()
    with ctx.db.transaction() as session:
        cutoff = now - timedelta(days=read_settings(session).text_retention_days)
        deleted = cast(
            CursorResult[Any],
            session.execute(
                delete(TextMessage).where(TextMessage.at < cutoff, TextMessage.person_id.is_(None))
            ),
        ).rowcount
        emptied = cast(
            CursorResult[Any],
            session.execute(
                update(TextMessage).where(TextMessage.at < cutoff, TextMessage.body != "").values(body="")
            ),
        ).rowcount
        session.execute(
            delete(PhoneLinkRequest).where(PhoneLinkRequest.expires_at < now - LINK_REQUESTS_KEPT)
        )
    return Purged(int(deleted or 0), int(emptied or 0))
