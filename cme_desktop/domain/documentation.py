"""Documentation of participation: what a certificate and a transcript say, and the accreditation wording
(DOMAIN.md, "Credit"). Pure text; documents/ draws it.

Statements are paragraph markup: text escaped (&, <, >) with <i> around the credit name, which the AMA wants in
italics with the trademark sign after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple
from xml.sax.saxutils import escape, unescape

from cme_desktop.domain.credits import format_credits
from cme_desktop.domain.vocabulary import ActivityFormat, CreditType

AMA_CREDIT = "AMA PRA Category 1 Credit"
LIVE_FORMATS = {ActivityFormat.LIVE_COURSE, ActivityFormat.RSS}


class Designated(NamedTuple):
    """One credit type's designation for an activity, as documents state it."""

    max_quarters: int
    uan: str | None = None  # pharmacy only
    per_session: bool = False  # "for a maximum of 1 credit per session" (a series)
    designated_at: datetime | None = None


Designations = dict[str, Designated]


@dataclass(frozen=True)
class CertificateContent:
    """Everything one certificate shows; the service fills it, documents/certificate.py draws it."""

    learner_name: str  # "Jane Q. Smith, MD"
    provider_name: str
    activity_title: str
    topic: str | None
    format_label: str
    location: str | None  # live activities only
    dates: str  # "November 27, 2026"
    credit_type: str
    award: str  # markup: "1 <i>AMA PRA Category 1 Credit</i>™"
    statements: tuple[str, ...]  # markup, in print order
    verification_code: str
    qr_payload: str
    issued_on: str
    file_stem: str  # "2026-11-27 Medicine Grand Rounds - Smith, Jane"
    # A preview page: nothing was issued, so it carries no verification code and is marked as a sample.
    sample: bool = False


@dataclass(frozen=True)
class TranscriptLine:
    day: str  # ISO date, sorts and reads well in a table
    activity: str
    topic: str | None
    format_label: str
    location: str | None  # live activities: where (DOMAIN.md, documentation of participation)
    credit_name: str  # markup: the AMA credit's name in italics
    credits: str
    verification_code: str | None


@dataclass(frozen=True)
class TranscriptContent:
    learner_name: str
    provider_name: str
    period: str  # "January 1, 2026 – November 28, 2026" or "All dates"
    lines: tuple[TranscriptLine, ...]
    totals: tuple[tuple[str, str], ...]  # (credit name markup, credits) per credit type
    generated_on: str
    statements: tuple[str, ...]  # markup: the accreditation behind the credits listed, each once


def plural(quarters: int, one: str, many: str) -> str:
    return one if quarters == 4 else many


def plain(markup: str) -> str:
    """Paragraph markup as plain text, for a terminal or a spreadsheet: tags dropped, entities read."""
    return unescape(re.sub(r"<[^>]+>", "", markup))


def credit_name(credit_type: str) -> str:
    """The credit's name as markup: the AMA's in italics with the trademark sign after it (DOMAIN.md)."""
    if credit_type == CreditType.AMA_PRA_1:
        return f"<i>{AMA_CREDIT}</i>™"
    try:
        return escape(CreditType(credit_type).label)
    except ValueError:
        return escape(credit_type)


def credit_phrase(credit_type: str, quarters: int, escaped: bool = True) -> str:
    """The credit actually awarded, worded for its type: '1.25 <i>AMA PRA Category 1 Credits</i>™', ..."""
    amount = format_credits(quarters)
    if credit_type == CreditType.AMA_PRA_1:
        name = AMA_CREDIT + plural(quarters, "", "s")
        return f"{amount} <i>{name}</i>™" if escaped else f"{amount} {name}™"
    if credit_type in (CreditType.NURSING, CreditType.PHARMACY):
        return f"{amount} contact {plural(quarters, 'hour', 'hours')}"
    if credit_type == CreditType.IPCE:
        return f"{amount} IPCE {plural(quarters, 'credit', 'credits')}"
    return f"{amount} {plural(quarters, 'hour', 'hours')} of participation"


def activity_kind(fmt: str) -> str:
    """How the AMA designation statement names the activity: 'live activity', 'enduring material', ..."""
    if fmt in LIVE_FORMATS:
        return "live activity"
    if fmt == ActivityFormat.ENDURING:
        return "enduring material"
    if fmt == ActivityFormat.JOURNAL:
        return "journal-based CME activity"
    try:
        return f"{ActivityFormat(fmt).label.lower()} activity"
    except ValueError:
        return "activity"


