"""What changed between a person's disclosure and the one before it, so a reviewer looks at what is new.

Relationships are matched by company (any case) and nature; a matched one whose dates are the same is unchanged,
and its earlier review can stand for the new version (the facts judged are the same).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from cme_desktop.domain.standard3 import NATURE_LABELS, DisclosureFacts, RelationshipFacts


@dataclass(frozen=True)
class VersionChanges:
    previous_on: date | None  # the day of the version compared with (None: the first one on file)
    lines: tuple[str, ...] = ()  # what changed, in words; empty when nothing did
    # Relationship id on the new version -> "New" or what changed ("Ended Jun 1, 2025; was ongoing").
    relationships: dict[int, str] = field(default_factory=dict)
    # Relationship id on the new version -> the id of the same relationship, unchanged, on the previous one.
    unchanged: dict[int, int] = field(default_factory=dict)

    @property
    def any(self) -> bool:
        return bool(self.lines)


def _day(day: date | None) -> str:
    return f"{day:%b} {day.day}, {day.year}" if day else ""


def _name(rel: RelationshipFacts) -> str:
    return f"{rel.company} ({NATURE_LABELS[rel.nature]})"


def _what_changed(before: RelationshipFacts, after: RelationshipFacts) -> str:
    parts = []
    if before.ended_on != after.ended_on:
        if after.ended_on is None:
            parts.append(f"Ongoing again; had ended {_day(before.ended_on)}")
        elif before.ended_on is None:
            parts.append(f"Ended {_day(after.ended_on)}; was ongoing")
        else:
            parts.append(f"Ended {_day(after.ended_on)}; was {_day(before.ended_on)}")
    if before.started_on != after.started_on:
        was = _day(before.started_on) or "not given"
        parts.append(f"Started {_day(after.started_on) or 'not given'}; was {was}")
    return "; ".join(parts)


def compare_versions(previous: DisclosureFacts | None, current: DisclosureFacts) -> VersionChanges:
    """What `current` says that `previous` did not."""
    if previous is None:
        return VersionChanges(None)
    lines: list[str] = []
    if current.refused and not previous.refused:
        lines.append("Now declines to disclose.")
    elif previous.refused and not current.refused:
        lines.append("Discloses now; had declined before.")
    if current.no_relationships and not previous.no_relationships and previous.relationships:
        lines.append("Now says there are no financial relationships.")
    left = list(previous.relationships)
    notes: dict[int, str] = {}
    unchanged: dict[int, int] = {}
    pending: list[RelationshipFacts] = []
    # Identical relationships first, so a changed one is never matched with another's identical twin.
    for rel in current.relationships:
        twin = next((p for p in left if _key(p) == _key(rel) and _dates(p) == _dates(rel)), None)
        if twin is None:
            pending.append(rel)
        else:
            left.remove(twin)
            unchanged[rel.id] = twin.id
    for rel in pending:
        match = next((p for p in left if _key(p) == _key(rel)), None)
        if match is None:
            notes[rel.id] = "New"
            lines.append(f"New: {_name(rel)}.")
        else:
            left.remove(match)
            notes[rel.id] = _what_changed(match, rel)
            lines.append(f"Changed: {_name(rel)}: {notes[rel.id]}.")
    lines.extend(f"No longer listed: {_name(rel)}." for rel in left)
    return VersionChanges(previous.disclosed_on, tuple(lines), notes, unchanged)


def _key(rel: RelationshipFacts) -> tuple[str, str]:
    return (" ".join(rel.company.split()).casefold(), rel.nature.value)


def _dates(rel: RelationshipFacts) -> tuple[date | None, date | None]:
    return (rel.started_on, rel.ended_on)
