"""Credit designations, made in advance and never retroactively (DOMAIN.md, "Credit": credit is designated in
advance, never retroactively; AMA PRA).

A credit type can be designated only if the office holds the accreditation for it (domain/accreditation.py).
Once the first session of an activity has started, a designation can no longer be added, raised or changed from
"per session" to "in all" (or back); lowering one stays possible, with a reason that the audit log keeps. Each
designation carries when it was made, and a claim never gets a credit type designated after its session started
(services/attendance/claims.py).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cme_desktop.domain.accreditation import Accreditation
from cme_desktop.domain.credits import format_credits
from cme_desktop.domain.localtime import say_moment
from cme_desktop.domain.scheduling import credit_label
from cme_desktop.domain.vocabulary import SessionStatus
from cme_desktop.services.activities.model import ActivityError
from cme_desktop.services.activities.validation import Designations
from cme_desktop.store.activities import Activity, ActivitySession, CreditDesignation


def first_start(session: Session, activity_id: int) -> datetime | None:
    """When the activity's first session (cancelled ones aside) starts."""
    return session.scalar(
        select(func.min(ActivitySession.starts_at)).where(
            ActivitySession.activity_id == activity_id, ActivitySession.status != SessionStatus.CANCELLED
        )
    )


def check_held(accreditation: Accreditation, wanted: Designations, existing: Activity | None = None) -> None:
    """Refuse a designation the office may not make: new credit types, or raised ones, it holds no accreditation
    for (IPCE: jointly accredited providers only)."""
    before = {d.credit_type: d.max_quarters for d in existing.designations} if existing is not None else {}
    for w in wanted:
        if w.credit_type in before and w.quarters <= before[w.credit_type]:
            continue  # kept or lowered: what was designated before stays as it was
        if refusal := accreditation.refusal(w.credit_type):
            raise ActivityError(refusal)


def new_designations(wanted: Designations, now: datetime) -> list[CreditDesignation]:
    return [
        CreditDesignation(
            credit_type=w.credit_type,
            max_quarters=w.quarters,
            uan=w.uan,
            per_session=w.per_session,
            designated_at=now,
        )
        for w in wanted
    ]


def apply_designations(
    session: Session,
    activity: Activity,
    wanted: Designations,
    reason: str | None,
    now: datetime,
    zone: ZoneInfo,
) -> str | None:
    """Change the activity's designations to `wanted`, by the rules above. Returns the reason to audit when a
    designation was lowered or removed after the first session started, else None."""
    started_at = first_start(session, activity.id)
    started = started_at is not None and started_at <= now
    when = f" ({say_moment(started_at, zone)})" if started_at is not None else ""
    existing = {d.credit_type: d for d in activity.designations}
    lowered = False
    for w in wanted:
        label = credit_label(w.credit_type)
        old = existing.get(w.credit_type)
        if old is None:
            if started:
                raise ActivityError(
                    f"Credit is designated in advance: {label} cannot be added once the first session has "
                    f"started{when}."
                )
            continue
        if old.per_session != w.per_session and started:
            raise ActivityError(
                f"{label} was designated {'per session' if old.per_session else 'for the whole activity'}; that "
                f"cannot change once the first session has started{when}."
            )
        if w.quarters > old.max_quarters and started:
            raise ActivityError(
                f"Credit is designated in advance: {label} cannot be raised above {format_credits(old.max_quarters)} "
                f"once the first session has started{when}; it can only be lowered."
            )
        lowered = lowered or w.quarters < old.max_quarters
    removed = set(existing) - {w.credit_type for w in wanted}
    reason = (reason or "").strip() or None
    if started and (lowered or removed) and reason is None:
        raise ActivityError(
            "The first session has started: give a reason for lowering or removing a designation (the audit log "
            "keeps it)."
        )
    # Updated in place by credit type: a delete and an insert of the same type in one flush would collide on the
    # unique (activity, credit type) constraint.
    for credit_type in removed:
        activity.designations.remove(existing[credit_type])
    for w in wanted:
        old = existing.get(w.credit_type)
        if old is None:
            activity.designations.extend(new_designations([w], now))
            continue
        if w.quarters > old.max_quarters or old.per_session != w.per_session:
            old.designated_at = now  # raised (before the first session): the raise dates from now
        old.max_quarters, old.uan, old.per_session = w.quarters, w.uan, w.per_session
    return reason if started and (lowered or removed) else None
