"""The Standard 3 form a faculty member or planner fills in themselves (DOMAIN.md, "Disclosure"): what they typed,
kept as typed for a draft, and the checks that turn it into a disclosure, each problem in a sentence addressed to
them.

They answer one of three ways: relationships to list, none in the past 24 months, or a refusal (then they cannot
take part). Whether they own, work for or hold an executive role at an ineligible company is asked on its own
(Standard 3's exclusion), and must agree with what they list.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from cme_desktop.domain.localtime import LocalTimeError, parse_date, say_day
from cme_desktop.domain.standard3 import (
    LOOKBACK_MONTHS,
    NATURE_LABELS,
    OWNER_OR_EMPLOYEE,
    Standard3Error,
    add_months,
)
from cme_desktop.domain.vocabulary import RelationshipNature

SOME, NONE, DECLINE = "some", "none", "decline"
ANSWERS = (SOME, NONE, DECLINE)
ONGOING, ENDED = "ongoing", "ended"
MAX_RELATIONSHIPS = 40
_MAX_TEXT = 200

INELIGIBLE_COMPANY = (
    "An ineligible company is one whose main business is making, marketing, selling, re-selling or "
    "distributing healthcare products used by or on patients: drug and device makers, for example. "
    "Hospitals, insurers, universities and government agencies are not ineligible companies."
)


class FormProblems(Standard3Error):
    """What keeps a form from being submitted: one sentence per problem, addressed to the person."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(problems[0] if len(problems) == 1 else f"{problems[0]} ({len(problems)} problems)")
        self.problems = tuple(problems)


@dataclass(frozen=True)
class RelationshipLine:
    """One relationship as typed: every field a string, so a draft keeps even a date that is not one yet."""

    company: str = ""
    nature: str = ""
    status: str = ""  # ongoing or ended
    started: str = ""
    ended: str = ""

    @property
    def blank(self) -> bool:
        return not any(
            part.strip() for part in (self.company, self.nature, self.status, self.started, self.ended)
        )


@dataclass(frozen=True)
class FormAnswers:
    answer: str = ""  # some, none or decline
    owner_or_employee: str = ""  # yes or no
    relationships: tuple[RelationshipLine, ...] = ()
    attested: bool = False
    decline_confirmed: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "answer": self.answer,
            "owner_or_employee": self.owner_or_employee,
            "relationships": [
                {
                    "company": r.company,
                    "nature": r.nature,
                    "status": r.status,
                    "started": r.started,
                    "ended": r.ended,
                }
                for r in self.relationships
            ],
            "attested": self.attested,
            "decline_confirmed": self.decline_confirmed,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> FormAnswers:
        """A stored draft, read defensively (anything unexpected becomes blank)."""

        def text(source: Mapping[str, Any], key: str) -> str:
            value = source.get(key, "")
            return value[:_MAX_TEXT] if isinstance(value, str) else ""

        lines = data.get("relationships", [])
        relationships = tuple(
            RelationshipLine(*(text(line, k) for k in ("company", "nature", "status", "started", "ended")))
            for line in (lines if isinstance(lines, list) else [])[:MAX_RELATIONSHIPS]
            if isinstance(line, Mapping)
        )
        return cls(
            text(data, "answer"),
            text(data, "owner_or_employee"),
            relationships,
            data.get("attested") is True,
            data.get("decline_confirmed") is True,
        )


@dataclass(frozen=True)
class CheckedRelationship:
    company: str
    nature: RelationshipNature
    started_on: date | None
    ended_on: date | None


@dataclass(frozen=True)
class CheckedDisclosure:
    """A form that can be submitted, as a disclosure of `today`."""

    refused: bool
    no_relationships: bool
    owner_or_employee: bool | None
    attested: bool
    relationships: tuple[CheckedRelationship, ...] = field(default_factory=tuple)


def nature_label(nature: RelationshipNature) -> str:
    return NATURE_LABELS[nature].capitalize()


