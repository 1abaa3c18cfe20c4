"""ACPE Universal Activity Numbers for pharmacy credit (DOMAIN.md, "Credit": a UAN like 0798-9999-18-246-H04-P).

The six parts: the provider's ACPE number (4 digits, or JA and 7 digits for a jointly accredited provider); 0000
without a joint provider or 9999 with one; the two-digit year; the activity's 3-digit sequence number; the
activity type (L live, H home study, B blended) with a 2-digit topic designator; P for pharmacists or T for
technicians.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cme_desktop.errors import InputError

EXAMPLE = "0798-9999-18-246-H04-P"
_PATTERN = re.compile(r"(\d{4}|JA\d{7})-(0000|9999)-(\d{2})-(\d{3})-([LHB])(\d{2})-([PT])")
_PARTS = (
    (r"\d{4}|JA\d{7}", "the provider number (4 digits, or JA and 7 digits)"),
    (r"0000|9999", "the joint-provider part (0000, or 9999 with a joint provider)"),
    (r"\d{2}", "the two-digit year"),
    (r"\d{3}", "the three-digit activity number"),
    (r"[LHB]\d{2}", "the activity type and topic (L, H or B and two digits, as in L04)"),
    (r"[PT]", "the audience (P for pharmacists, T for technicians)"),
)
ACTIVITY_TYPES = {"L": "live", "H": "home study", "B": "blended"}


class UanError(InputError):
    """A UAN that does not follow the ACPE format; the message says which part is wrong."""


@dataclass(frozen=True)
class Uan:
    text: str
    provider: str
    joint: bool
    year: int
    sequence: int
    activity_type: str
    topic: int
    audience: str


def parse_uan(text: str) -> Uan:
    """A UAN from what a coordinator typed (any case, spaces or dashes of any kind), or UanError."""
    cleaned = re.sub(r"\s+", "", text.upper().replace("–", "-").replace("—", "-"))
    match = _PATTERN.fullmatch(cleaned)
    if match is None or match[6] == "00":
        raise UanError(_explain(text.strip(), cleaned))
    return Uan(
        text=cleaned,
        provider=match[1],
        joint=match[2] == "9999",
        year=2000 + int(match[3]),
        sequence=int(match[4]),
        activity_type=match[5],
        topic=int(match[6]),
        audience=match[7],
    )


def normalize_uan(text: str) -> str:
    """The UAN as it is printed and reported: upper case with plain dashes."""
    return parse_uan(text).text


def _explain(original: str, cleaned: str) -> str:
    shown = original or "(empty)"
    parts = cleaned.split("-")
    if len(parts) != len(_PARTS):
        return f"'{shown}' is not an ACPE UAN: it has {len(parts)} parts where a UAN has 6, as in {EXAMPLE}."
    for part, (pattern, meaning) in zip(parts, _PARTS, strict=True):
        if not re.fullmatch(pattern, part) or (pattern.startswith("[LHB]") and part[1:] == "00"):
            return f"'{shown}' is not an ACPE UAN: '{part}' should be {meaning}, as in {EXAMPLE}."
    return f"'{shown}' is not an ACPE UAN like {EXAMPLE}."
