"""Names as people type them, reduced to keys for searching and matching."""

from __future__ import annotations

import re
import unicodedata

_NOT_LETTERS = re.compile(r"[^a-z0-9 ]+")
_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """Lower-case, accents removed, punctuation dropped, spaces collapsed: 'O'Brien-Núñez' -> 'obrien nunez'."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    plain = plain.replace("'", "").replace("’", "").replace("-", " ")
    return _SPACES.sub(" ", _NOT_LETTERS.sub(" ", plain)).strip()


def search_name(first: str, last: str) -> str:
    """The key people are found by: 'last first', folded."""
    return f"{fold(last)} {fold(first)}".strip()


def display_name(first: str, last: str, degree: str | None = None, middle: str | None = None) -> str:
    """'Jane Q. Smith, MD' as printed on certificates."""
    parts = [first.strip()]
    if middle and middle.strip():
        initial = middle.strip()
        parts.append(f"{initial[0]}." if len(initial) == 1 else initial)
    parts.append(last.strip())
    name = " ".join(p for p in parts if p)
    return f"{name}, {degree.strip()}" if degree and degree.strip() else name


def sort_name(first: str, last: str) -> str:
    """'Smith, Jane' for lists and file names."""
    return f"{last.strip()}, {first.strip()}"