def check_answers(answers: FormAnswers, today: date) -> CheckedDisclosure:
    """The disclosure the form says, or FormProblems listing everything to fix."""
    problems: list[str] = []
    listed = [line for line in answers.relationships if not line.blank]
    if answers.answer not in ANSWERS:
        raise FormProblems(
            [
                "Choose one: you have financial relationships to list, you have none in the past 24 months, "
                "or you decline to disclose."
            ]
        )
    if answers.answer == DECLINE:
        if not answers.decline_confirmed:
            raise FormProblems(
                ["To decline, tick that you understand you then cannot plan or teach this education."]
            )
        return CheckedDisclosure(refused=True, no_relationships=False, owner_or_employee=None, attested=False)
    owner = {"yes": True, "no": False}.get(answers.owner_or_employee)
    if owner is None:
        problems.append("Answer the question whether you own or work for an ineligible company.")
    checked: list[CheckedRelationship] = []
    if answers.answer == NONE:
        if listed:
            problems.append(
                f"You chose 'no financial relationships' but listed {len(listed)}: remove "
                f"{'it' if len(listed) == 1 else 'them'}, or choose 'I have financial relationships to list'."
            )
        if owner:
            problems.append(
                "You said you own or work for an ineligible company: choose 'I have financial relationships "
                "to list' and list that company."
            )
    else:
        if not listed:
            problems.append(
                "List each financial relationship, or choose 'I have no financial relationships with "
                "ineligible companies in the past 24 months'."
            )
        if len(listed) > MAX_RELATIONSHIPS:
            problems.append(f"List at most {MAX_RELATIONSHIPS} relationships; ask the office to add more.")
        for number, line in enumerate(listed[:MAX_RELATIONSHIPS], start=1):
            rel = _check_line(number, line, today, problems)
            if rel is not None:
                checked.append(rel)
        current_duty = [r for r in checked if r.nature in OWNER_OR_EMPLOYEE and r.ended_on is None]
        if owner and not any(r.nature in OWNER_OR_EMPLOYEE for r in checked) and len(checked) == len(listed):
            problems.append(
                "You said you own or work for an ineligible company: list that company with the nature "
                "'Employee', 'Executive role' or 'Ownership interest'."
            )
        if owner is False:
            for rel in current_duty:
                if rel.nature is not RelationshipNature.OWNERSHIP:
                    problems.append(
                        f"You list an ongoing {NATURE_LABELS[rel.nature]} relationship with {rel.company}: "
                        "answer 'Yes' to the question whether you own or work for an ineligible company."
                    )
    if not answers.attested:
        problems.append("Tick the attestation that your disclosure is complete and accurate.")
    if problems:
        raise FormProblems(problems)
    return CheckedDisclosure(
        refused=False,
        no_relationships=answers.answer == NONE,
        owner_or_employee=owner,
        attested=True,
        relationships=tuple(checked),
    )


def _check_line(
    number: int, line: RelationshipLine, today: date, problems: list[str]
) -> CheckedRelationship | None:
    company = " ".join(line.company.split())
    name = company or f"relationship {number}"
    before = len(problems)
    if not company:
        problems.append(f"Relationship {number}: type the company's name.")
    elif len(company) > _MAX_TEXT:
        problems.append(f"Relationship {number}: the company's name is too long.")
    try:
        nature: RelationshipNature | None = RelationshipNature(line.nature)
    except ValueError:
        nature = None
        problems.append(f"Relationship with {name}: choose what kind of relationship it is.")
    started = _date(line.started, f"The start of the relationship with {name}", problems)
    ended: date | None = None
    earliest = add_months(today, -LOOKBACK_MONTHS)
    if line.status == ENDED:
        ended = _date(line.ended, f"The end of the relationship with {name}", problems, end=True)
        if ended is None and not line.ended.strip():
            problems.append(f"Relationship with {name}: give the day it ended, or choose 'ongoing'.")
        elif ended is not None and ended > today:
            problems.append(
                f"Relationship with {name}: an end date in the future means it is still ongoing; choose "
                "'ongoing'."
            )
        elif ended is not None and ended < earliest:
            problems.append(
                f"Relationship with {name} ended before {say_day(earliest)}, more than 24 months ago: "
                "leave it out."
            )
    elif line.status != ONGOING:
        problems.append(f"Relationship with {name}: say whether it is ongoing or has ended.")
    if started is not None and started > today:
        problems.append(f"Relationship with {name}: it cannot start after today.")
    if started is not None and ended is not None and ended < started:
        problems.append(f"Relationship with {name}: it ends before it starts; check the dates.")
    if len(problems) > before or nature is None:
        return None
    return CheckedRelationship(company, nature, started, ended)


def typed_day(text: str, end: bool = False) -> date:
    """A day as typed, or a month alone (03/2025, March 2025: its first day, or its last with `end`), since people
    often know only the month a relationship began or ended. LocalTimeError when it is neither."""
    cleaned = " ".join(text.replace(",", " ").split())
    month = year = 0
    if match := re.fullmatch(r"(\d{1,2})\s*[/-]\s*(\d{4})", cleaned):
        month, year = int(match[1]), int(match[2])
    elif match := re.fullmatch(r"([A-Za-z]{3,})\.? (\d{4})", cleaned):
        month = next((i for i, name in enumerate(_MONTHS, 1) if name.startswith(match[1].lower())), 0)
        year = int(match[2])
    if 1 <= month <= 12 and 1900 <= year <= 2999:
        return date(year, month, calendar.monthrange(year, month)[1] if end else 1)
    return parse_date(text)


_MONTHS = tuple(calendar.month_name[i].lower() for i in range(1, 13))


def _date(text: str, what: str, problems: list[str], end: bool = False) -> date | None:
    if not text.strip():
        return None
    try:
        return typed_day(text, end)
    except LocalTimeError:
        problems.append(f"{what} is not a date: type it as MM/DD/YYYY (or MM/YYYY), for example 03/15/2025.")
        return None
