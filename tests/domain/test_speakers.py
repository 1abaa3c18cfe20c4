"""Typed speakers read as people (DOMAIN.md, "Disclosure": every session speaker is faculty, so each needs a
profile)."""

from __future__ import annotations

from cme_desktop.domain.speakers import parse_speakers


def _names(text: str) -> list[tuple[str, str, str | None]]:
    speakers, _ = parse_speakers(text)
    return [(s.first, s.last, s.degree) for s in speakers]


def test_one_speaker_with_degrees_after_commas_is_one_person() -> None:
    assert _names("Marcus Greene, MD, FACP") == [("Marcus", "Greene", "MD, FACP")]
    assert _names("Dr. Arjun Mehta") == [("Arjun", "Mehta", None)]
    assert _names("Ann B. Lee, M.D., Ph.D.") == [("Ann B.", "Lee", "M.D., Ph.D.")]
    assert _names("Jo Park, MD/PhD") == [("Jo", "Park", "MD/PhD")]


def test_several_speakers_by_semicolon_and_comma_and_and() -> None:
    assert _names("Arjun Mehta, MD; Lisa Park, PhD and Tom Ray") == [
        ("Arjun", "Mehta", "MD"),
        ("Lisa", "Park", "PhD"),
        ("Tom", "Ray", None),
    ]
    assert _names("Arjun Mehta, Lisa Park, RN") == [("Arjun", "Mehta", None), ("Lisa", "Park", "RN")]
    assert _names("Mehta & Park") == []


def test_a_lone_word_is_flagged_not_guessed() -> None:
    speakers, unreadable = parse_speakers("Staff; Marcus Greene")
    assert unreadable == ["Staff"]
    assert [s.display for s in speakers] == ["Marcus Greene"]


def test_nothing_typed_is_nobody() -> None:
    assert parse_speakers(None) == ([], [])
    assert parse_speakers("  ") == ([], [])
