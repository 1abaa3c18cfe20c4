"""What the large office looks like: its people, its activities and sessions, and who attended what.

Row builders for benchmarks/generate_large.py. Each row is a plain dict keyed by the app's column names, with an
explicit id, so that the same rows go into SQLite (Core bulk inserts) and PostgreSQL (COPY).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from cme_desktop.domain.codes import (
    DEFAULT_CLOSES_DAYS_AFTER,
    DEFAULT_OPENS_MINUTES_BEFORE,
    code_window,
    new_code,
)
from cme_desktop.domain.credits import credit_type_for, quarters_for_duration
from cme_desktop.domain.degrees import profession_for_degree
from cme_desktop.domain.identifiers import npi_check_digit
from cme_desktop.domain.names import search_name
from cme_desktop.domain.vocabulary import ActivityFormat, ClaimChannel, CreditType
from cme_desktop.services.demo.fill import DEGREES, FIRST, LAST, SPEAKERS, TOPICS

WEEKS_BACK = 156
WEEKS_AHEAD = 8
RECORDED_BY = "benchmark"

# More names than the demo's, so that 100,000 people are not 30 copies of each name.
MORE_FIRST = (  # noqa: SIM905  (a list of words reads best as words)
    "Aaron Abigail Adam Adaeze Ahmed Alejandro Alice Amara Amir Andrea Angela Arash Ava Beatriz Benjamin "
    "Bogdan Caroline Catherine Chloe Daniela Deborah Dmitri Elena Emeka Emily Emma Eric Esther Ethan "
    "Farah Felipe Fiona Gabriel Grace Hannah Hassan Ibrahim Irene Isaac Ivan Jacob Jamal Javier Joanna "
    "Jonathan Julia Kavya Kenji Kevin Kwame Laura Lucas Lucia Magdalena Maria Marta Miguel Min-jun Nadia "
    "Naomi Nathan Nicole Noah Oksana Olivia Pablo Paul Rachel Rahul Rebecca Ruth Samuel Sean Seo-yeon "
    "Simone Stephen Tariq Teresa Valentina Victor Xin Yaw Yusuf Zainab"
).split()
MORE_LAST = (  # noqa: SIM905  (a list of words reads best as words)
    "Abara Acosta Aguilar Ali Alvarez Andersen Banerjee Barnes Bell Bianchi Brooks Castillo Chavez Cho "
    "Cohen Collins Cruz Diaz Dubois Edwards Evans Fischer Fernandez Ford Gomez Gordon Graham Gupta Hamid "
    "Hansen Hayes Huang Hughes Ibrahim Iyer Jensen Kaur Kelly Khan Kumar Larsen Le Li Liu Long Mahmoud "
    "Mendoza Meyer Morales Murphy Myers Nakamura Novak Ortiz Owens Park Pham Price Reyes Richardson "
    "Rossi Russell Sato Schmidt Shah Silva Stewart Sullivan Suzuki Tanaka Tran Turner Vargas Wagner Wang "
    "Ward Watson Weber Wong Wu Yang Zhang"
).split()
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


@dataclass(frozen=True)
class SessionDay:
    """When a session is held, before it has an id or a code."""

    activity_id: int
    day: date
    start: time
    end: time
    topic: str


@dataclass(frozen=True)
class PlannedSession:
    """A session row's fields that its claims need."""

    id: int
    activity_id: int
    starts_at: datetime
    ends_at: datetime
    credit_quarters: int

    @classmethod
    def of(cls, row: dict[str, Any]) -> PlannedSession:
        return cls(row["id"], row["activity_id"], row["starts_at"], row["ends_at"], row["credit_quarters"])


