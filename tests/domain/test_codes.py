"""Attendance codes and their windows (DOMAIN.md, "Attendance": a 7-digit code like 2356446, valid from shortly
before the session until 7 days after it)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from cme_desktop.domain.codes import CODE_LENGTH, code_window, group_code, new_code

START = datetime(2026, 12, 2, 17, tzinfo=UTC)
END = START + timedelta(hours=1)


def test_a_code_is_seven_digits_without_a_leading_zero() -> None:
    for _ in range(200):
        code = new_code(set())
        assert len(code) == CODE_LENGTH and code.isdigit() and code[0] != "0"


def test_a_code_already_issued_is_never_handed_out_again() -> None:
    # The random source first offers codes that were issued before; they are passed over.
    offers = iter([1_356_446, 2_000_000, 1_356_446, 5])
    taken = {"2356446", "3000000"}
    assert new_code(taken, randbelow=lambda _: next(offers)) == "1000005"


@given(st.sets(st.integers(1_000_000, 9_999_999).map(str), max_size=300))
def test_a_new_code_differs_from_every_code_in_use(taken: set[str]) -> None:
    assert new_code(taken) not in taken


def test_the_default_window_opens_30_minutes_before_and_closes_7_days_after_to_the_second() -> None:
    window = code_window(START, END)
    assert window.opens_at == START - timedelta(minutes=30)
    assert window.closes_at == END + timedelta(days=7)
    assert not window.is_open(window.opens_at - timedelta(seconds=1))
    assert window.is_open(window.opens_at)
    assert window.is_open(window.closes_at)
    assert not window.is_open(window.closes_at + timedelta(seconds=1))


def test_a_window_can_be_shortened_per_activity() -> None:
    window = code_window(START, END, opens_minutes_before=0, closes_days_after=1)
    assert (window.opens_at, window.closes_at) == (START, END + timedelta(days=1))


def test_codes_are_grouped_for_reading_aloud() -> None:
    assert group_code("2356446") == "235 6446"
