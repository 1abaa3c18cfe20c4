"""What the attendance QR code encodes (DOMAIN.md, "Attendance": learners text `Attend <code>`)."""

from __future__ import annotations

import pytest

from cme_desktop.domain.qr import (
    QUIET_ZONE,
    QrSettingError,
    module_pixels,
    portal_address,
    qr_matrix,
    qr_payload,
    sms_payload,
    texting_instruction,
)


def test_sms_payload_opens_the_texting_app_filled_in() -> None:
    assert sms_payload("(833) 558-2111", "2356446") == "SMSTO:+18335582111:ATTEND 2356446"


def test_the_texting_instruction_reads_the_number_as_people_say_it() -> None:
    assert texting_instruction("2356446", "+18335582111") == "Text ATTEND 2356446 to (833) 558-2111"
    assert texting_instruction("2356446", "+44 20 7946 0018") == "Text ATTEND 2356446 to +44 20 7946 0018"


def test_upper_case_payload_fits_a_small_code_with_room_to_spare() -> None:
    # Alphanumeric mode: 33 characters fit version 2 (25 modules) at level M, plus the quiet zone.
    matrix = qr_matrix("SMSTO:+18335582111:ATTEND 2356446")
    assert matrix.size == 25 + 2 * QUIET_ZONE


def test_the_quiet_zone_is_light_all_round() -> None:
    matrix = qr_matrix("SMSTO:+18335582111:ATTEND 2356446")
    edge = range(QUIET_ZONE)
    for r, row in enumerate(matrix.rows):
        for c, dark in enumerate(row):
            if r in edge or c in edge or r >= matrix.size - QUIET_ZONE or c >= matrix.size - QUIET_ZONE:
                assert not dark


def test_portal_mode_needs_a_place_for_the_code() -> None:
    assert qr_payload("portal", "2356446", "", "https://cme.example.edu/a?c={code}") == (
        "https://cme.example.edu/a?c=2356446"
    )
    with pytest.raises(QrSettingError, match=r"\{code\}"):
        qr_payload("portal", "2356446", "", "https://cme.example.edu/a")


def test_sms_mode_without_a_number_has_nothing_to_encode() -> None:
    assert qr_payload("sms", "2356446", "", "") is None
    with pytest.raises(QrSettingError):
        qr_payload("fax", "2356446", "+18335582111", "")


def test_portal_address_reads_without_the_scheme() -> None:
    assert portal_address("https://cme.example.edu/") == "cme.example.edu"


def test_modules_are_whole_pixels() -> None:
    assert module_pixels(33, 300) == 9
    assert module_pixels(33, 20) == 1
