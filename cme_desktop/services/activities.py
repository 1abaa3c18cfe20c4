"""Activities and their sessions; attendance codes are handed out here so that none is ever reused."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from cme_desktop.domain.codes import code_window, new_code
from cme_desktop.store.activities import Activity, ActivitySession, IssuedCode


class _TakenCodes:
    """Codes already issued, looked up lazily: the code space is large, a clash is rare."""

    def __init__(self, session: Session, pending: set[str]) -> None:
        self.session = session
        self.pending = pending

    def __contains__(self, code: object) -> bool:
        if code in self.pending:
            return True
        return self.session.get(IssuedCode, code) is not None


def issue_code(
    session: Session, row: ActivitySession, activity: Activity, now: datetime, pending: set[str]
) -> str:
    """Give `row` a fresh code and its window; the previous code, if any, is retired."""
    if row.id is None:
        session.flush()
    code = new_code(_TakenCodes(session, pending))
    pending.add(code)
    if row.attendance_code:
        previous = session.get(IssuedCode, row.attendance_code)
        if previous is not None and previous.retired_at is None:
            previous.retired_at = now
    window = code_window(
        row.starts_at, row.ends_at, activity.code_opens_minutes_before, activity.code_closes_days_after
    )
    row.attendance_code = code
    row.code_opens_at, row.code_closes_at = window.opens_at, window.closes_at
    session.add(IssuedCode(code=code, session_id=row.id, issued_at=now))
    return code


def activity_titles(session: Session) -> dict[str, int]:
    return {title: id_ for id_, title in session.execute(select(Activity.id, Activity.title))}
