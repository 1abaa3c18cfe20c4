"""Phone numbers as people type them, reduced to E.164 ('+18435550123') so a text's sender finds its profile."""

from __future__ import annotations

import phonenumbers

from cme_desktop.errors import InputError

DEFAULT_REGION = "US"


class InvalidPhone(InputError):
    """The text is not a phone number that can receive texts or calls."""


def normalize_phone(text: str, region: str = DEFAULT_REGION) -> str:
    """'(843) 555-0123' -> '+18435550123'; numbers without a country code are read as `region`'s."""
    cleaned = (text or "").strip()
    if not cleaned:
        raise InvalidPhone("Enter a phone number.")
    try:
        number = phonenumbers.parse(cleaned, region)
    except phonenumbers.NumberParseException as error:
        raise InvalidPhone(f"'{cleaned}' is not a phone number.") from error
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhone(
            f"'{cleaned}' is not a valid phone number (check the area code and the count of digits)."
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(e164: str) -> str:
    """'+18435550123' -> '(843) 555-0123' for US numbers, the international form for others."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    if number.country_code == 1:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
