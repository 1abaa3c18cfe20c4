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
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, func, insert, select, text
from sqlalchemy.engine import URL

from cme_desktop.domain.codes import (
    DEFAULT_CLOSES_DAYS_AFTER,
    DEFAULT_OPENS_MINUTES_BEFORE,
    code_window,
    new_code,
)
from cme_desktop.domain.credits import credit_type_for, quarters_for_duration
from cme_desktop.domain.identifiers import npi_check_digit
from cme_desktop.domain.names import search_name
from cme_desktop.domain.vocabulary import ActivityFormat, ClaimChannel, CreditType, profession_for_degree
from cme_desktop.services.context import Context
from cme_desktop.services.demo import DEGREES, FIRST, GRAND_ROUNDS, LAST, SPEAKERS, TOPICS
from cme_desktop.services.office import office_zone
from cme_desktop.services.sessions import day_bounds
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
WEEKS_BACK = 156
WEEKS_AHEAD = 8
CHUNK = 20_000
SEED = 2026
RECORDED_BY = "benchmark"

# More names than the demo's, so that 100,000 people are not 30 copies of each name.
MORE_FIRST = [
    "Aaron",
    "Abigail",
    "Adam",
    "Adaeze",
    "Ahmed",
    "Alejandro",
    "Alice",
    "Amara",
    "Amir",
    "Andrea",
    "Angela",
    "Arash",
    "Ava",
    "Beatriz",
    "Benjamin",
    "Bogdan",
    "Caroline",
    "Catherine",
    "Chloe",
    "Daniela",
    "Deborah",
    "Dmitri",
    "Elena",
    "Emeka",
    "Emily",
    "Emma",
    "Eric",
    "Esther",
    "Ethan",
    "Farah",
    "Felipe",
    "Fiona",
    "Gabriel",
    "Grace",
    "Hannah",
    "Hassan",
    "Ibrahim",
    "Irene",
    "Isaac",
    "Ivan",
    "Jacob",
    "Jamal",
    "Javier",
    "Joanna",
    "Jonathan",
    "Julia",
    "Kavya",
    "Kenji",
    "Kevin",
    "Kwame",
    "Laura",
    "Lucas",
    "Lucia",
    "Magdalena",
    "Maria",
    "Marta",
    "Miguel",
    "Min-jun",
    "Nadia",
    "Naomi",
    "Nathan",
    "Nicole",
    "Noah",
    "Oksana",
    "Olivia",
    "Pablo",
    "Paul",
    "Rachel",
    "Rahul",
    "Rebecca",
    "Ruth",
    "Samuel",
    "Sean",
    "Seo-yeon",
    "Simone",
    "Stephen",
    "Tariq",
    "Teresa",
    "Valentina",
    "Victor",
    "Xin",
    "Yaw",
    "Yusuf",
    "Zainab",
]
MORE_LAST = [
    "Abara",
    "Acosta",
    "Aguilar",
    "Ali",
    "Alvarez",
    "Andersen",
    "Banerjee",
    "Barnes",
    "Bell",
    "Bianchi",
    "Brooks",
    "Castillo",
    "Chavez",
    "Cho",
    "Cohen",
    "Collins",
    "Cruz",
    "Diaz",
    "Dubois",
    "Edwards",
    "Evans",
    "Fischer",
    "Fernandez",
    "Ford",
    "Gomez",
    "Gordon",
    "Graham",
    "Gupta",
    "Hamid",
    "Hansen",
    "Hayes",
    "Huang",
    "Hughes",
    "Ibrahim",
    "Iyer",
    "Jensen",
    "Kaur",
    "Kelly",
    "Khan",
    "Kumar",
    "Larsen",
    "Le",
    "Li",
    "Liu",
    "Long",
    "Mahmoud",
    "Mendoza",
    "Meyer",
    "Morales",
    "Murphy",
    "Myers",
    "Nakamura",
    "Novak",
    "Ortiz",
    "Owens",
    "Park",
    "Pham",
    "Price",
    "Reyes",
    "Richardson",
    "Rossi",
    "Russell",
    "Sato",
    "Schmidt",
    "Shah",
    "Silva",
    "Stewart",
    "Sullivan",
    "Suzuki",
    "Tanaka",
    "Tran",
    "Turner",
    "Vargas",
    "Wagner",
    "Wang",
    "Ward",
    "Watson",
    "Weber",
    "Wong",
    "Wu",
    "Yang",
    "Zhang",
]
FIRST_NAMES = tuple(FIRST) + tuple(MORE_FIRST)
LAST_NAMES = tuple(LAST) + tuple(MORE_LAST)
COURSES = (
    "Cardiology Update: A Two-Day Course",
    "Hospital Medicine Intensive",
    "Primary Care Review",
    "Critical Care Symposium",
    "Advances in Oncology Nursing",
    "Pharmacotherapy Update",
    "Women's Health Across the Lifespan",
)
CHANNELS = (ClaimChannel.TEXT,) * 6 + (ClaimChannel.KIOSK,) * 2 + (ClaimChannel.MANUAL, ClaimChannel.IMPORT)
RSS_CREDITS = (CreditType.AMA_PRA_1, CreditType.NURSING, CreditType.PARTICIPATION)
COURSE_CREDITS = (*RSS_CREDITS, CreditType.PHARMACY)
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


