"""Learner completions: when a learner's credit for an activity counts as one completion (DOMAIN.md, "Reporting").

- An RSS is a longitudinal activity. A board that takes it once per learner (ABP) gets one completion per
  learner per series, after the series has ended, dated on the learner's last session; other boards and the
  state boards get one completion per learner per day attended (a diplomate gets credit for an activity once
  per day).
- Any other format is one completion per learner per activity, once the activity has ended, dated on the
  learner's last day in it.
Only AMA PRA Category 1 Credit goes to boards through PARS; revoked claims and cancelled sessions never count.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cme_desktop.domain.vocabulary import ActivityFormat, CreditType, SessionStatus
from cme_desktop.services.reporting.report import chunks
from cme_desktop.store.activities import Activity, ActivitySession
from cme_desktop.store.attendance import AttendanceClaim


@dataclass(frozen=True)
class Completion:
    activity_id: int
    person_id: int
    completed: date
    quarters: int  # the learner's AMA credit in this completion


@dataclass(frozen=True)
class Waiting:
    """Credit that becomes a completion once the activity (or series) ends."""

    activity_id: int
    person_id: int
    ends: date


@dataclass(frozen=True)
class ActivityFacts:
    id: int
    title: str
    format: str
    ends_at: datetime | None

    @property
    def longitudinal(self) -> bool:
        return self.format == ActivityFormat.RSS


def activity_facts(session: Session, activity_ids: list[int]) -> dict[int, ActivityFacts]:
    """Title, format and last scheduled moment of each activity."""
    ends: dict[int, datetime] = {}
    titles: dict[int, tuple[str, str]] = {}
    for chunk in chunks(sorted(set(activity_ids))):
        for activity_id, last in session.execute(
            select(ActivitySession.activity_id, func.max(ActivitySession.ends_at))
            .where(
                ActivitySession.activity_id.in_(chunk), ActivitySession.status != str(SessionStatus.CANCELLED)
            )
            .group_by(ActivitySession.activity_id)
        ):
            ends[activity_id] = last
        for activity_id, title, fmt in session.execute(
            select(Activity.id, Activity.title, Activity.format).where(Activity.id.in_(chunk))
        ):
            titles[activity_id] = (title, fmt)
    return {i: ActivityFacts(i, t, f, ends.get(i)) for i, (t, f) in titles.items()}


def ama_credit(
    session: Session, activity_ids: list[int] | None, zone: ZoneInfo
) -> dict[tuple[int, int], dict[date, int]]:
    """(activity, person) -> office day -> the AMA credit claimed that day (active claims, held sessions)."""
    found: dict[tuple[int, int], dict[date, int]] = defaultdict(lambda: defaultdict(int))
    query = (
        select(
            ActivitySession.activity_id,
            AttendanceClaim.person_id,
            ActivitySession.starts_at,
            AttendanceClaim.credit_quarters,
        )
        .join(ActivitySession, ActivitySession.id == AttendanceClaim.session_id)
        .where(
            AttendanceClaim.revoked_at.is_(None),
            AttendanceClaim.credit_type == str(CreditType.AMA_PRA_1),
            ActivitySession.status != str(SessionStatus.CANCELLED),
        )
    )
    batches = [None] if activity_ids is None else chunks(sorted(set(activity_ids)))
    for batch in batches:
        batch_query = query if batch is None else query.where(ActivitySession.activity_id.in_(batch))
        for activity_id, person_id, starts_at, quarters in session.execute(batch_query):
            found[(activity_id, person_id)][starts_at.astimezone(zone).date()] += quarters
    return found


def completions(
    credit: dict[tuple[int, int], dict[date, int]],
    facts: dict[int, ActivityFacts],
    now: datetime,
    zone: ZoneInfo,
    once_per_series: bool,
) -> tuple[list[Completion], list[Waiting]]:
    """The completions in `credit` (all dates), and the credit still waiting for its activity to end."""
    done: list[Completion] = []
    waiting: list[Waiting] = []
    for (activity_id, person_id), days in credit.items():
        activity = facts.get(activity_id)
        if activity is None or not days:
            continue
        if activity.longitudinal and not once_per_series:
            done.extend(
                Completion(activity_id, person_id, day, q) for day, q in sorted(days.items()) if q > 0
            )
            continue
        total = sum(days.values())
        if total <= 0:
            continue
        if activity.ends_at is not None and activity.ends_at > now:
            waiting.append(Waiting(activity_id, person_id, activity.ends_at.astimezone(zone).date()))
            continue
        done.append(Completion(activity_id, person_id, max(days), total))
    done.sort(key=lambda c: (c.completed, c.activity_id, c.person_id))
    return done, waiting
