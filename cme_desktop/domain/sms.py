"""Reading learners' texts: what a message asks for (DOMAIN.md, "SMS"; the seed's texting section).

A text is one of: an email address (link this phone), the 6-digit code that confirms a link, "Attend <code>" with
one or more 7-digit codes, an opt-out or opt-in keyword, HELP/INFO, or anything else. Parsing never fails:
whatever arrives gets a kind. Phones type in many ways, so the body is normalised first (`normalize_body`):
Unicode NFKC (full-width letters and digits become ASCII), every decimal digit of any script becomes 0-9, every
dash becomes "-", every space becomes " ", and invisible format characters (zero-width spaces, soft hyphens) go.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from cme_desktop.domain.codes import CODE_LENGTH

MAX_BODY = 1600  # Twilio's limit for one inbound message

OPT_OUT_WORDS = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"})
OPT_IN_WORDS = frozenset({"START", "YES", "UNSTOP"})
HELP_WORDS = frozenset({"HELP", "INFO"})
LINK_CODE_LENGTH = 6


class TextKind(StrEnum):
    LINK = "link"
    LINK_CODE = "link_code"
    ATTEND = "attend"
    OPT_OUT = "opt_out"
    OPT_IN = "opt_in"
    HELP = "help"
    OTHER = "other"


@dataclass(frozen=True)
class ParsedText:
    kind: TextKind
    email: str | None = None
    # Well-formed 7-digit codes, in the order written, without repeats.
    codes: tuple[str, ...] = ()
    # Digit groups after "Attend" that cannot be a code (wrong length), for a precise reply.
    malformed: tuple[str, ...] = ()
    # The 6-digit code that confirms a phone link (TextKind.LINK_CODE).
    link_code: str | None = None


_EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# "Attend", "Attending", "ATTEND:" - letters only, so a code glued to the word ("Attend9812462") stays a code.
_ATTEND = re.compile(r"attend[a-z]*", re.IGNORECASE)
# Digits, and what may separate the parts of one code as people type it ("235 6446", "235-6446", "235 - 6446").
_DIGITS = re.compile(r"[0-9]+")
_JOINER = re.compile(r"[ \t\-.]{1,3}")
_KEYWORD_TRIM = " \t\r\n.!?,;:'\"()"
# The whole text is a 6-digit link code: "482913", "482 913", "482-913", "code: 482913".
_LINK_CODE = re.compile(r"(?:code\s*[:#]?\s*)?((?:[0-9][ \t\-]{0,2}){5}[0-9])", re.IGNORECASE)


def normalize_body(body: str) -> str:
    """The text as the parser reads it: NFKC, ASCII digits, one kind of dash and space, no invisible marks."""
    text = unicodedata.normalize("NFKC", body[: MAX_BODY * 2])
    out: list[str] = []
    for ch in text:
        if "0" <= ch <= "9" or (ch.isascii() and ch.isprintable()) or ch in "\n\t":
            out.append(ch)
        elif ch.isdecimal():
            out.append(str(unicodedata.decimal(ch)))
        elif ch.isspace():
            out.append(" ")
        else:
            category = unicodedata.category(ch)
            if category == "Pd" or ch == "\u2212":  # every dash, and the minus sign that keyboards offer
                out.append("-")
            elif category[0] != "C":  # control and format characters (NUL, zero-width spaces) are dropped
                out.append(ch)
    return "".join(out)


def parse_text(body: str) -> ParsedText:
    """What a learner's text asks for. Keywords count only as the whole message, in any case (DOMAIN.md)."""
    text = normalize_body(body)[:MAX_BODY].strip()
    word = text.strip(_KEYWORD_TRIM).upper()
    if word in OPT_OUT_WORDS:
        return ParsedText(TextKind.OPT_OUT)
    if word in OPT_IN_WORDS:
        return ParsedText(TextKind.OPT_IN)
    if word in HELP_WORDS:
        return ParsedText(TextKind.HELP)
    attend = _ATTEND.search(text)
    if attend is not None:
        codes, malformed = _codes(text[attend.end() :])
        return ParsedText(TextKind.ATTEND, codes=codes, malformed=malformed)
    link_code = _LINK_CODE.fullmatch(text.strip(_KEYWORD_TRIM))
    if link_code is not None:
        return ParsedText(TextKind.LINK_CODE, link_code=re.sub(r"[^0-9]", "", link_code.group(1)))
    emails = {match.group(0).lower().rstrip(".") for match in _EMAIL.finditer(text)}
    if len(emails) == 1:
        return ParsedText(TextKind.LINK, email=emails.pop())
    return ParsedText(TextKind.OTHER)


def _codes(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """7-digit codes in `text`; '235 6446' and '235-6446' (the way a code is read out) count as one."""
    groups: list[str] = []
    previous_end = -1
    for match in _DIGITS.finditer(text):
        digits = match.group(0)
        gap = text[previous_end : match.start()] if previous_end >= 0 else None
        if (
            groups
            and gap is not None
            and _JOINER.fullmatch(gap)
            and len(groups[-1]) < CODE_LENGTH
            and len(groups[-1]) + len(digits) <= CODE_LENGTH
        ):
            groups[-1] += digits
        else:
            groups.append(digits)
        previous_end = match.end()
    codes: list[str] = []
    malformed: list[str] = []
    for group in groups:
        target = codes if len(group) == CODE_LENGTH else malformed
        if group not in target:
            target.append(group)
    return tuple(codes), tuple(malformed)


EXAMPLE_CODE = "2356446"


def attend_example(code: str = EXAMPLE_CODE) -> str:
    return f"Attend {code}"


# A phone that sends this many wrong codes within the window is refused for the lockout (codes are only 7 digits).
WRONG_CODES_ALLOWED = 5
WRONG_CODE_WINDOW = timedelta(minutes=10)
LOCKOUT = timedelta(minutes=15)
MAX_CODES_PER_TEXT = 3


def locked_until(wrong_code_times: Iterable[datetime], now: datetime) -> datetime | None:
    """When a phone may try codes again, or None: 5 wrong codes within 10 minutes lock it for 15 minutes."""
    times = sorted(wrong_code_times)
    until: datetime | None = None
    for index in range(WRONG_CODES_ALLOWED - 1, len(times)):
        if times[index] - times[index - WRONG_CODES_ALLOWED + 1] <= WRONG_CODE_WINDOW:
            candidate = times[index] + LOCKOUT
            if candidate > now and (until is None or candidate > until):
                until = candidate
    return until
