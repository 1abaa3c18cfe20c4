"""A PARS year: 500 activities and 50,000 claims written as ACCME's XML, and the year's learner files (issue 13).

    uv run python benchmarks/pars_year.py [--activities 500] [--claims 50000] [--runs 3]

Builds a SQLite office (benchmarks/data/pars_year.sqlite3, rebuilt each time) with 2,000 people, a year of
activities (a fifth of them weekly series, a fifth enduring materials, the rest one- and two-day courses, a
fifth registered for ABIM MOC) and the claims spread over their sessions, then times, on a clock after the year:
the PARS report with its XML written to a file, the MOC learner file and the state board file for the year.
Target: the PARS file in under 10 s on SQLite. Each figure is the median of the runs.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import insert

from cme_desktop.clock import frozen_clock
from cme_desktop.services.context import Actor, Context
from cme_desktop.services.reporting.learners import learner_report, state_board_report
from cme_desktop.services.reporting.pars import pars_report
from cme_desktop.services.reporting.report import write_report
from cme_desktop.store.activities import Activity, ActivitySession, CreditDesignation
from cme_desktop.store.attendance import AttendanceClaim
from cme_desktop.store.db import Database
from cme_desktop.store.migrate import upgrade
from cme_desktop.store.people import BoardId, Person, StateLicense
from cme_desktop.store.reporting import ActivityReporting, MocRegistration

ZONE = ZoneInfo("America/New_York")
YEAR = 2026
PEOPLE = 2000
DATA = Path(__file__).with_name("data")


def build(path: Path, activities: int, claims: int, seed: int = 13) -> Database:
    path.unlink(missing_ok=True)
    db = Database.open(f"sqlite+pysqlite:///{path}")
    upgrade(db)
    rng = random.Random(seed)
    created = datetime(YEAR - 1, 12, 1, tzinfo=UTC)
    people, boards, licenses = [], [], []
    for pid in range(1, PEOPLE + 1):
        physician = rng.random() < 0.6
        people.append(
            {
                "id": pid,
                "first_name": f"First{pid}",
                "last_name": f"Last{pid}",
                "degree": "MD" if physician else "RN",
                "profession": "physician" if physician else "nurse",
                "search_name": f"last{pid} first{pid}",
                "created_at": created,
                "birth_month": rng.randint(1, 12),
                "birth_day": rng.randint(1, 28),
                "moc_permission": rng.random() < 0.8,
                "version": 1,
            }
        )
        if physician and pid % 3 == 0:
            boards.append({"person_id": pid, "board": "ABIM", "board_id": str(400000 + pid)})
        if pid % 2 == 0:
            licenses.append({"person_id": pid, "state": "SC", "license_number": f"L-{pid}"})
    rows_a, rows_d, rows_s, rows_r, rows_m = [], [], [], [], []
    sid = 0
    for aid in range(1, activities + 1):
        kind = aid % 5
        fmt = "rss" if kind == 0 else "enduring" if kind == 1 else "live_course"
        start = date(YEAR, 1, 5) + timedelta(days=rng.randrange(0, 300))
        days = (
            [start + timedelta(weeks=w) for w in range(10)]
            if fmt == "rss"
            else [start, start + timedelta(days=1)]
            if aid % 2
            else [start]
        )
        rows_a.append(
            {
                "id": aid,
                "title": f"Activity {aid:03d}",
                "format": fmt,
                "status": "active",
                "providership": "direct",
                "delivery": "virtual" if fmt == "enduring" else "in_person",
                "city": "Charleston",
                "state": "SC",
                "country": "United States",
                "description": "Benchmark activity.",
                "code_opens_minutes_before": 30,
                "code_closes_days_after": 7,
                "created_at": created,
                "version": 1,
            }
        )
        rows_d.append({"activity_id": aid, "credit_type": "ama_pra_1", "max_quarters": 4 * len(days)})
        for day in days:
            sid += 1
            starts = datetime(day.year, day.month, day.day, 12, tzinfo=ZONE)
            rows_s.append(
                {
                    "id": sid,
                    "activity_id": aid,
                    "starts_at": starts,
                    "ends_at": starts + timedelta(hours=1),
                    "timezone": ZONE.key,
                    "credit_quarters": 4,
                    "status": "scheduled",
                    "version": 1,
                }
            )
        if aid % 5 == 2:
            rows_r.append(
                {
                    "activity_id": aid,
                    "pars_activity_id": str(202600000 + aid),
                    "cme_finder": True,
                    "finder_fee": False,
                    "finder_registration": "open",
                    "finder_url": f"https://cme.example.edu/{aid}",
                    "outcome_measures": "competence",
                    "moc_attested": True,
                    "version": 1,
                }
            )
            rows_m.append(
                {
                    "activity_id": aid,
                    "board": "ABIM",
                    "credit_types": "MK",
                    "points_quarters": 4 * len(days),
                    "practice_areas": "Internal Medicine",
                    "requires_passing": False,
                }
            )
    per_session = min(PEOPLE, -(-claims // len(rows_s)))  # rounded up; the last sessions get fewer
    rows_c = []
    for s in rows_s:
        for pid in rng.sample(range(1, PEOPLE + 1), per_session):
            if len(rows_c) >= claims:
                break
            credit = "ama_pra_1" if people[pid - 1]["profession"] == "physician" else "nursing"
            rows_c.append(
                {
                    "session_id": s["id"],
                    "person_id": pid,
                    "channel": "import",
                    "credit_type": credit,
                    "credit_quarters": 4,
                    "claimed_at": s["ends_at"],
                    "recorded_by": "benchmark",
                    "evidence": {},
                }
            )
    with db.transaction() as session:
        for model, rows in (
            (Person, people),
            (BoardId, boards),
            (StateLicense, licenses),
            (Activity, rows_a),
            (CreditDesignation, rows_d),
            (ActivitySession, rows_s),
            (ActivityReporting, rows_r),
            (MocRegistration, rows_m),
            (AttendanceClaim, rows_c),
        ):
            if rows:
                session.execute(insert(model), rows)
    print(f"Built {activities} activities, {len(rows_s)} sessions, {len(rows_c)} claims, {PEOPLE} people.")
    return db


def timed(work: Callable[[], object], runs: int) -> tuple[float, object]:
    figures, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        figures.append(time.perf_counter() - started)
    return statistics.median(figures), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=500)
    parser.add_argument("--claims", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    DATA.mkdir(exist_ok=True)
    db = build(DATA / "pars_year.sqlite3", args.activities, args.claims)
    ctx = Context(
        db, clock=frozen_clock(datetime(YEAR + 1, 2, 15, 15, tzinfo=UTC)), actor=Actor("bench", "bench")
    )
    out = Path(tempfile.mkdtemp())
    year = (date(YEAR, 1, 1), date(YEAR, 12, 31))
    pars_seconds, _ = timed(lambda: write_report(pars_report(ctx, YEAR), out / "pars.xml"), args.runs)
    report = pars_report(ctx, YEAR)
    print(
        f"PARS {YEAR}: {len(report.rows)} activities, {(out / 'pars.xml').stat().st_size / 1e6:.1f} MB of XML in "
        f"{pars_seconds:.2f} s (median of {args.runs}; target under 10 s)"
    )
    moc_seconds, _ = timed(lambda: write_report(learner_report(ctx, *year), out / "moc.txt"), args.runs)
    moc_rows = len(learner_report(ctx, *year).rows)
    print(f"MOC learner file {YEAR}: {moc_rows} completions in {moc_seconds:.2f} s (median of {args.runs})")
    state_seconds, _ = timed(
        lambda: write_report(state_board_report(ctx, *year), out / "state.txt"), args.runs
    )
    state_rows = len(state_board_report(ctx, *year).rows)
    print(f"State board file {YEAR}: {state_rows} rows in {state_seconds:.2f} s (median of {args.runs})")
    db.dispose()


if __name__ == "__main__":
    main()
