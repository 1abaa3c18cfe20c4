"""Numbers people text by mistake that an office must not keep: SSN-like and payment-card-like digits.

A learner who is asked for "the last 4" sometimes texts the whole Social Security number, or a card number
pasted from the wrong place. The texting log keeps what was texted, so these are masked before it is stored:
an SSN-like number (3-2-4 digits, or 9 in a row) entirely, a card-like number (13 to 19 digits, in a row or
in the groups printed on cards, passing the Luhn check every card number passes) all but its last 4 digits.
Attendance codes (7 digits), link codes (6) and phone numbers (10 or 11) are none of these.
"""

from __future__ import annotations

import re

MASK = "\u2022"  # a bullet, as a masked number is shown on a statement

_SSN = re.compile(r"(?<![0-9])(?:[0-9]{3}([- ])[0-9]{2}\1[0-9]{4}|[0-9]{9})(?![0-9])")
_CARD = re.compile(
    r"(?<![0-9])(?:[0-9]{13,19}"
    r"|[0-9]{4}([- ])[0-9]{4}\1[0-9]{4}\1[0-9]{1,7}"  # 4-4-4-4 (and 4-4-4-1..7)
    r"|[0-9]{4}([- ])[0-9]{6}\2[0-9]{4,5})"  # 4-6-5 (American Express), 4-6-4 (Diners)
    r"(?![0-9])"
)


def luhn_valid(digits: str) -> bool:
    """The check digit every payment card number carries (ISO/IEC 7812)."""
    total = 0
    for index, ch in enumerate(reversed(digits)):
        value = int(ch)
        if index % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _mask_card(match: re.Match[str]) -> str:
    text = match.group(0)
    digits = re.sub(r"[^0-9]", "", text)
    if not 13 <= len(digits) <= 19 or not luhn_valid(digits):
        return text
    keep = len(digits) - 4
    out, seen = [], 0
    for ch in text:
        if ch.isdigit():
            out.append(MASK if seen < keep else ch)
            seen += 1
        else:
            out.append(ch)
    return "".join(out)


def _mask_ssn(match: re.Match[str]) -> str:
    return re.sub(r"[0-9]", MASK, match.group(0))


def mask_sensitive(text: str) -> str:
    """`text` with SSN-like numbers masked whole and card-like numbers masked but for their last 4 digits."""
    return _SSN.sub(_mask_ssn, _CARD.sub(_mask_card, text))
