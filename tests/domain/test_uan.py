"""ACPE Universal Activity Numbers (DOMAIN.md, "Credit": pharmacy activities have a UAN like 0798-9999-18-246-H04-P)."""

from __future__ import annotations

import pytest

from cme_desktop.domain.uan import UanError, normalize_uan, parse_uan


def test_the_domain_example_is_a_uan() -> None:
    uan = parse_uan("0798-9999-18-246-H04-P")
    assert (uan.provider, uan.joint, uan.year, uan.sequence) == ("0798", True, 2018, 246)
    assert (uan.activity_type, uan.topic, uan.audience) == ("H", 4, "P")


def test_a_jointly_accredited_providers_uan_is_accepted() -> None:
    uan = parse_uan("JA0000000-0000-26-001-L01-P")
    assert uan.provider == "JA0000000" and not uan.joint and uan.activity_type == "L"


def test_typing_is_forgiven_case_spaces_and_long_dashes() -> None:
    assert normalize_uan(" ja0000000–0000-26-001-l01-t ") == "JA0000000-0000-26-001-L01-T"


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("798-9999-18-246-H04-P", "the provider number"),
        ("0798-1234-18-246-H04-P", "the joint-provider part"),
        ("0798-9999-2018-246-H04-P", "the two-digit year"),
        ("0798-9999-18-24-H04-P", "the three-digit activity number"),
        ("0798-9999-18-246-X04-P", "the activity type and topic"),
        ("0798-9999-18-246-L00-P", "the activity type and topic"),
        ("0798-9999-18-246-H04-X", "the audience"),
    ],
)
def test_a_malformed_part_is_named(text: str, part: str) -> None:
    with pytest.raises(UanError) as caught:
        parse_uan(text)
    assert part in str(caught.value) and "as in 0798-9999-18-246-H04-P" in str(caught.value)


@pytest.mark.parametrize("text", ["", "0798999918246H04P", "0798-9999-18-246-H04"])
def test_the_wrong_number_of_parts_is_explained(text: str) -> None:
    with pytest.raises(UanError, match="where a UAN has 6"):
        parse_uan(text)
