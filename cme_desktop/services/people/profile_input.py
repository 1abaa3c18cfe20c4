"""What a coordinator types into a profile, checked field by field before anything is saved.

Every check raises a ValueError whose message is one sentence; `clean` returns the values as they are stored.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from cme_desktop.domain.degrees import profession_for_degree, tidy_degree
from cme_desktop.domain.emails import normalize_email
from cme_desktop.domain.identifiers import is_valid_npi
from cme_desktop.domain.phones import normalize_phone
from cme_desktop.domain.vocabulary import Profession
from cme_desktop.errors import InputError

US_STATES = frozenset(
    [
        "AL",
        "AK",
        "AZ",
        "AR",
        "CA",
        "CO",
        "CT",
        "DE",
        "DC",
        "FL",
        "GA",
        "HI",
        "ID",
        "IL",
        "IN",
        "IA",
        "KS",
        "KY",
        "LA",
        "ME",
        "MD",
        "MA",
        "MI",
        "MN",
        "MS",
        "MO",
        "MT",
        "NE",
        "NV",
        "NH",
        "NJ",
        "NM",
        "NY",
        "NC",
        "ND",
        "OH",
        "OK",
        "OR",
        "PA",
        "RI",
        "SC",
        "SD",
        "TN",
        "TX",
        "UT",
        "VT",
        "VA",
        "WA",
        "WV",
        "WI",
        "WY",
        "PR",
        "GU",
        "VI",
        "AS",
        "MP",
    ]
)
T = TypeVar("T")
_PROFESSIONS = frozenset(str(p) for p in Profession)
# How degrees are written on certificates, whatever the case they were typed in.


@dataclass(frozen=True)
class EmailEntry:
    address: str
    primary: bool = False


@dataclass(frozen=True)
class PhoneEntry:
    # As typed on input; E.164 ('+18435550123') on output.
    number: str
    verified: bool = False
    opted_out: bool = False


@dataclass(frozen=True)
class BoardEntry:
    board: str
    board_id: str


@dataclass(frozen=True)
class LicenseEntry:
    state: str
    license_number: str


@dataclass(frozen=True)
class ProfileInput:
    """A profile as the form or an import row gives it."""

    first_name: str
    last_name: str
    middle_name: str | None = None
    suffix: str | None = None
    degree: str | None = None
    # None: the profession the degree implies (MD/DO -> physician, who claims AMA PRA Category 1).
    profession: str | None = None
    netid: str | None = None
    npi: str | None = None
    nabp_eprofile_id: str | None = None
    birth_month: int | None = None
    birth_day: int | None = None
    # The learner allows reporting completed credit to their certifying boards (MOC).
    moc_permission: bool = False
    emails: tuple[EmailEntry, ...] = ()
    phones: tuple[PhoneEntry, ...] = ()
    board_ids: tuple[BoardEntry, ...] = ()
    licenses: tuple[LicenseEntry, ...] = ()
    # None keeps what is stored; "" removes it; four digits replace it (only their keyed hash is kept).
    ssn_last4: str | None = None


@dataclass(frozen=True)
class CleanProfile:
    fields: dict[str, object]
    emails: tuple[EmailEntry, ...]
    phones: tuple[PhoneEntry, ...]
    board_ids: tuple[BoardEntry, ...]
    licenses: tuple[LicenseEntry, ...]


def _text(value: str | None, limit: int, label: str) -> str | None:
    text = " ".join((value or "").split())
    if len(text) > limit:
        raise InputError(f"The {label} is longer than {limit} characters.")
    return text or None


def clean_degree(degree: str | None) -> str | None:
    text = _text(degree, 40, "degree")
    if text is None:
        return None
    return tidy_degree(text)


def clean_birth(month: int | None, day: int | None) -> tuple[int | None, int | None]:
    """Birth month and day without a year (MOC and CPE Monitor reporting); both or neither."""
    if month is None and day is None:
        return None, None
    if month is None or day is None:
        raise InputError("Give both the birth month and the birth day, or neither.")
    if not 1 <= month <= 12:
        raise InputError("The birth month must be 1 to 12.")
    if not 1 <= day <= calendar.monthrange(2024, month)[1]:  # 2024: a leap year allows 29 February
        raise InputError(f"{calendar.month_name[month]} has no day {day}.")
    return month, day


def clean(data: ProfileInput) -> CleanProfile:
    """Check every field; the first problem found is raised as one sentence."""
    cleaned, problems = check(data)
    if cleaned is None:
        raise InputError(problems[0])
    return cleaned


def check(data: ProfileInput) -> tuple[CleanProfile | None, list[str]]:
    """Check every field and say everything that is wrong (an import lists each problem of a row): the values
    as they are stored, or None and one sentence per problem, in the order of the form."""
    problems: list[str] = []

    def attempt(work: Callable[[], T]) -> T | None:
        try:
            return work()
        except InputError as error:
            problems.append(str(error))
            return None

    first = attempt(lambda: _text(data.first_name, 100, "first name"))
    last = attempt(lambda: _text(data.last_name, 100, "last name"))
    if not problems and (not first or not last):
        problems.append("A profile needs a first and a last name.")
    degree = attempt(lambda: clean_degree(data.degree))
    profession = data.profession or profession_for_degree(degree)
    if profession not in _PROFESSIONS:
        problems.append(f"'{profession}' is not a profession CME Desk knows.")
    known = len(problems)
    netid = attempt(lambda: _netid(data.netid))
    netid_read = len(problems) == known
    npi = (data.npi or "").strip().replace(" ", "") or None
    if npi and not is_valid_npi(npi):
        problems.append(
            f"'{npi}' is not a valid NPI (10 digits starting with 1 or 2, with a correct check digit)."
        )
    nabp = (data.nabp_eprofile_id or "").strip() or None
    if nabp and not (nabp.isdigit() and len(nabp) <= 10):
        problems.append("An NABP e-Profile ID is a number of up to 10 digits.")
    month, day = attempt(lambda: clean_birth(data.birth_month, data.birth_day)) or (None, None)
    emails = attempt(lambda: _emails(data.emails))
    if emails == () and not netid and netid_read:
        problems.append("A profile needs a NetID (institution members) or an email address (everyone else).")
    phones = attempt(lambda: _phones(data.phones)) or ()
    boards = attempt(lambda: _boards(data.board_ids)) or ()
    licenses = attempt(lambda: _licenses(data.licenses)) or ()
    middle = attempt(lambda: _text(data.middle_name, 100, "middle name"))
    suffix = attempt(lambda: _text(data.suffix, 20, "suffix"))
    if problems:
        return None, problems
    fields: dict[str, object] = {
        "first_name": first,
        "middle_name": middle,
        "last_name": last,
        "suffix": suffix,
        "degree": degree,
        "profession": str(profession),
        "netid": netid,
        "npi": npi,
        "nabp_eprofile_id": nabp,
        "birth_month": month,
        "birth_day": day,
        "moc_permission": bool(data.moc_permission),
    }
    return CleanProfile(fields, emails or (), phones, boards, licenses), []


def _netid(value: str | None) -> str | None:
    netid = (_text(value, 60, "NetID") or "").lower() or None
    if netid and " " in netid:
        raise InputError("A NetID has no spaces.")
    return netid


def _emails(entries: tuple[EmailEntry, ...]) -> tuple[EmailEntry, ...]:
    seen: dict[str, EmailEntry] = {}
    for entry in entries:
        if not entry.address.strip():
            continue
        address = normalize_email(entry.address)
        if address in seen:
            raise InputError(f"The email {address} is listed twice.")
        seen[address] = EmailEntry(address, entry.primary)
    result = list(seen.values())
    primaries = [e for e in result if e.primary]
    if len(primaries) > 1:
        raise InputError("Only one email can be the primary email.")
    if result and not primaries:
        result[0] = EmailEntry(result[0].address, True)
    return tuple(result)


def _phones(entries: tuple[PhoneEntry, ...]) -> tuple[PhoneEntry, ...]:
    seen: dict[str, PhoneEntry] = {}
    for entry in entries:
        if not entry.number.strip():
            continue
        e164 = normalize_phone(entry.number)
        if e164 in seen:
            raise InputError(f"The phone {entry.number.strip()} is listed twice.")
        seen[e164] = PhoneEntry(e164, entry.verified, entry.opted_out)
    return tuple(seen.values())


def _boards(entries: tuple[BoardEntry, ...]) -> tuple[BoardEntry, ...]:
    result: dict[tuple[str, str], BoardEntry] = {}
    for entry in entries:
        board = entry.board.strip().upper()
        number = entry.board_id.strip()
        if not board and not number:
            continue
        if not board or not number:
            raise InputError("A board ID needs both the board (for example ABIM) and the ID.")
        if len(board) > 20 or len(number) > 40:
            raise InputError(f"The board ID {board} {number} is too long.")
        result[(board, number)] = BoardEntry(board, number)
    return tuple(result.values())


def _licenses(entries: tuple[LicenseEntry, ...]) -> tuple[LicenseEntry, ...]:
    result: dict[tuple[str, str], LicenseEntry] = {}
    for entry in entries:
        state = entry.state.strip().upper()
        number = entry.license_number.strip()
        if not state and not number:
            continue
        if state not in US_STATES:
            raise InputError(f"'{entry.state.strip()}' is not a US state's two-letter code (for example SC).")
        if not number or len(number) > 40:
            raise InputError(f"The {state} license needs its license number (up to 40 characters).")
        result[(state, number)] = LicenseEntry(state, number)
    return tuple(result.values())
