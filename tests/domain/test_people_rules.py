"""Profiles' rules (DOMAIN.md, "Profiles"): names folded and matched, phones in E.164, NPIs by their check digit,
emails checked, and the last-4 SSN kept only as a keyed hash."""

from __future__ import annotations

import phonenumbers
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cme_desktop.domain.emails import InvalidEmail, mailbox_key, normalize_email
from cme_desktop.domain.identifiers import is_valid_npi, npi_check_digit
from cme_desktop.domain.names import (
    edit_distance,
    first_names_match,
    fold,
    last_name_keys,
    last_names_match,
    similar_names,
)
from cme_desktop.domain.phones import InvalidPhone, display_phone, normalize_phone
from cme_desktop.domain.ssn import clean_last4, key_fingerprint, ssn_last4_hash


def test_names_fold_accents_case_and_punctuation() -> None:
    assert fold("O'Brien-Núñez") == "obrien nunez"
    assert fold("  ZOË   Renée ") == "zoe renee"


@pytest.mark.parametrize(
    ("a", "b"),
    [("Robert", "Bob"), ("Katherine", "Kate"), ("Jane", "J"), ("Jonathon", "Jonathan"), ("José", "Jose")],
)
def test_given_names_match_across_nicknames_initials_and_one_typo(a: str, b: str) -> None:
    assert first_names_match(a, b) and first_names_match(b, a)


@pytest.mark.parametrize(
    ("a", "b"), [("Robert", "Richard"), ("Jane", "John"), ("Ana", "Ava"), ("Mei", "Wei")]
)
def test_different_given_names_do_not_match(a: str, b: str) -> None:
    assert not first_names_match(a, b)


def test_family_names_match_across_punctuation_second_surnames_and_typos() -> None:
    assert last_names_match("O'Brien", "OBrien")
    assert last_names_match("Garcia", "García López")
    assert last_names_match("Kowalski", "Kowalsky")
    assert not last_names_match("Lee", "Lea")  # short names: one letter is a different family
    assert not last_names_match("Smith", "Smyth Jones")
    assert similar_names("Bob", "Thompson", "Robert", "Thomson")
    assert not similar_names("Robert", "Thompson", "Robert", "Johnson")


def test_edit_distance_counts_a_swap_once_and_stops_past_the_limit() -> None:
    assert edit_distance("smith", "simth", 2) == 1
    assert edit_distance("kitten", "sitting", 5) == 3
    assert edit_distance("a", "abcdef", 2) == 3


@pytest.mark.parametrize(
    ("a", "b"),
    [("Thompson", "Thomson"), ("Smith", "Simth"), ("Garcia", "García López"), ("O'Brien", "OBrien")],
)
def test_family_names_that_match_share_a_lookup_key(a: str, b: str) -> None:
    assert last_names_match(a, b)
    assert last_name_keys(a) & last_name_keys(b)


def test_unrelated_family_names_share_no_lookup_key() -> None:
    assert not last_name_keys("Smith") & last_name_keys("Jones")


@pytest.mark.parametrize(
    ("typed", "e164"),
    [
        ("(843) 555-0123", "+18435550123"),
        ("843.555.0123", "+18435550123"),
        ("+1 843 555 0123", "+18435550123"),
        ("1-843-555-0123", "+18435550123"),
        ("+44 20 7946 0958", "+442079460958"),
    ],
)
def test_phones_are_stored_in_e164_reading_bare_numbers_as_us(typed: str, e164: str) -> None:
    assert normalize_phone(typed) == e164


@pytest.mark.parametrize("typed", ["555-0123", "call me", "", "+1 123 456 7890"])
def test_invalid_phones_are_refused_with_a_sentence(typed: str) -> None:
    with pytest.raises(InvalidPhone) as error:
        normalize_phone(typed)
    assert str(error.value).endswith(".")


_US_FORMS = [
    "({a}) {b}-{c}",
    "{a}-{b}-{c}",
    "{a}.{b}.{c}",
    "+1 {a} {b} {c}",
    "1-{a}-{b}-{c}",
    "{a}{b}{c}",
    "1 ({a}) {b}-{c}",
    "({a}){b}-{c}",
    "+1 ({a}) {b} {c}",
    "{a} {b}-{c}x12",
]


@given(
    st.sampled_from(_US_FORMS),
    st.integers(100, 999),
    st.integers(0, 999),
    st.integers(0, 9999),
)
def test_a_us_number_reads_the_same_as_the_phone_library_reads_it(form: str, a: int, b: int, c: int) -> None:
    """US numbers take a shortcut past full parsing (an import meets thousands); it must agree with the
    library on every number and every way of writing it, valid or not (area codes 1xx, 555 exchanges...)."""
    typed = form.format(a=a, b=f"{b:03d}", c=f"{c:04d}")
    try:
        number = phonenumbers.parse(typed, "US")
        valid = phonenumbers.is_valid_number_for_region(number, "US") or phonenumbers.is_valid_number(number)
    except phonenumbers.NumberParseException:
        valid = False
    if valid:
        assert normalize_phone(typed) == phonenumbers.format_number(
            number, phonenumbers.PhoneNumberFormat.E164
        )
    else:
        with pytest.raises(InvalidPhone):
            normalize_phone(typed)


def test_phones_are_shown_the_way_the_office_writes_them() -> None:
    assert display_phone("+18435550123") == "(843) 555-0123"
    assert display_phone("+442079460958") == "+44 20 7946 0958"


def test_npi_check_digit_follows_the_cms_luhn_rule() -> None:
    # CMS's published example: 123456789 -> check digit 3.
    assert npi_check_digit("123456789") == 3
    assert is_valid_npi("1234567893")
    assert not is_valid_npi("1234567890")
    assert not is_valid_npi("3234567893")  # NPIs start with 1 or 2


@given(st.integers(100_000_000, 299_999_999))
def test_changing_any_one_digit_of_an_npi_makes_it_invalid(base: int) -> None:
    npi = f"{base}{npi_check_digit(str(base))}"
    assert is_valid_npi(npi)
    wrong = npi[:9] + str((int(npi[9]) + 1) % 10)
    assert not is_valid_npi(wrong)


def test_emails_are_lower_cased_and_checked() -> None:
    assert normalize_email("  Jane.Smith@Example.ORG ") == "jane.smith@example.org"
    for bad in ("jane", "jane@", "jane@example", "ja ne@example.org", "jane..s@example.org"):
        with pytest.raises(InvalidEmail):
            normalize_email(bad)


def test_mailbox_key_sees_plus_tags_and_gmail_dots() -> None:
    assert mailbox_key("jane.smith+cme@gmail.com") == mailbox_key("janesmith@googlemail.com")
    assert mailbox_key("jane.smith@example.org") != mailbox_key("janesmith@example.org")


def test_the_ssn_hash_depends_on_the_key_and_never_contains_the_digits() -> None:
    key, other = b"k" * 32, b"o" * 32
    digest = ssn_last4_hash(key, "1234")
    assert digest == ssn_last4_hash(key, " 1234 ")
    assert digest != ssn_last4_hash(other, "1234")
    assert len(digest) == 64 and set(digest) <= set("0123456789abcdef")
    assert key_fingerprint(key) != key_fingerprint(other)
    assert key.hex() not in key_fingerprint(key)


@pytest.mark.parametrize("typed", ["123", "12345", "12a4", ""])
def test_last4_must_be_four_digits(typed: str) -> None:
    with pytest.raises(ValueError, match="four digits"):
        clean_last4(typed)