def ama_designation(provider: str, fmt: str, max_quarters: int, per_session: bool = False) -> str:
    """DOMAIN.md: '[Provider] designates this live activity for a maximum of [N] *AMA PRA Category 1 Credit(s)*™...'
    A series designated session by session says so ("... per session")."""
    name = AMA_CREDIT + plural(max_quarters, "", "s")
    each = " per session" if per_session else ""
    return (
        f"{escape(provider)} designates this {activity_kind(fmt)} for a maximum of {format_credits(max_quarters)} "
        f"<i>{name}</i>™{each}. Physicians should claim only the credit commensurate with the extent of their "
        "participation in the activity."
    )


def nursing_designation(provider: str, max_quarters: int) -> str:
    """DOMAIN.md: '[Provider] designates this continuing nursing education activity for N contact hour(s).'"""
    hours = plural(max_quarters, "contact hour", "contact hours")
    return (
        f"{escape(provider)} designates this continuing nursing education activity for "
        f"{format_credits(max_quarters)} {hours}."
    )


def pharmacy_designation(max_quarters: int, uan: str | None) -> str:
    """ACPE: contact hours and CEUs with the UAN; CPE Monitor, not this certificate, is the official record."""
    hours = plural(max_quarters, "contact hour", "contact hours")
    ceu = f"{max_quarters / 40:g}"  # 10 contact hours = 1 CEU
    uan_text = f" UAN {escape(uan)}." if uan else ""
    return (
        f"This activity is approved for {format_credits(max_quarters)} {hours} ({ceu} CEU) of continuing "
        f"pharmacy education.{uan_text} Credit is reported to CPE Monitor with the learner's NABP e-Profile ID "
        "and birth month and day; CPE Monitor, not this certificate, is the official record."
    )


def ipce_designation(max_quarters: int) -> str:
    credits = plural(max_quarters, "credit", "credits")
    return (
        "This activity was planned by and for the healthcare team, and learners will receive "
        f"{format_credits(max_quarters)} Interprofessional Continuing Education (IPCE) {credits} for learning "
        "and change."
    )


def designation_statements(
    provider: str, fmt: str, credit_type: str, designated: Designations
) -> tuple[str, ...]:
    """The designation for the learner's credit type; a participation certificate also names the AMA designation,
    as peers print it, so a non-physician can show what the activity offered physicians."""
    out: list[str] = []
    ama = designated.get(CreditType.AMA_PRA_1)
    if credit_type == CreditType.NURSING and CreditType.NURSING in designated:
        out.append(nursing_designation(provider, designated[CreditType.NURSING].max_quarters))
    elif credit_type == CreditType.PHARMACY and CreditType.PHARMACY in designated:
        pharmacy = designated[CreditType.PHARMACY]
        out.append(pharmacy_designation(pharmacy.max_quarters, pharmacy.uan))
    elif credit_type == CreditType.IPCE and CreditType.IPCE in designated:
        out.append(ipce_designation(designated[CreditType.IPCE].max_quarters))
    if ama and credit_type in (CreditType.AMA_PRA_1, CreditType.PARTICIPATION):
        out.append(ama_designation(provider, fmt, ama.max_quarters, ama.per_session))
    return tuple(out)


def location_text(
    fmt: str, delivery: str, venue: str | None, city: str | None, state: str | None, room: str | None = None
) -> str | None:
    """Where a live activity took place; None for formats that have no place (enduring, journal, ...)."""
    if fmt not in LIVE_FORMATS:
        return None
    if delivery == "virtual":
        return "Live online"
    place = ", ".join(x.strip() for x in (venue, city, state) if x and x.strip())
    if delivery == "hybrid":
        return f"{place} and online" if place else "Live, in person and online"
    return place or None


def safe_file_stem(text: str) -> str:
    """A file name every operating system accepts: no slashes, colons or other reserved characters."""
    cleaned = "".join("-" if ch in '<>:"/\\|?*' or ord(ch) < 32 else ch for ch in text)
    return " ".join(cleaned.split()).strip(" .")[:180]


PAPER_SIZES = ("letter", "a4")


@dataclass(frozen=True)
class Artwork:
    """The office's certificate artwork and paper (Settings): file paths may be empty."""

    logo_path: str = ""
    signature_path: str = ""
    signer: str = ""  # printed under the signature line: "Rebecca Tran, MD, Director of CME"
    paper: str = "letter"
