"""The office's colour on the portal, kept readable: WCAG 2.1 contrast (1.4.3, 4.5:1 for text).

An office picks one colour (its brand). The portal puts it behind the header and the buttons, with white or
near-black text, whichever reads better on it, and uses it for links on white only as dark as they need to be
to read: a pale brand colour is darkened for links rather than refused.
"""

from __future__ import annotations

import re

from cme_desktop.errors import InputError

DEFAULT_COLOUR = "#1d4f91"
WHITE = "#ffffff"
INK = "#1a1a1a"
TEXT_CONTRAST = 4.5  # WCAG 2.1, 1.4.3 (AA) for normal text
_HEX = re.compile(r"#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")


def clean_colour(value: str) -> str:
    """'#1D4F91', '1d4f91' or '#14a' as '#1d4f91' / '#1144aa'; InputError for anything else."""
    found = _HEX.fullmatch(value.strip())
    if found is None:
        raise InputError("A colour is written like #1d4f91 (a # and six hexadecimal digits).")
    digits = found.group(1).lower()
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    return f"#{digits}"


def _rgb(colour: str) -> tuple[int, int, int]:
    digits = clean_colour(colour)[1:]
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def luminance(colour: str) -> float:
    """WCAG 2.1's relative luminance of an sRGB colour (0 black, 1 white)."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """WCAG 2.1's contrast ratio, from 1 (the same) to 21 (black on white)."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_on(colour: str) -> str:
    """White or near-black: whichever reads better on `colour`."""
    return WHITE if contrast(WHITE, colour) >= contrast(INK, colour) else INK


def readable_on_white(colour: str) -> str:
    """`colour`, darkened just enough (if at all) to read as text on white at 4.5:1."""
    r, g, b = _rgb(colour)
    for step in range(0, 101):
        keep = 1 - step / 100
        candidate = f"#{round(r * keep):02x}{round(g * keep):02x}{round(b * keep):02x}"
        if contrast(candidate, WHITE) >= TEXT_CONTRAST:
            return candidate
    return INK
