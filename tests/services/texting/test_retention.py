"""Message retention (issue 16): after the office's period, texts from numbers never linked go and the words of
the others are removed; a shorter period set in Settings applies at the next run."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from sqlalchemy import select

from cme_desktop.clock import frozen_clock
from cme_desktop.services.context import Context
from cme_desktop.services.office.settings import update_settings
from cme_desktop.services.texting.conversation import InboundText, handle_inbound
from cme_desktop.services.texting.retention import purge_old_texts
from cme_desktop.store.messages import TextMessage
from tests.services.attendance_factory import build


def test_old_texts_are_purged_after_the_offices_period(ctx: Context) -> None:
    setting = build(ctx)
    long_ago = replace(ctx, clock=frozen_clock(ctx.clock() - timedelta(days=181)))
    handle_inbound(long_ago, InboundText("SMold1", "+18435550101", None, f"Attend {setting.past_code}"))
    handle_inbound(long_ago, InboundText("SMold2", "+18435550177", None, "who is this?"))  # never linked
    handle_inbound(ctx, InboundText("SMnew1", "+18435550177", None, "still me"))
    assert purge_old_texts(ctx).deleted == 2  # the unknown number's old text and the reply to it
    with ctx.db.transaction() as session:
        kept = {(m.provider_sid, m.direction, m.body) for m in session.scalars(select(TextMessage))}
    assert ("SMold1", "in", "") in kept and (
        None,
        "out",
        "",
    ) in kept  # Jane's text: the row stays, the words go
    assert not any(sid == "SMold2" for sid, _, _ in kept)
    assert any(sid == "SMnew1" and body == "still me" for sid, _, body in kept)
    update_settings(ctx, {"text_retention_days": 7})
    week_later = replace(ctx, clock=frozen_clock(ctx.clock() + timedelta(days=8)))
    assert purge_old_texts(week_later).deleted == 2
