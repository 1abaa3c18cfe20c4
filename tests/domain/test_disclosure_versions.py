"""What changed between a person's disclosure and the one before it."""

from __future__ import annotations

from datetime import date

from cme_desktop.domain.disclosure_versions import compare_versions
from cme_desktop.domain.standard3 import DisclosureFacts, RelationshipFacts
from cme_desktop.domain.vocabulary import RelationshipNature

CONSULTANT, SPEAKER, ADVISOR = (
    RelationshipNature.CONSULTANT,
    RelationshipNature.SPEAKER,
    RelationshipNature.ADVISOR,
)


def disclosure(
    on: date, *rels: RelationshipFacts, none: bool = False, refused: bool = False
) -> DisclosureFacts:
    return DisclosureFacts(on, date(2027, 1, 1), refused, none, rels)


def test_new_changed_removed_and_unchanged_relationships() -> None:
    before = disclosure(
        date(2025, 10, 1),
        RelationshipFacts(1, "Acme Pharmaceuticals", CONSULTANT, date(2025, 3, 1)),
        RelationshipFacts(2, "Beta Devices", SPEAKER, date(2024, 6, 1)),
        RelationshipFacts(3, "Delta Labs", ADVISOR),
    )
    after = disclosure(
        date(2026, 10, 1),
        RelationshipFacts(11, "ACME pharmaceuticals", CONSULTANT, date(2025, 3, 1)),
        RelationshipFacts(12, "Beta Devices", SPEAKER, date(2024, 6, 1), date(2026, 6, 1)),
        RelationshipFacts(13, "Gamma Pharma", ADVISOR),
    )
    changes = compare_versions(before, after)
    assert changes.previous_on == date(2025, 10, 1)
    assert changes.unchanged == {11: 1}
    assert changes.relationships == {12: "Ended Jun 1, 2026; was ongoing", 13: "New"}
    assert changes.lines == (
        "Changed: Beta Devices (speaker): Ended Jun 1, 2026; was ongoing.",
        "New: Gamma Pharma (advisor).",
        "No longer listed: Delta Labs (advisor).",
    )


def test_a_first_disclosure_has_nothing_to_compare_and_a_refusal_is_named() -> None:
    first = disclosure(date(2026, 10, 1), none=True)
    assert not compare_versions(None, first).any
    declined = compare_versions(first, disclosure(date(2026, 11, 1), refused=True))
    assert declined.lines == ("Now declines to disclose.",)
    cleared = compare_versions(
        disclosure(date(2026, 1, 1), RelationshipFacts(1, "Acme", ADVISOR)),
        disclosure(date(2026, 11, 1), none=True),
    )
    assert cleared.lines == (
        "Now says there are no financial relationships.",
        "No longer listed: Acme (advisor).",
    )
