"""The disclosure to learners (ACCME Standard 3, step 5; DOMAIN.md "Disclosure to learners"): names of the people
with relevant relationships, the companies' names only, the nature of each, and that all were mitigated; or that
none of the planners and faculty have relevant financial relationships."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cme_desktop.domain.standard3 import NATURE_LABELS, ROLE_LABELS
from cme_desktop.domain.vocabulary import RelationshipNature, RoleInActivity


@dataclass(frozen=True)
class StatementPerson:
    """A person as learners see them: name, roles, and their relevant (mitigated) relationships only."""

    name: str
    roles: tuple[RoleInActivity, ...]
    relevant: tuple[tuple[str, RelationshipNature], ...] = ()

    @property
    def heading(self) -> str:
        return f"{self.name} ({', '.join(ROLE_LABELS[r] for r in self.roles)})"

    def companies(self) -> list[tuple[str, list[str]]]:
        """Each company once, with the nature of each relationship with it, in the order disclosed."""
        grouped: dict[str, list[str]] = {}
        for company, nature in self.relevant:
            natures = grouped.setdefault(company, [])
            if NATURE_LABELS[nature] not in natures:
                natures.append(NATURE_LABELS[nature])
        return list(grouped.items())


WITH_RELATIONSHIPS = (
    "The following planners and faculty have relevant financial relationships with ineligible companies:"
)
ALL_MITIGATED = "All relevant financial relationships listed for these individuals have been mitigated."
OTHERS_HAVE_NONE = (
    "The following planners and faculty have no relevant financial relationships with ineligible companies:"
)
NONE_HAVE_ANY = (
    "None of the planners and faculty for this activity have relevant financial relationships with ineligible"
    " companies."
)
NO_ONE_ASSIGNED = "No planners or faculty have been recorded for this activity yet."
PENDING = "Disclosures not yet reviewed (this statement is a draft until they are):"


@dataclass(frozen=True)
class LearnerStatement:
    lines: tuple[str, ...]
    with_relationships: tuple[StatementPerson, ...]
    without: tuple[StatementPerson, ...]
    pending: tuple[StatementPerson, ...] = ()

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def learner_statement(
    people: Sequence[StatementPerson], pending: Sequence[StatementPerson] = ()
) -> LearnerStatement:
    """The disclosure to learners (step 5, DOMAIN.md): names with relevant relationships, company names, the
    nature of each and that all were mitigated; or that none of the planners and faculty have any. Relationships
    judged not relevant never reach this function's input, so learners never see them.

    `pending` are people whose review is not complete: a draft names them and never says that nobody has
    relevant relationships, since it is not yet known."""
    ordered = sorted(people, key=lambda p: p.name.lower())
    with_rel = tuple(p for p in ordered if p.relevant)
    without = tuple(p for p in ordered if not p.relevant)
    if pending:
        lines: list[str] = []
        if with_rel:
            lines.append(WITH_RELATIONSHIPS)
            lines += [_relationships_line(person) for person in with_rel]
            lines.append(ALL_MITIGATED)
        if without:
            lines.append(f"{OTHERS_HAVE_NONE} {'; '.join(p.heading for p in without)}.")
        waiting = tuple(sorted(pending, key=lambda p: p.name.lower()))
        lines.append(f"{PENDING} {'; '.join(p.heading for p in waiting)}.")
        return LearnerStatement(tuple(lines), with_rel, without, waiting)
    if not ordered:
        return LearnerStatement((NO_ONE_ASSIGNED,), (), ())
    if not with_rel:
        names = "; ".join(p.heading for p in without)
        return LearnerStatement((NONE_HAVE_ANY, f"Planners and faculty: {names}."), (), without)
    lines = [WITH_RELATIONSHIPS]
    lines += [_relationships_line(person) for person in with_rel]
    lines.append(ALL_MITIGATED)
    if without:
        lines.append(f"{OTHERS_HAVE_NONE} {'; '.join(p.heading for p in without)}.")
    return LearnerStatement(tuple(lines), with_rel, without)


def _relationships_line(person: StatementPerson) -> str:
    companies = "; ".join(f"{company} ({', '.join(natures)})" for company, natures in person.companies())
    return f"{person.heading}: {companies}."


def support_statement(sources: Sequence[tuple[str, bool]]) -> str | None:
    """Commercial support disclosed to learners (DOMAIN.md, "Commercial support (Standard 4)"): the names of the
    companies that gave it, and which support was in kind; None when there was none."""
    grants = list(dict.fromkeys(name for name, in_kind in sources if not in_kind))
    in_kind = list(dict.fromkeys(name for name, in_kind in sources if in_kind))
    parts = []
    if grants:
        parts.append(f"educational grants from {_and(grants)}")
    if in_kind:
        parts.append(f"in-kind support from {_and(in_kind)}")
    return f"This activity received commercial support: {' and '.join(parts)}." if parts else None


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
