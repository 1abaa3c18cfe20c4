"""Reading learners' texts (DOMAIN.md, "SMS"; the seed's texting section: "Attend 2356446")."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cme_desktop.domain.sms import HELP_WORDS, OPT_IN_WORDS, OPT_OUT_WORDS, TextKind, parse_text


@pytest.mark.parametrize(
    "body",
    [
        "Attend 2356446",
        "attend 2356446",
        "ATTEND: 2356446",
        "attend #2356446",
        "  Attend   2356446  ",
        "Attend 235 6446",
        "Attend 235-6446",
        "Attend:2356446!",
        "Attending 2356446",
        "I'd like to attend 2356446 please",
    ],
)
def test_attend_is_read_however_it_is_typed(body: str) -> None:
    parsed = parse_text(body)
    assert parsed.kind == TextKind.ATTEND
    assert parsed.codes == ("2356446",)


def test_several_codes_in_one_text_each_count_once() -> None:
    parsed = parse_text("Attend 2356446, 7654321 and 235 6446")
    assert parsed.codes == ("2356446", "7654321")


def test_digits_that_cannot_be_a_code_are_reported_not_guessed() -> None:
    parsed = parse_text("Attend 235644")
    assert parsed.kind == TextKind.ATTEND
    assert parsed.codes == ()
    assert parsed.malformed == ("235644",)


def test_attend_without_a_code() -> None:
    parsed = parse_text("attend")
    assert (parsed.kind, parsed.codes, parsed.malformed) == (TextKind.ATTEND, (), ())


@pytest.mark.parametrize(
    "body", ["jane.doe@Example.org", " Jane.Doe@example.org. ", "my email is jane.doe@example.org"]
)
def test_an_email_address_links_the_phone(body: str) -> None:
    parsed = parse_text(body)
    assert parsed.kind == TextKind.LINK
    assert parsed.email == "jane.doe@example.org"


def test_two_different_emails_are_not_a_link() -> None:
    assert parse_text("a@example.org or b@example.org").kind == TextKind.OTHER


@pytest.mark.parametrize(
    ("words", "kind"),
    [(OPT_OUT_WORDS, TextKind.OPT_OUT), (OPT_IN_WORDS, TextKind.OPT_IN), (HELP_WORDS, TextKind.HELP)],
)
def test_every_reserved_word_in_any_case_is_recognized(words: frozenset[str], kind: TextKind) -> None:
    # DOMAIN.md, "SMS": STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT, REVOKE, OPTOUT; START, YES, UNSTOP; HELP, INFO.
    for word in words:
        for variant in (word, word.lower(), word.title(), f"  {word}. "):
            assert parse_text(variant).kind == kind, variant


def test_domain_md_lists_exactly_these_keywords() -> None:
    assert {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"} == OPT_OUT_WORDS
    assert {"START", "YES", "UNSTOP"} == OPT_IN_WORDS
    assert {"HELP", "INFO"} == HELP_WORDS


def test_keywords_count_only_as_the_whole_message() -> None:
    assert parse_text("please stop the rounds early").kind == TextKind.OTHER
    assert parse_text("Attend 2356446 then stop").kind == TextKind.ATTEND


@given(st.sampled_from(sorted(OPT_OUT_WORDS | OPT_IN_WORDS | HELP_WORDS)), st.text(" \t\n.!", max_size=3))
def test_reserved_words_survive_surrounding_whitespace(word: str, around: str) -> None:
    assert parse_text(around + word.lower() + around).kind != TextKind.OTHER


@given(st.text(max_size=2000))
def test_any_text_gets_a_kind_and_codes_are_seven_digits(body: str) -> None:
    parsed = parse_text(body)
    assert parsed.kind in TextKind
    assert all(len(code) == 7 and code.isdigit() for code in parsed.codes)


@given(
    st.from_regex(r"\A[1-9][0-9]{6}\Z", fullmatch=True),
    st.sampled_from(["Attend ", "ATTEND: ", "attend #", "Attend\n"]),
)
def test_any_code_after_attend_is_found(code: str, prefix: str) -> None:
    assert parse_text(prefix + code).codes == (code,)


def test_five_wrong_codes_within_ten_minutes_lock_for_fifteen() -> None:
    from datetime import UTC, datetime, timedelta

    from cme_desktop.domain.sms import locked_until

    t0 = datetime(2026, 11, 28, 16, tzinfo=UTC)
    five = [t0 + timedelta(minutes=m) for m in (0, 1, 2, 3, 10)]
    assert locked_until(five, t0 + timedelta(minutes=11)) == t0 + timedelta(minutes=25)
    assert locked_until(five, t0 + timedelta(minutes=25, seconds=1)) is None
    assert locked_until(five[:4], t0 + timedelta(minutes=11)) is None
    spread = [t0 + timedelta(minutes=m) for m in (0, 3, 6, 9, 12)]
    assert locked_until(spread, t0 + timedelta(minutes=13)) is None
