"""Verification codes: random, readable aloud, typos caught before the database is asked."""

from __future__ import annotations

import re

import pytest

from cme_desktop.domain.verification import (
    ALPHABET,
    MalformedCode,
    is_valid,
    new_code,
    normalize,
    verify_address,
    verify_payload,
)

PATTERN = re.compile(r"^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$")


def test_codes_look_like_the_printed_example_and_never_use_confusable_characters() -> None:
    codes = {new_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(PATTERN.match(code) for code in codes)
    assert not set("0O1I") & set(ALPHABET)


def test_codes_are_not_sequential() -> None:
    first, second = new_code(), new_code()
    assert sum(a == b for a, b in zip(first, second, strict=True)) < 8


def test_typed_codes_are_normalized_from_lower_case_spaces_and_missing_dashes() -> None:
    code = new_code()
    assert normalize(code.lower().replace("-", " ")) == code
    assert normalize(code.replace("-", "")) == code
    assert normalize(f"  {code}  ") == code


def test_every_single_character_typo_is_caught() -> None:
    code = new_code().replace("-", "")
    for i in range(len(code)):
        for ch in ALPHABET:
            if ch != code[i]:
                assert not is_valid(code[:i] + ch + code[i + 1 :])


def test_swapped_neighbours_are_mostly_caught() -> None:
    caught = total = 0
    for _ in range(200):
        code = new_code().replace("-", "")
        for i in range(len(code) - 1):
            if code[i] != code[i + 1]:
                total += 1
                caught += not is_valid(code[:i] + code[i + 1] + code[i] + code[i + 2 :])
    assert caught / total > 0.9


def test_zero_and_one_get_a_sentence_about_them() -> None:
    with pytest.raises(MalformedCode, match="never contain 0, O, 1 or I"):
        normalize("K7QF-3M9X-T2P0")
    with pytest.raises(MalformedCode, match="12 letters and digits"):
        normalize("K7QF-3M9X")


def test_a_scanned_verify_address_gives_back_its_code() -> None:
    code = new_code()
    assert normalize(verify_payload("https://cme.example.edu/verify", code)) == code
    assert normalize(f"https://cme.example.edu/verify/{code}") == code


def test_the_qr_holds_the_address_when_set_else_the_code() -> None:
    assert verify_payload("", "K7QF-3M9X-T2PD") == "K7QF-3M9X-T2PD"
    assert verify_payload("https://x.edu/v", "K7QF") == "https://x.edu/v?code=K7QF"
    assert verify_payload("https://x.edu/v?lang=en", "K7QF") == "https://x.edu/v?lang=en&code=K7QF"
    assert verify_payload("https://x.edu/c/{code}", "K7QF") == "https://x.edu/c/K7QF"


def test_the_verify_address_is_the_offices_own_else_the_portals_verify_page() -> None:
    assert verify_address("https://x.edu/v?code={code}", "https://cme.x.edu") == "https://x.edu/v?code={code}"
    assert verify_address("  ", "https://cme.x.edu/") == "https://cme.x.edu/verify/{code}"
    assert verify_payload(verify_address("", "https://cme.x.edu"), "K7QF") == "https://cme.x.edu/verify/K7QF"
    assert verify_address("", "") == ""
