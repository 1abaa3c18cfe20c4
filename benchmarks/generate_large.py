"""Fill a database with a large office: 100,000 people and 1,000,000 attendance claims (issue 2, "Measured").

    uv run python benchmarks/generate_large.py [--database URL] [--people N] [--claims M] [--replace]

The claims are spread over a weekly "Medicine Grand Rounds" series (three years of past weeks, a session today in
the office's zone, a few weeks ahead) and a few two-day courses. Rows go in through SQLAlchemy Core bulk inserts
of the app's own models (so the app's column types format every value), or through COPY on PostgreSQL.

Later benchmarks reuse `generate(url, people, claims)`. A database that already holds the asked counts is kept
as it is; only a session today is added when the day has moved on since it was made. A SQLite file is built
under a temporary name and renamed when complete, so an interrupted run never leaves a half-filled cache.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time as timer
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from large_office import (
    COURSES,
    PeopleRows,
    PlannedSession,
    SessionDay,
    activity_row,
    claim_rows,
    credit_offers,
    designation_rows,
    session_days,
    session_row,
    spread,
)
from sqlalchemy import Connection, func, insert, select, text
from sqlalchemy.engine import URL

from cme_desktop.domain.vocabulary import ActivityFormat
from cme_desktop.services.activities.calendar import day_bounds
from cme_desktop.services.context import Context
from cme_desktop.services.demo.fill import GRAND_ROUNDS, TOPICS
from cme_desktop.services.office.settings import office_zone
from cme_desktop.store.db import Database, normalize_url
from cme_desktop.store.migrate import ensure_schema
from cme_desktop.store.models import (
    Activity,
    ActivitySession,
    AttendanceClaim,
    CreditDesignation,
    IssuedCode,
    Person,
    PersonEmail,
    PersonPhone,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_PATH = DATA_DIR / "large.sqlite3"
PEOPLE = 100_000
CLAIMS = 1_000_000
CHUNK = 20_000
SEED = 2026
SERIAL_TABLES = (
    "people",
    "person_emails",
    "person_phones",
    "activities",
    "credit_designations",
    "sessions",
    "attendance_claims",
)

Rows = Iterable[dict[str, Any]]


@dataclass(frozen=True)
class Report:
    """What `generate` found or made."""

    url: str
    people: int
    claims: int
    sessions: int
    seconds: float
    reused: bool


def default_url() -> str:
    return str(URL.create("sqlite+pysqlite", database=str(DEFAULT_PATH)))


def generate(
    url: str,
    people: int = PEOPLE,
    claims: int = CLAIMS,
    *,
    replace: bool = False,
    seed: int = SEED,
    log: Callable[[str], None] = print,
) -> Report:
    """Make sure the database at `url` holds `people` people and `claims` claims, with a session today.

    A database with exactly those counts is reused. Otherwise an empty database is filled; a SQLite file with
    other contents is replaced only when `replace` is true, and a non-empty PostgreSQL database is refused.
    """
    parsed = normalize_url(url)
    full_url = parsed.render_as_string(hide_password=False)
    started = timer.perf_counter()
    if parsed.get_backend_name() == "sqlite":
        path = Path(str(parsed.database)).resolve()
        if path.exists():
            if _has_counts(parsed, people, claims):
                return _reuse(parsed, started, log)
            if not replace:
                raise SystemExit(
                    f"{path} exists with other contents; pass --replace to build it again "
                    f"with {people:,} people and {claims:,} claims."
                )
            log(f"Replacing {path}.")
            _remove_sqlite(path)
        partial = path.with_name(path.name + ".partial")
        _remove_sqlite(partial)
        sessions = _build(parsed.set(database=str(partial)), people, claims, seed, log)
        partial.rename(path)
    else:
        db = Database.open(parsed)
        try:
            ensure_schema(db)
            have = _counts(db)
        finally:
            db.dispose()
        if have == (people, claims):
            return _reuse(parsed, started, log)
        if have != (0, 0):
            raise SystemExit(
                f"{db.description} already holds {have[0]:,} people and {have[1]:,} claims; "
                "give an empty database."
            )
        sessions = _build(parsed, people, claims, seed, log)
    seconds = timer.perf_counter() - started
    log(f"Generated {people:,} people, {claims:,} claims and {sessions} sessions in {seconds:.1f} s.")
    return Report(full_url, people, claims, sessions, seconds, reused=False)


def _remove_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def _counts(db: Database) -> tuple[int, int]:
    with db.engine.connect() as conn:
        people = conn.scalar(select(func.count()).select_from(Person)) or 0
        claims = conn.scalar(select(func.count()).select_from(AttendanceClaim)) or 0
    return people, claims


def _has_counts(url: URL, people: int, claims: int) -> bool:
    db = Database.open(url)
    try:
        ensure_schema(db)
        return _counts(db) == (people, claims)
    finally:
        db.dispose()


def _reuse(url: URL, started: float, log: Callable[[str], None]) -> Report:
    db = Database.open(url)
    try:
        added = _ensure_today(db)
        people, claims = _counts(db)
        with db.engine.connect() as conn:
            sessions = conn.scalar(select(func.count()).select_from(ActivitySession)) or 0
    finally:
        db.dispose()
    note = " (added today's session)" if added else ""
    log(f"Reusing {db.description}: {people:,} people, {claims:,} claims, {sessions} sessions{note}.")
    return Report(
        url.render_as_string(hide_password=False),
        people,
        claims,
        sessions,
        timer.perf_counter() - started,
        reused=True,
    )


def _build(url: URL, people: int, claims: int, seed: int, log: Callable[[str], None]) -> int:
    """Create the schema and fill it; returns the number of sessions made."""
    db = Database.open(url)
    try:
        ensure_schema(db)
        zone = office_zone(Context(db))
        with db.engine.connect() as conn:
            loader = _Loader(conn, db.is_sqlite, log)
            sessions = _fill(loader, random.Random(seed), people, claims, zone, datetime.now(UTC))
            loader.finish()
    finally:
        db.dispose()
    return sessions


class _Loader:
    """Writes rows in chunks, each chunk committed: Core executemany on SQLite, COPY on PostgreSQL."""

    def __init__(self, conn: Connection, sqlite: bool, log: Callable[[str], None]) -> None:
        self.conn = conn
        self.sqlite = sqlite
        self.log = log
        # The file is renamed into place only when complete, so durability mid-load buys nothing.
        conn.exec_driver_sql("PRAGMA synchronous=OFF" if sqlite else "SET synchronous_commit = off")
        conn.commit()

    def next_id(self, model: Any) -> int:
        return (self.conn.scalar(select(func.max(model.id))) or 0) + 1

    def write(self, model: Any, rows: Rows) -> int:
        started, total = timer.perf_counter(), 0
        for chunk in _chunks(rows, CHUNK):
            if self.sqlite:
                self.conn.execute(insert(model), chunk)
            else:
                self._copy(model.__table__.name, chunk)
            self.conn.commit()
            total += len(chunk)
        self.log(f"  {model.__tablename__}: {total:,} rows in {timer.perf_counter() - started:.1f} s")
        return total

    def _copy(self, table: str, chunk: list[dict[str, Any]]) -> None:
        columns = list(chunk[0])
        raw = self.conn.connection.driver_connection
        assert raw is not None
        with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in chunk:
                copy.write_row(
                    [json.dumps(v) if isinstance(v, dict) else v for v in (row[c] for c in columns)]
                )

    def finish(self) -> None:
        if not self.sqlite:
            # Explicit ids bypass the sequences; move them past the rows written.
            for table in SERIAL_TABLES:
                self.conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
                    )
                )
            self.conn.commit()
            self.conn.exec_driver_sql(f"ANALYZE {', '.join(SERIAL_TABLES)}")
            self.conn.commit()


def _chunks(rows: Rows, size: int) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _fill(
    loader: _Loader, rng: random.Random, people: int, claims: int, zone: ZoneInfo, now: datetime
) -> int:
    """Write the whole office; returns the number of sessions."""
    first_person = loader.next_id(Person)
    made = PeopleRows(
        rng, people, first_person, loader.next_id(PersonEmail), loader.next_id(PersonPhone), now
    )
    loader.write(Person, made)
    loader.write(PersonEmail, made.emails)
    loader.write(PersonPhone, made.phones)

    rss_id = loader.next_id(Activity)
    course_ids = list(range(rss_id + 1, rss_id + 1 + len(COURSES)))
    activities = [activity_row(rss_id, GRAND_ROUNDS, ActivityFormat.RSS, now)]
    activities += [
        activity_row(id_, title, ActivityFormat.LIVE_COURSE, now)
        for id_, title in zip(course_ids, COURSES, strict=True)
    ]
    loader.write(Activity, activities)

    taken = set(loader.conn.scalars(select(IssuedCode.code)))
    first_session = loader.next_id(ActivitySession)
    days = session_days(now.astimezone(zone).date(), rss_id, course_ids)
    rows = [session_row(first_session + i, day, zone, rng, taken, now) for i, day in enumerate(days)]
    loader.write(ActivitySession, [row for row, _ in rows])
    loader.write(IssuedCode, [issued for _, issued in rows])
    planned = [PlannedSession.of(row) for row, _ in rows]
    loader.write(CreditDesignation, designation_rows(planned, rss_id, loader.next_id(CreditDesignation)))

    started = [p for p in planned if p.starts_at <= now]
    counts = spread(rng, claims, len(started), people)
    offers = credit_offers({rss_id, *course_ids}, rss_id, made.professions)
    first_claim = loader.next_id(AttendanceClaim)
    loader.write(
        AttendanceClaim,
        claim_rows(rng, started, counts, made.professions, first_person, offers, first_claim, now),
    )
    return len(planned)


def _ensure_today(db: Database) -> bool:
    """Add a Grand Rounds session today (office zone) when the database has no session today."""
    zone = office_zone(Context(db))
    now = datetime.now(UTC)
    today = now.astimezone(zone).date()
    start, end = day_bounds(today, zone)
    with db.engine.begin() as conn:
        if conn.scalar(
            select(func.count())
            .select_from(ActivitySession)
            .where(ActivitySession.starts_at >= start, ActivitySession.starts_at < end)
        ):
            return False
        rss_id = conn.scalar(select(Activity.id).where(Activity.title == GRAND_ROUNDS))
        if rss_id is None:
            return False
        taken = set(conn.scalars(select(IssuedCode.code)))
        next_id = (conn.scalar(select(func.max(ActivitySession.id))) or 0) + 1
        when = SessionDay(rss_id, today, time(12), time(13), TOPICS[0])
        row, code = session_row(next_id, when, zone, random.Random(), taken, now)
        conn.execute(insert(ActivitySession), [row])
        conn.execute(insert(IssuedCode), [code])
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", metavar="URL", default=default_url(), help=f"default: {DEFAULT_PATH}")
    parser.add_argument("--people", type=int, default=PEOPLE)
    parser.add_argument("--claims", type=int, default=CLAIMS)
    parser.add_argument("--replace", action="store_true", help="rebuild a SQLite file holding other counts")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    generate(args.database, args.people, args.claims, replace=args.replace, seed=args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
