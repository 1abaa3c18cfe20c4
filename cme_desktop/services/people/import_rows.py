"""What one row of a people CSV file says: its columns, and the profile it describes over a stored one."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from cme_desktop.domain.emails import normalize_email
from cme_desktop.domain.phones import normalize_phone
from cme_desktop.errors import InputError
from cme_desktop.services.people.profile_input import (
    BoardEntry,
    EmailEntry,
    LicenseEntry,
    PhoneEntry,
    ProfileInput,
)

# Each field and the other headings that mean it (matched whatever their case, spacing or punctuation).
COLUMNS: dict[str, tuple[str, ...]] = {
    "first_name": ("first", "given name"),
    "middle_name": ("middle",),
    "last_name": ("last", "surname", "family name"),
    "suffix": (),
    "degree": ("credentials",),
    "netid": ("net id",),
    "email": ("e mail", "email address"),
    "phone": ("mobile", "cell", "phone number"),
    "npi": (),
    "nabp_eprofile_id": ("nabp e profile id", "nabp id", "eprofile id"),
    "birth_month": (),
    "birth_day": (),
    "birth_mmdd": ("mmdd", "dob mmdd"),
    "board": (),
    "board_id": (),
    "moc_permission": ("moc consent", "report to board"),
    "license_state": ("state of licensure",),
    "license_number": ("license id", "license"),
}
_YES = {"yes", "y", "true", "1", "x"}
_NO = {"no", "n", "false", "0"}
_SCALAR_CELLS = (
    "first_name",
    "middle_name",
    "last_name",
    "suffix",
    "degree",
    "netid",
    "npi",
    "nabp_eprofile_id",
)


def row_input(values: dict[str, str], existing: ProfileInput | None) -> tuple[ProfileInput, list[str]]:
    """The row's filled cells over the existing profile (empty cells keep what is stored), and the problems of
    the cells that are not profile fields as such (birthday, MOC permission)."""
    problems: list[str] = []
    base = existing or ProfileInput(first_name="", last_name="")
    scalars: dict[str, Any] = {k: values[k] for k in _SCALAR_CELLS if values.get(k)}
    if values.get("degree") and existing is not None:
        scalars["profession"] = None  # a new degree implies its profession again
    birthday = _birthday(values, problems)
    if birthday is not None:
        scalars["birth_month"], scalars["birth_day"] = birthday
    permission = values.get("moc_permission", "").lower()
    if permission:
        if permission in _YES | _NO:
            scalars["moc_permission"] = permission in _YES
        else:
            problems.append(f"MOC permission '{values['moc_permission']}' should be yes or no.")
    emails = base.emails
    if values.get("email"):
        try:
            address = normalize_email(values["email"])
        except InputError:
            address = values["email"]  # the profile check reports it
        if address not in {e.address for e in emails}:
            emails = (*emails, EmailEntry(values["email"], primary=not emails))
    phones = base.phones
    if values.get("phone"):
        phones = _unique_phones((*phones, PhoneEntry(values["phone"])))
    boards = base.board_ids
    if values.get("board") or values.get("board_id"):
        boards = (*boards, BoardEntry(values.get("board", ""), values.get("board_id", "")))
    licenses = base.licenses
    if values.get("license_state") or values.get("license_number"):
        licenses = (
            *licenses,
            LicenseEntry(values.get("license_state", ""), values.get("license_number", "")),
        )
    if existing is None:  # a new profile: built once (`replace` costs a second construction per row)
        scalars.setdefault("first_name", "")
        scalars.setdefault("last_name", "")
        data = ProfileInput(**scalars, emails=emails, phones=phones, board_ids=boards, licenses=licenses)
    else:
        data = replace(base, **scalars, emails=emails, phones=phones, board_ids=boards, licenses=licenses)
    return data, problems


def _birthday(values: dict[str, str], problems: list[str]) -> tuple[int | None, int | None] | None:
    month, day = values.get("birth_month"), values.get("birth_day")
    mmdd = values.get("birth_mmdd", "").replace("/", "").replace("-", "")
    if mmdd:
        if not (mmdd.isdigit() and len(mmdd) == 4):
            problems.append(f"The birth MMDD '{values['birth_mmdd']}' should be four digits, like 0302.")
            return None
        month, day = mmdd[:2], mmdd[2:]
    if not (month or day):
        return None
    if not ((month or "").isdigit() and (day or "").isdigit()):
        problems.append("The birth month and day should be numbers, like 3 and 2.")
        return None
    return int(month or 0) or None, int(day or 0) or None


def _unique_phones(phones: tuple[PhoneEntry, ...]) -> tuple[PhoneEntry, ...]:
    seen: dict[str, PhoneEntry] = {}
    for phone in phones:
        try:
            key = normalize_phone(phone.number)
        except ValueError:
            key = phone.number  # the profile check reports it
        seen.setdefault(key, phone)
    return tuple(seen.values())