@dataclass(frozen=True)
class _Planned:
    id: int
    activity_id: int
    starts_at: datetime
    ends_at: datetime
    credit_quarters: int


def _fill(
    loader: _Loader, rng: random.Random, people: int, claims: int, zone: ZoneInfo, now: datetime
) -> int:
    first_person = loader.next_id(Person)
    professions = _write_people(loader, rng, people, first_person, now)

    today = now.astimezone(zone).date()
    activity_id = loader.next_id(Activity)
    rss_id, course_ids = activity_id, list(range(activity_id + 1, activity_id + 1 + len(COURSES)))
    loader.write(
        Activity,
        [_activity_row(rss_id, GRAND_ROUNDS, ActivityFormat.RSS, now)]
        + [
            _activity_row(i, t, ActivityFormat.LIVE_COURSE, now)
            for i, t in zip(course_ids, COURSES, strict=True)
        ],
    )

    days: list[tuple[int, date, time, time, str]] = []
    for week in range(-WEEKS_BACK, WEEKS_AHEAD + 1):
        day = today + timedelta(weeks=week)
        days.append((rss_id, day, time(12), time(13), TOPICS[(day.toordinal() // 7) % len(TOPICS)]))
    # Six past courses about every six months, and one ten days ahead.
    for index, course_id in enumerate(course_ids):
        first_day = today + timedelta(days=10 - 182 * (len(course_ids) - 1 - index))
        days.append((course_id, first_day, time(8), time(16, 30), "Day 1"))
        days.append((course_id, first_day + timedelta(days=1), time(8), time(15), "Day 2"))
    days.sort(key=lambda d: (d[1], d[2]))

    taken = set(loader.conn.scalars(select(IssuedCode.code)))
    session_id = loader.next_id(ActivitySession)
    planned: list[_Planned] = []
    session_rows, code_rows = [], []
    for offset, (act, day, start, end, topic) in enumerate(days):
        row, code = _session_row(session_id + offset, act, day, start, end, zone, topic, rng, taken, now)
        session_rows.append(row)
        code_rows.append(code)
        planned.append(_Planned(row["id"], act, row["starts_at"], row["ends_at"], row["credit_quarters"]))
    loader.write(ActivitySession, session_rows)
    loader.write(IssuedCode, code_rows)

    totals: dict[int, int] = {}
    for p in planned:
        totals[p.activity_id] = totals.get(p.activity_id, 0) + p.credit_quarters
    designation_id = loader.next_id(CreditDesignation)
    designations = []
    for act, total in totals.items():
        for credit_type in RSS_CREDITS if act == rss_id else COURSE_CREDITS:
            designations.append(
                {
                    "id": designation_id + len(designations),
                    "activity_id": act,
                    "credit_type": credit_type,
                    "max_quarters": total,
                    "uan": "JA0000000-0000-26-001-L01-P" if credit_type == CreditType.PHARMACY else None,
                }
            )
    loader.write(CreditDesignation, designations)

    started = [p for p in planned if p.starts_at <= now]
    counts = _spread(rng, claims, len(started), people)
    offer = {
        act: {
            prof: credit_type_for(prof, set(RSS_CREDITS if act == rss_id else COURSE_CREDITS))
            for prof in set(professions)
        }
        for act in totals
    }
    loader.write(
        AttendanceClaim,
        _claim_rows(
            rng, started, counts, professions, first_person, offer, loader.next_id(AttendanceClaim), now
        ),
    )
    return len(planned)


def _write_people(loader: _Loader, rng: random.Random, count: int, first_id: int, now: datetime) -> list[str]:
    """People, their primary emails and (for about 30%) a phone; returns each person's profession by index."""
    professions: list[str] = []
    emails: list[dict[str, Any]] = []
    phones: list[dict[str, Any]] = []
    first_email, first_phone = loader.next_id(PersonEmail), loader.next_id(PersonPhone)

    def people_rows() -> Iterator[dict[str, Any]]:
        for index in range(count):
            person_id = first_id + index
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            degree = rng.choice(DEGREES)
            profession = profession_for_degree(degree)
            professions.append(profession)
            key = search_name(first, last)
            handle = key.replace(" ", "")
            staff = rng.random() < 0.7
            npi_base = f"1{index:08d}"
            emails.append(
                {
                    "id": first_email + index,
                    "person_id": person_id,
                    "address": f"{handle}{index}@{'lowcountry.edu' if staff else 'example.org'}",
                    "is_primary": True,
                }
            )
            if rng.random() < 0.3:
                phones.append(
                    {
                        "id": first_phone + len(phones),
                        "person_id": person_id,
                        "e164": f"+1843{2_000_000 + index:07d}",
                        "verified": rng.random() < 0.8,
                        "opted_out": False,
                        "opted_out_at": None,
                    }
                )
            yield {
                "id": person_id,
                "first_name": first,
                "middle_name": rng.choice("ABCDEFGHJKLMNPRSTW") if rng.random() < 0.4 else None,
                "last_name": last,
                "suffix": None,
                "degree": degree,
                "profession": profession,
                "netid": f"{handle[:7]}{index}" if staff else None,
                "npi": npi_base + str(npi_check_digit(npi_base)) if degree in ("MD", "DO") else None,
                "birth_month": rng.randint(1, 12),
                "birth_day": rng.randint(1, 28),
                "search_name": key,
                "created_at": now - timedelta(seconds=rng.randrange(3 * 365 * 86400)),
                "version": 1,
            }

    loader.write(Person, people_rows())
    loader.write(PersonEmail, emails)
    loader.write(PersonPhone, phones)
    return professions


def _activity_row(id_: int, title: str, fmt: ActivityFormat, now: datetime) -> dict[str, Any]:
    rounds = fmt == ActivityFormat.RSS
    return {
        "id": id_,
        "title": title,
        "format": fmt,
        "status": "active",
        "providership": "direct",
        "joint_provider": None,
        "department": "Department of Medicine" if rounds else "Office of CME",
        "director": SPEAKERS[0] if rounds else SPEAKERS[5],
        "venue": "Storm Eye Auditorium" if rounds else "Drug Discovery Building",
        "city": "Charleston",
        "state": "SC",
        "country": "United States",
        "delivery": "in_person",
        "description": f"{title}: generated for benchmarks.",
        "learner_statement": None,
        "code_opens_minutes_before": DEFAULT_OPENS_MINUTES_BEFORE,
        "code_closes_days_after": DEFAULT_CLOSES_DAYS_AFTER,
        "created_at": now - timedelta(days=3 * 365 + 30),
        "version": 1,
    }


def _session_row(
    id_: int,
    activity_id: int,
    day: date,
    start: time,
    end: time,
    zone: ZoneInfo,
    topic: str,
    rng: random.Random,
    taken: set[str],
    now: datetime,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A session with a fresh attendance code and its window, and the issued-code row for that code."""
    starts_at = datetime.combine(day, start, tzinfo=zone)
    ends_at = datetime.combine(day, end, tzinfo=zone)
    code = new_code(taken, rng.randrange)
    taken.add(code)
    window = code_window(starts_at, ends_at)
    row = {
        "id": id_,
        "activity_id": activity_id,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "timezone": zone.key,
        "topic": topic,
        "speakers": SPEAKERS[day.toordinal() % len(SPEAKERS)],
        "room": "Storm Eye Auditorium",
        "credit_quarters": quarters_for_duration(ends_at - starts_at),
        "status": "scheduled",
        "attendance_code": code,
        "code_opens_at": window.opens_at,
        "code_closes_at": window.closes_at,
        "disclosure_shown_at": None,
        "version": 1,
    }
    issued = {"code": code, "session_id": id_, "issued_at": min(now, starts_at - timedelta(days=14))}
    return row, {**issued, "retired_at": None, "retired_reason": None}


def _spread(rng: random.Random, total: int, sessions: int, people: int) -> list[int]:
    """`total` claims over `sessions`, each session near the mean, none above the number of people."""
    if sessions == 0 or total == 0:
        return [0] * sessions
    if total > sessions * people:
        raise SystemExit(
            f"{total:,} claims do not fit: {sessions} sessions of at most {people:,} people each."
        )
    weights = [rng.uniform(0.7, 1.3) for _ in range(sessions)]
    scale = total / sum(weights)
    counts = [min(people, int(w * scale)) for w in weights]
    index = 0
    while sum(counts) < total:
        missing = total - sum(counts)
        room = people - counts[index]
        counts[index] += min(room, missing)
        index = (index + 1) % sessions
    return counts


def _claim_rows(
    rng: random.Random,
    sessions: list[_Planned],
    counts: list[int],
    professions: list[str],
    first_person: int,
    offer: dict[int, dict[str, str]],
    first_id: int,
    now: datetime,
) -> Iterator[dict[str, Any]]:
    claim_id = first_id
    for planned, count in zip(sessions, counts, strict=True):
        span = int((planned.ends_at - planned.starts_at).total_seconds()) + 3600
        offered = offer[planned.activity_id]
        for index in sorted(rng.sample(range(len(professions)), count)):
            channel = rng.choice(CHANNELS)
            claimed_at = min(now, planned.starts_at + timedelta(seconds=rng.randrange(span)))
            revoked = rng.random() < 0.01
            yield {
                "id": claim_id,
                "session_id": planned.id,
                "person_id": first_person + index,
                "channel": channel,
                "credit_type": offered[professions[index]],
                "credit_quarters": planned.credit_quarters,
                "claimed_at": claimed_at,
                "recorded_by": RECORDED_BY,
                "evidence": _evidence(channel, claim_id),
                "revoked_at": min(now, claimed_at + timedelta(hours=20)) if revoked else None,
                "revoked_reason": "Signed in for the wrong session" if revoked else None,
            }
            claim_id += 1


def _evidence(channel: str, claim_id: int) -> dict[str, Any]:
    if channel == ClaimChannel.TEXT:
        return {"message_sid": f"SMbench{claim_id:010d}"}
    if channel == ClaimChannel.KIOSK:
        return {"machine": "kiosk-1"}
    if channel == ClaimChannel.IMPORT:
        return {"file": "sign-in.csv", "row": claim_id % 400 + 2}
    return {"reason": "Signed the paper sheet"}


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
        row, code = _session_row(
            next_id, rss_id, today, time(12), time(13), zone, TOPICS[0], random.Random(), taken, now
        )
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
