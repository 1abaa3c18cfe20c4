"""The duplicate finder: pairs of profiles that are likely one person, each with the evidence a coordinator weighs.

Evidence: the same mailbox (addresses differing only by case, '+tags' or Gmail dots), the same last name and
last-4 SSN hash (the seed's check), or similar names with the same degree and birth month and day. Profiles are
bucketed by keys (mailbox, SSN hash, degree + birthday + a family-name key) so 100,000 people are not compared
pairwise.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

from sqlalchemy import delete, select

from cme_desktop.domain.emails import mailbox_key
from cme_desktop.domain.names import last_name_keys, last_names_match, similar_names
from cme_desktop.errors import InputError
from cme_desktop.services import audit
from cme_desktop.services.context import Context
from cme_desktop.services.people.search import PersonSummary, summaries
from cme_desktop.store.people import DuplicateDismissal, Person, PersonEmail

EVIDENCE_WEIGHT = {"email": 3, "ssn": 3, "name": 1}


@dataclass(frozen=True)
class DuplicatePair:
    first: PersonSummary
    second: PersonSummary
    # Sentences for the review list, strongest first.
    evidence: tuple[str, ...]
    strength: int


@dataclass(frozen=True)
class _Row:
    id: int
    first: str
    last: str
    degree: str
    month: int | None
    day: int | None
    ssn: str | None


def find_duplicates(ctx: Context, limit: int = 1000) -> list[DuplicatePair]:
    """Likely duplicate pairs not yet dismissed, strongest evidence first."""
    with ctx.db.transaction() as session:
        rows = {
            r.id: _Row(
                r.id, r.first_name, r.last_name, (r.degree or "").upper(), r.birth_month, r.birth_day, r.ssn
            )
            for r in session.execute(
                select(
                    Person.id,
                    Person.first_name,
                    Person.last_name,
                    Person.degree,
                    Person.birth_month,
                    Person.birth_day,
                    Person.ssn_last4_hash.label("ssn"),
                )
            )
        }
        emails = [(p, a) for p, a in session.execute(select(PersonEmail.person_id, PersonEmail.address))]
        dismissed = {
            (low, high)
            for low, high in session.execute(select(DuplicateDismissal.low_id, DuplicateDismissal.high_id))
        }
        evidence: dict[tuple[int, int], dict[str, str]] = defaultdict(dict)

        for pair, sentence in _same_mailbox(emails):
            evidence[pair]["email"] = sentence
        for pair, sentence in _same_ssn(rows):
            evidence[pair]["ssn"] = sentence
        for pair, sentence in _similar_names(rows):
            evidence[pair]["name"] = sentence

        ranked = sorted(
            ((sum(EVIDENCE_WEIGHT[k] for k in found), pair, found) for pair, found in evidence.items()),
            key=lambda item: (-item[0], item[1]),
        )
        ranked = [item for item in ranked if item[1] not in dismissed][:limit]
        ids = sorted({i for _, pair, _ in ranked for i in pair})
        people = {
            s.id: s
            for s in summaries(session, list(session.scalars(select(Person).where(Person.id.in_(ids)))))
        }
        return [
            DuplicatePair(
                people[pair[0]],
                people[pair[1]],
                tuple(found[k] for k in ("ssn", "email", "name") if k in found),
                strength,
            )
            for strength, pair, found in ranked
        ]


def dismiss_duplicate(ctx: Context, first_id: int, second_id: int) -> None:
    """Judge the pair to be two people: the finder stops proposing it."""
    low, high = sorted((first_id, second_id))
    if low == high:
        raise InputError("A profile cannot be a duplicate of itself.")
    with ctx.db.transaction() as session:
        if session.scalar(
            select(DuplicateDismissal.id).where(
                DuplicateDismissal.low_id == low, DuplicateDismissal.high_id == high
            )
        ):
            return
        session.add(
            DuplicateDismissal(
                low_id=low, high_id=high, dismissed_at=ctx.clock(), dismissed_by=ctx.actor.os_user
            )
        )
        audit.record(
            ctx, session, "person.duplicate_dismiss", "person", low, None, {"not_duplicate_of": high}
        )


def undismiss_all(ctx: Context) -> int:
    """Let the finder propose every dismissed pair again (for a coordinator who dismissed in error)."""
    with ctx.db.transaction() as session:
        count = session.execute(delete(DuplicateDismissal)).rowcount or 0  # type: ignore[attr-defined]
        audit.record(ctx, session, "person.duplicate_undismiss", "person", None, None, {"pairs": count})
        return count


def _pairs(ids: list[int]) -> list[tuple[int, int]]:
    return [(a, b) for a, b in combinations(sorted(set(ids)), 2)]


def _same_mailbox(emails: list[tuple[int, str]]) -> list[tuple[tuple[int, int], str]]:
    boxes: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for person_id, address in emails:
        boxes[mailbox_key(address)].append((person_id, address))
    found = []
    for owners in boxes.values():
        if len({p for p, _ in owners}) < 2:
            continue
        addresses = dict(owners)
        for a, b in _pairs([p for p, _ in owners]):
            found.append(((a, b), f"Same mailbox: {addresses[a]} and {addresses[b]}."))
    return found


def _same_ssn(rows: dict[int, _Row]) -> list[tuple[tuple[int, int], str]]:
    groups: dict[str, list[int]] = defaultdict(list)
    for row in rows.values():
        if row.ssn:
            groups[row.ssn].append(row.id)
    return [
        ((a, b), "Same last name and last-4 SSN.")
        for ids in groups.values()
        if len(ids) > 1
        for a, b in _pairs(ids)
        if last_names_match(rows[a].last, rows[b].last)
    ]


def _similar_names(rows: dict[int, _Row]) -> list[tuple[tuple[int, int], str]]:
    buckets: dict[tuple[str, int, int, str], list[int]] = defaultdict(list)
    for row in rows.values():
        if row.month is None or row.day is None:
            continue
        for key in last_name_keys(row.last):
            buckets[(row.degree, row.month, row.day, key)].append(row.id)
    seen: set[tuple[int, int]] = set()
    found = []
    for (degree, month, day, _), ids in buckets.items():
        if len(ids) < 2:
            continue
        for a, b in _pairs(ids):
            if (a, b) in seen:
                continue
            seen.add((a, b))
            ra, rb = rows[a], rows[b]
            if similar_names(ra.first, ra.last, rb.first, rb.last):
                both = f"both {degree}, " if degree else ""
                found.append(
                    (
                        (a, b),
                        f"Similar names ({ra.first} {ra.last} / {rb.first} {rb.last}), {both}"
                        f"both born {calendar.month_name[month]} {day}.",
                    )
                )
    return found