def session_days(today: date, rss_id: int, course_ids: list[int]) -> list[SessionDay]:
    """Grand Rounds at noon every week from three years back to a few weeks ahead, today included; two-day
    courses about every six months, the last one ten days ahead."""
    days = []
    for week in range(-WEEKS_BACK, WEEKS_AHEAD + 1):
        day = today + timedelta(weeks=week)
        days.append(SessionDay(rss_id, day, time(12), time(13), TOPICS[(day.toordinal() // 7) % len(TOPICS)]))
    for index, course_id in enumerate(course_ids):
        first_day = today + timedelta(days=10 - 182 * (len(course_ids) - 1 - index))
        days.append(SessionDay(course_id, first_day, time(8), time(16, 30), "Day 1"))
        days.append(SessionDay(course_id, first_day + timedelta(days=1), time(8), time(15), "Day 2"))
    return sorted(days, key=lambda d: (d.day, d.start))


@dataclass
class PeopleRows:
    """People rows, made as they are iterated; their emails, phones (about 30%) and professions collect here."""

    rng: random.Random
    count: int
    first_id: int
    first_email_id: int
    first_phone_id: int
    now: datetime
    professions: list[str] = field(default_factory=list)
    emails: list[dict[str, Any]] = field(default_factory=list)
    phones: list[dict[str, Any]] = field(default_factory=list)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        rng = self.rng
        for index in range(self.count):
            person_id = self.first_id + index
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            degree = rng.choice(DEGREES)
            profession = profession_for_degree(degree)
            self.professions.append(profession)
            key = search_name(first, last)
            handle = key.replace(" ", "")
            staff = rng.random() < 0.7
            npi_base = f"1{index:08d}"
            self.emails.append(
                {
                    "id": self.first_email_id + index,
                    "person_id": person_id,
                    "address": f"{handle}{index}@{'lowcountry.edu' if staff else 'example.org'}",
                    "is_primary": True,
                }
            )
            if rng.random() < 0.3:
                self.phones.append(
                    {
                        "id": self.first_phone_id + len(self.phones),
                        "person_id": person_id,
                        "e164": f"+1843{2_000_000 + index:07d}",
                        "verified": rng.random() < 0.8,
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
                "created_at": self.now - timedelta(seconds=rng.randrange(3 * 365 * 86400)),
                "version": 1,
            }


def activity_row(id_: int, title: str, fmt: ActivityFormat, now: datetime) -> dict[str, Any]:
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


def session_row(
    id_: int, when: SessionDay, zone: ZoneInfo, rng: random.Random, taken: set[str], now: datetime
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A session with a fresh attendance code (added to `taken`) and its window, and the code's issued row."""
    starts_at = datetime.combine(when.day, when.start, tzinfo=zone)
    ends_at = datetime.combine(when.day, when.end, tzinfo=zone)
    code = new_code(taken, rng.randrange)
    taken.add(code)
    window = code_window(starts_at, ends_at)
    row = {
        "id": id_,
        "activity_id": when.activity_id,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "timezone": zone.key,
        "topic": when.topic,
        "speakers": SPEAKERS[when.day.toordinal() % len(SPEAKERS)],
        "room": "Storm Eye Auditorium",
        "credit_quarters": quarters_for_duration(ends_at - starts_at),
        "status": "scheduled",
        "attendance_code": code,
        "code_opens_at": window.opens_at,
        "code_closes_at": window.closes_at,
        "disclosure_shown_at": None,
        "version": 1,
    }
    issued = {
        "code": code,
        "session_id": id_,
        "issued_at": min(now, starts_at - timedelta(days=14)),
        "retired_at": None,
        "retired_reason": None,
    }
    return row, issued


def credit_types(activity_id: int, rss_id: int) -> tuple[CreditType, ...]:
    return RSS_CREDITS if activity_id == rss_id else COURSE_CREDITS


def designation_rows(sessions: list[PlannedSession], rss_id: int, first_id: int) -> list[dict[str, Any]]:
    """Each activity's designations, each as large as all its sessions' credit together."""
    totals: dict[int, int] = {}
    for s in sessions:
        totals[s.activity_id] = totals.get(s.activity_id, 0) + s.credit_quarters
    rows: list[dict[str, Any]] = []
    for activity_id, total in totals.items():
        for credit_type in credit_types(activity_id, rss_id):
            rows.append(
                {
                    "id": first_id + len(rows),
                    "activity_id": activity_id,
                    "credit_type": credit_type,
                    "max_quarters": total,
                    "uan": "JA0000000-0000-26-001-L01-P" if credit_type == CreditType.PHARMACY else None,
                }
            )
    return rows


def credit_offers(activity_ids: set[int], rss_id: int, professions: list[str]) -> dict[int, dict[str, str]]:
    """The credit type each profession claims at each activity, worked out once rather than per claim."""
    return {
        activity_id: {p: credit_type_for(p, set(credit_types(activity_id, rss_id))) for p in set(professions)}
        for activity_id in activity_ids
    }


def spread(rng: random.Random, total: int, sessions: int, people: int) -> list[int]:
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
        counts[index] += min(people - counts[index], total - sum(counts))
        index = (index + 1) % sessions
    return counts


def claim_rows(
    rng: random.Random,
    sessions: list[PlannedSession],
    counts: list[int],
    professions: list[str],
    first_person: int,
    offers: dict[int, dict[str, str]],
    first_id: int,
    now: datetime,
) -> Iterator[dict[str, Any]]:
    """`counts[i]` distinct people at `sessions[i]`, mixed channels, 1% revoked; made as they are iterated."""
    claim_id = first_id
    for planned, count in zip(sessions, counts, strict=True):
        span = int((planned.ends_at - planned.starts_at).total_seconds()) + 3600
        offered = offers[planned.activity_id]
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
                "evidence": evidence(channel, claim_id),
                "revoked_at": min(now, claimed_at + timedelta(hours=20)) if revoked else None,
                "revoked_reason": "Signed in for the wrong session" if revoked else None,
            }
            claim_id += 1


def evidence(channel: str, claim_id: int) -> dict[str, Any]:
    """What each channel would have recorded, small but of the right shape."""
    if channel == ClaimChannel.TEXT:
        return {"message_sid": f"SMbench{claim_id:010d}"}
    if channel == ClaimChannel.KIOSK:
        return {"machine": "kiosk-1"}
    if channel == ClaimChannel.IMPORT:
        return {"file": "sign-in.csv", "row": claim_id % 400 + 2}
    return {"reason": "Signed the paper sheet"}
