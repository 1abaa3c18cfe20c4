"""The profile form as a learner fills it on the portal, read into the services' ProfileInput: the checks
themselves are services/people/profile_input.py's (the desktop's), so the portal and the desktop agree."""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from typing import Any

from cme_desktop.domain.pars import BOARDS
from cme_desktop.domain.vocabulary import Profession
from cme_desktop.errors import InputError
from cme_desktop.services.people.profile_input import (
    US_STATES,
    BoardEntry,
    LicenseEntry,
    PhoneEntry,
    ProfileInput,
    check,
)
from cme_desktop.services.people.profiles import Profile

ROWS_MAX = 5
PROFESSIONS = [(str(p), p.label) for p in Profession]
BOARD_CHOICES = [(code, f"{code} ({board.name})") for code, board in BOARDS.items()]
STATES = sorted(US_STATES)
MONTHS = [(number, calendar.month_name[number]) for number in range(1, 13)]


def _number(form: Mapping[str, str], name: str, label: str) -> int | None:
    text = form.get(name, "").strip()
    if not text:
        return None
    if not text.isdigit() or len(text) > 2:
        raise InputError(f"Choose the {label} from the list.")
    return int(text)


def _rows(form: Mapping[str, str], *names: str) -> list[tuple[str, ...]]:
    rows = []
    for index in range(1, ROWS_MAX + 1):
        values = tuple(form.get(f"{name}_{index}", "").strip() for name in names)
        if any(values):
            rows.append(values)
    return rows


def read_profile_form(form: Mapping[str, str]) -> ProfileInput:
    """The form's answers as a profile (emails and NetID are the sign-in's, added by the service)."""
    month = _number(form, "birth_month", "birth month")
    day = _number(form, "birth_day", "birth day")
    return ProfileInput(
        first_name=form.get("first_name", ""),
        middle_name=form.get("middle_name") or None,
        last_name=form.get("last_name", ""),
        suffix=form.get("suffix") or None,
        degree=form.get("degree") or None,
        profession=form.get("profession") or None,
        npi=form.get("npi") or None,
        nabp_eprofile_id=form.get("nabp_eprofile_id") or None,
        birth_month=month,
        birth_day=day,
        moc_permission=form.get("moc_permission") == "yes",
        phones=tuple(PhoneEntry(number) for (number,) in _rows(form, "phone")),
        board_ids=tuple(BoardEntry(board, number) for board, number in _rows(form, "board", "board_id")),
        licenses=tuple(
            LicenseEntry(state, number) for state, number in _rows(form, "license_state", "license_number")
        ),
    )


def problems(data: ProfileInput, has_sign_in: bool = True) -> list[str]:
    """Every problem with the form, in its order (the page lists them all at once)."""
    _, found = check(data if not has_sign_in else _with_placeholder_email(data))
    return found


def _with_placeholder_email(data: ProfileInput) -> ProfileInput:
    """The learner's address comes from signing in, not the form: checked here as if present."""
    from dataclasses import replace

    from cme_desktop.services.people.profile_input import EmailEntry

    return replace(data, emails=(EmailEntry("learner@example.org", True),))


def as_changes(data: ProfileInput) -> dict[str, Any]:
    """The corrections a learner may make, for services.portal.profiles.update_own_profile."""
    return {
        "first_name": data.first_name,
        "middle_name": data.middle_name,
        "last_name": data.last_name,
        "suffix": data.suffix,
        "degree": data.degree,
        "profession": data.profession,
        "npi": data.npi,
        "nabp_eprofile_id": data.nabp_eprofile_id,
        "birth_month": data.birth_month,
        "birth_day": data.birth_day,
        "moc_permission": data.moc_permission,
        "phones": [p.number for p in data.phones],
        "board_ids": list(data.board_ids),
        "licenses": list(data.licenses),
    }


def values_of(profile: Profile) -> dict[str, str]:
    """A stored profile as the form's fields."""
    from cme_desktop.domain.phones import display_phone

    values = {
        "first_name": profile.first_name,
        "middle_name": profile.middle_name or "",
        "last_name": profile.last_name,
        "suffix": profile.suffix or "",
        "degree": profile.degree or "",
        "profession": profile.profession,
        "npi": profile.npi or "",
        "nabp_eprofile_id": profile.nabp_eprofile_id or "",
        "birth_month": str(profile.birth_month or ""),
        "birth_day": str(profile.birth_day or ""),
        "moc_permission": "yes" if profile.moc_permission else "",
    }
    for index, phone in enumerate(profile.phones, start=1):
        values[f"phone_{index}"] = display_phone(phone.number)
    for index, board in enumerate(profile.board_ids, start=1):
        values[f"board_{index}"] = board.board
        values[f"board_id_{index}"] = board.board_id
    for index, license in enumerate(profile.licenses, start=1):
        values[f"license_state_{index}"] = license.state
        values[f"license_number_{index}"] = license.license_number
    return values


def row_counts(values: Mapping[str, str]) -> dict[str, int]:
    """How many rows of phones, board IDs and licenses the form shows: those filled in and one more."""

    def filled(prefix: str) -> int:
        return sum(1 for index in range(1, ROWS_MAX + 1) if values.get(f"{prefix}_{index}", "").strip())

    return {
        name: min(ROWS_MAX, filled(prefix) + 1)
        for name, prefix in (("phones", "phone"), ("boards", "board_id"), ("licenses", "license_number"))
    }


CHOICES = {
    "professions": PROFESSIONS,
    "boards": BOARD_CHOICES,
    "states": STATES,
    "months": MONTHS,
    "days": list(range(1, 32)),
}
