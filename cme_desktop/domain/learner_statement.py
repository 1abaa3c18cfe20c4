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


@dataclass(frozen=True)
class LearnerStatement:
    lines: tuple[str, ...]
    with_relationships: tuple[StatementPerson, ...]
    without: tuple[StatementPerson, ...]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def learner_statement(people: Sequence[StatementPerson]) -> LearnerStatement:
    """The disclosure to learners (step 5, DOMAIN.md): names with relevant relationships, company names, the
    nature of each and that all were mitigated; or that none of the planners and faculty have any. Relationships
    judged not relevant never reach this function's input, so learners never see them."""
    ordered = sorted(people, key=lambda p: p.name.lower())
    with_rel = tuple(p for p in ordered if p.relevant)
    without = tuple(p for p in ordered if not p.relevant)
    if not ordered:
        return LearnerStatement((NO_ONE_ASSIGNED,), (), ())
    if not with_rel:
        names = "; ".join(p.heading for p in without)
        return LearnerStatement((NONE_HAVE_ANY, f"Planners and faculty: {names}."), (), without)
    lines = [WITH_RELATIONSHIPS]
    for person in with_rel:
        companies = "; ".join(f"{company} ({', '.join(natures)})" for company, natures in person.companies())
        lines.append(f"{person.heading}: {companies}.")
    lines.append(ALL_MITIGATED)
    if without:
        lines.append(f"{OTHERS_HAVE_NONE} {'; '.join(p.heading for p in without)}.")
    return LearnerStatement(tuple(lines), with_rel, without)
