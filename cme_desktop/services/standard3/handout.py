"""The printable disclosure to learners for an activity, from its Standard 3 review."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from cme_desktop.domain.localtime import say_day
from cme_desktop.domain.standard3 import ROLE_LABELS
from cme_desktop.domain.vocabulary import SessionStatus
from cme_desktop.services.context import Context
from cme_desktop.services.office.settings import read_settings
from cme_desktop.services.standard3.facts import zone_and_today
from cme_desktop.services.standard3.review import LearnerDisclosure, learner_disclosure_in
from cme_desktop.store.activities import ActivitySession


def save_learner_handout(ctx: Context, activity_id: int, path: Path) -> LearnerDisclosure:
    """Write the handout PDF to `path` and return what it says. An incomplete review still prints, marked as a
    draft with what is left, so a coordinator can check the wording early but never hands out a draft unawares."""
    from cme_desktop.documents.disclosure_handout import HandoutContent, HandoutRow, write_handout

    with ctx.db.transaction() as session:
        provider = read_settings(session).accreditation.require("the disclosure handout").provider
        disclosure = learner_disclosure_in(ctx, session, activity_id)
        zone, today = zone_and_today(ctx, session)
        starts = list(
            session.scalars(
                select(ActivitySession.starts_at)
                .where(
                    ActivitySession.activity_id == activity_id,
                    ActivitySession.status != SessionStatus.CANCELLED.value,
                )
                .order_by(ActivitySession.starts_at)
            )
        )
    days = sorted({s.astimezone(zone).date() for s in starts})
    if not days:
        when = ""
    elif len(days) == 1:
        when = say_day(days[0])
    else:
        when = f"{say_day(days[0])} to {say_day(days[-1])} ({len(days)} sessions)"
    rows = tuple(
        HandoutRow(
            person.name,
            ", ".join(ROLE_LABELS[r] for r in person.roles).capitalize(),
            company,
            ", ".join(natures),
        )
        for person in disclosure.with_relationships
        for company, natures in person.companies()
    )
    people_lines = len(disclosure.with_relationships)
    intro = disclosure.lines[0] if rows else None
    closing = disclosure.lines[1 + people_lines :] if rows else disclosure.lines
    draft = None
    if not disclosure.ready:
        draft = "DRAFT, not for learners: the Standard 3 review is not complete. " + " ".join(
            disclosure.problems
        )
    content = HandoutContent(
        provider, disclosure.activity_title, when, intro, rows, closing, say_day(today), draft
    )
    write_handout(Path(path), content)
    return disclosure
