"""Phone numbers as people type them, reduced to E.164 ('+18435550123') so a text's sender finds its profile."""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers

from cme_desktop.errors import InputError

DEFAULT_REGION = "US"
# A US number written the usual ways ('(843) 555-0123', '843.555.0123', '+1 843 555 0123'): its ten digits are
# taken directly, and only the validity check runs (full parsing is most of the cost, ~0.1 ms a number).
_US_WRITTEN = re.compile(r"(?:\+?1[ .-]?)?\(?([2-9]\d\d)\)?[ .-]?(\d{3})[ .-]?(\d{4})")


class InvalidPhone(InputError):
    """The text is not a phone number that can receive texts or calls."""


def normalize_phone(text: str, region: str = DEFAULT_REGION) -> str:
    """'(843) 555-0123' -> '+18435550123'; numbers without a country code are read as `region`'s."""
    cleaned = (text or "").strip()
    if not cleaned:
        raise InvalidPhone("Enter a phone number.")
    e164, problem = _normalized(cleaned, region)
    if problem is not None:
        raise InvalidPhone(problem)
    return e164


# Parsing a number costs about 0.1 ms; an import of 50,000 people meets each of its numbers several times.
@lru_cache(maxsize=65_536)
def _normalized(cleaned: str, region: str) -> tuple[str, str | None]:
    written = _US_WRITTEN.fullmatch(cleaned) if region == "US" else None
    if written is not None:
        national = "".join(written.groups())
        if phonenumbers.is_valid_number_for_region(
            phonenumbers.PhoneNumber(country_code=1, national_number=int(national)), region
        ):
            return f"+1{national}", None
    try:
        number = phonenumbers.parse(cleaned, region)
    except phonenumbers.NumberParseException:
        return "", f"'{cleaned}' is not a phone number."
    # Valid for the region it was typed in (the common case, one region's patterns to try), else anywhere
    # (is_valid_number alone tries every country sharing the +1 code).
    if not (phonenumbers.is_valid_number_for_region(number, region) or phonenumbers.is_valid_number(number)):
        return "", f"'{cleaned}' is not a valid phone number (check the area code and the count of digits)."
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), None


@lru_cache(maxsize=65_536)
def display_phone(e164: str) -> str:
    """'+18435550123' -> '(843) 555-0123' for US numbers, the international form for others."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    if number.country_code == 1:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
