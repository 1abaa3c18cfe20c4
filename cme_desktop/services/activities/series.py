"""Building a regularly scheduled series from a recurrence rule: preview the sessions, then create them all
(DOMAIN.md, "RSS"). A year of weekly grand rounds is one rule and one click."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from zoneinfo import ZoneInfo

from cme_desktop.domain.recurrence import Recurrence
from cme_desktop.domain.scheduling import session_quarters
from cme_desktop.services.activities.calendar import SessionSummary, summaries
from cme_desktop.services.activities.queries import load_activity
from cme_desktop.services.activities.session_plan import (
    ProposedSession,
    plan_problems,
    refuse,
    text_field,
    write_sessions,
    zone_named,
)
from cme_desktop.services.context import Context
from cme_desktop.services.office.settings import office_zone
from cme_desktop.store.activities import ActivitySession


@dataclass(frozen=True)
class SessionDetails:
    """What every session of the series starts with; each can be edited afterwards. `credits` None means "from
    the duration"; `timezone` None means the office's zone."""

    topic: str | None = None
    speakers: str | None = None
    room: str | None = None
    credits: Decimal | str | float | None = None
    timezone: str | None = None


@dataclass(frozen=True)
class SeriesPreview:
    """The sessions a rule would create and what stands in the way. `problems` empty means create will work."""

    rule: str
    sessions: tuple[ProposedSession, ...]
    problems: tuple[str, ...]
    unused_skips: tuple[date, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def total_quarters(self) -> int:
        return sum(s.credit_quarters for s in self.sessions)


def preview_recurrence(
    ctx: Context, activity_id: int, rule: Recurrence, details: SessionDetails | None = None
) -> SeriesPreview:
    """The proposed sessions with their dates, times and credits, and any problem; nothing is written.

    A rule that gives no dates or too many, or a start time a daylight-saving change skips, is refused outright.
    """
    proposals, zone = _proposals(ctx, rule, details or SessionDetails())
    with ctx.db.transaction() as session:
        activity = load_activity(session, activity_id)
        problems = plan_problems(session, activity, proposals, _labels(proposals), zone)
    return SeriesPreview(
        rule=rule.describe(),
        sessions=tuple(proposals),
        problems=tuple(message for _, message in problems),
        unused_skips=tuple(rule.unused_skips()),
    )


def create_sessions_from_recurrence(
    ctx: Context, activity_id: int, rule: Recurrence, details: SessionDetails | None = None
) -> list[SessionSummary]:
    """Create every session of the rule, each with its own attendance code, or none if anything is wrong."""
    proposals, zone = _proposals(ctx, rule, details or SessionDetails())
    with ctx.db.transaction() as session:
        activity = load_activity(session, activity_id)
        refuse(plan_problems(session, activity, proposals, _labels(proposals), zone))
        ids = write_sessions(ctx, session, activity, proposals, "recurrence")
        session.flush()
        return summaries(session, ActivitySession.id.in_(ids))


def _proposals(
    ctx: Context, rule: Recurrence, details: SessionDetails
) -> tuple[list[ProposedSession], ZoneInfo]:
    zone = zone_named(details.timezone, office_zone(ctx))
    quarters = session_quarters(rule.duration, details.credits)
    topic = text_field(details.topic, 300, "topic")
    speakers = text_field(details.speakers, 300, "speakers")
    room = text_field(details.room, 120, "room")
    proposals = [
        ProposedSession(o.starts_at, o.ends_at, zone.key, quarters, topic, speakers, room)
        for o in rule.occurrences(zone)
    ]
    return proposals, zone


def _labels(proposals: list[ProposedSession]) -> list[str]:
    # The overlap sentence names the date and time; the label only says which side is new.
    return ["A new session"] * len(proposals)
