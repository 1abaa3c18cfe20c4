"""Setting up a series and listing five years of sessions (issue 3, "Measured").

    uv run python benchmarks/activities.py [--runs 5]

Prints, as medians over --runs:
1. Creating a 52-session weekly series through the services (create_activity, then
   create_sessions_from_recurrence with a code and window for each session and an audit entry), against a baseline in
   the same process: the same 52 session rows bulk-inserted with SQLAlchemy Core, no rules, no codes.
2. Listing an activity with five years of sessions (about 2,500) on the Activities page: the service call
   (get_activity) and the sessions panel from load() to its `loaded` signal (table filled, offscreen Qt), against a
   baseline of a raw Core SELECT of the same rows.
Each run uses a fresh SQLite file in a temporary folder; nothing in benchmarks/data is touched.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy import insert, select

from cme_desktop.clock import frozen_clock
from cme_desktop.domain.recurrence import Recurrence
from cme_desktop.domain.vocabulary import ActivityFormat, CreditType
from cme_desktop.services.activities.model import ActivityInput, DesignationInput
from cme_desktop.services.activities.records import create_activity, get_activity
from cme_desktop.services.activities.series import SessionDetails, create_sessions_from_recurrence
from cme_desktop.services.context import Actor, Context
from cme_desktop.store.activities import Activity, ActivitySession
from cme_desktop.store.db import Database
from cme_desktop.store.migrate import ensure_schema

NOW = datetime(2026, 11, 28, 16, 0, tzinfo=UTC)
FIRST = date(2027, 1, 6)


def fresh_context(folder: Path, name: str) -> Context:
    db = Database.open(f"sqlite+pysqlite:///{folder / name}")
    ensure_schema(db)
    return Context(db, clock=frozen_clock(NOW), actor=Actor("benchmark", "bench"))


def grand_rounds(ctx: Context, title: str = "Medicine Grand Rounds 2027") -> int:
    return create_activity(
        ctx,
        ActivityInput(
            title=title,
            format=ActivityFormat.RSS,
            designations=(DesignationInput(CreditType.AMA_PRA_1, "52"),),
        ),
    ).id


def time_series(ctx: Context) -> float:
    activity = grand_rounds(ctx)
    rule = Recurrence.weekly(FIRST, FIRST + timedelta(weeks=51), clock_time(7), 60, [FIRST.weekday()])
    started = time.perf_counter()
    created = create_sessions_from_recurrence(ctx, activity, rule, SessionDetails(room="Auditorium"))
    elapsed = time.perf_counter() - started
    assert len(created) == 52
    return elapsed


def time_bulk_baseline(ctx: Context) -> float:
    activity = grand_rounds(ctx, "Baseline")
    rows = [
        {
            "activity_id": activity,
            "starts_at": datetime.combine(FIRST + timedelta(weeks=w), clock_time(12), UTC),
            "ends_at": datetime.combine(FIRST + timedelta(weeks=w), clock_time(13), UTC),
            "timezone": "America/New_York",
            "credit_quarters": 4,
            "room": "Auditorium",
        }
        for w in range(52)
    ]
    started = time.perf_counter()
    with ctx.db.transaction() as session:
        session.execute(insert(ActivitySession), rows)
    return time.perf_counter() - started


def five_years(ctx: Context, sessions: int) -> int:
    """An activity (a daily morning report, not an RSS, so not bound to 12 months) with `sessions` sessions."""
    with ctx.db.transaction() as session:
        activity = Activity(title="Morning Report", format=ActivityFormat.OTHER, created_at=NOW)
        session.add(activity)
        session.flush()
        start = datetime(2022, 1, 3, 12, 0, tzinfo=UTC)
        rows = []
        for n in range(sessions):
            day = start + timedelta(days=n * 5 * 365 // sessions)
            rows.append(
                {
                    "activity_id": activity.id,
                    "starts_at": day,
                    "ends_at": day + timedelta(hours=1),
                    "timezone": "America/New_York",
                    "credit_quarters": 4,
                    "topic": f"Case conference {n + 1}",
                    "attendance_code": str(2_000_000 + n),
                    "code_opens_at": day - timedelta(minutes=30),
                    "code_closes_at": day + timedelta(days=7, hours=1),
                }
            )
        session.execute(insert(ActivitySession), rows)
        return activity.id


def time_panel(ctx: Context, activity_id: int, runs: int) -> list[float]:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from cme_desktop.ui.activities.sessions_panel import SessionsPanel

    app = QApplication.instance() or QApplication([])
    panel = SessionsPanel(ctx)
    panel.resize(1100, 600)
    panel.show()
    times = []
    for _ in range(runs + 1):
        panel.load(None)
        loop = QEventLoop()
        panel.loaded.connect(loop.quit)
        QTimer.singleShot(30_000, loop.quit)
        started = time.perf_counter()
        panel.load(activity_id)
        loop.exec()
        app.processEvents()  # the table paints the rows now in view
        times.append(time.perf_counter() - started)
        panel.loaded.disconnect(loop.quit)
    assert panel.model.rowCount() > 0
    return times[1:]  # the first run warms the imports and the file cache


def median_ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sessions", type=int, default=2_500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        series, bulk = [], []
        for run in range(args.runs):
            series.append(time_series(fresh_context(folder, f"series{run}.sqlite3")))
            bulk.append(time_bulk_baseline(fresh_context(folder, f"bulk{run}.sqlite3")))
        ctx = fresh_context(folder, "five-years.sqlite3")
        activity = five_years(ctx, args.sessions)
        service, raw = [], []
        for _ in range(args.runs):
            started = time.perf_counter()
            detail = get_activity(ctx, activity)
            service.append(time.perf_counter() - started)
            started = time.perf_counter()
            with ctx.db.transaction() as session:
                rows = session.execute(
                    select(ActivitySession).where(ActivitySession.activity_id == activity)
                ).all()
            raw.append(time.perf_counter() - started)
        assert len(detail.sessions) == len(rows) == args.sessions
        panel = time_panel(ctx, activity, args.runs)
        ctx.db.dispose()

    print(f"Activities benchmark, median of {args.runs} runs (SQLite, one process)")
    print(f"  52-session weekly series, services: {median_ms(series):8.1f} ms")
    print(
        f"  52 rows bulk-inserted (baseline):    {median_ms(bulk):8.1f} ms   ratio {median_ms(series) / median_ms(bulk):.1f}x"
    )
    print(f"  {args.sessions} sessions, get_activity:      {median_ms(service):8.1f} ms")
    print(
        f"  {args.sessions} sessions, raw SELECT (baseline): {median_ms(raw):8.1f} ms   ratio {median_ms(service) / median_ms(raw):.1f}x"
    )
    print(f"  {args.sessions} sessions, sessions panel load to painted: {median_ms(panel):8.1f} ms")


if __name__ == "__main__":
    main()
