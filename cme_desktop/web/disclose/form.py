"""The disclosure form's fields, read into what the person typed (`FormAnswers`), and what its template shows."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from cme_desktop.domain.self_disclosure import MAX_RELATIONSHIPS, FormAnswers, RelationshipLine, nature_label
from cme_desktop.domain.vocabulary import RelationshipNature

_ROW = re.compile(r"rel-(\d{1,2})-(company|nature|status|started|ended)")
NATURES = tuple((n.value, nature_label(n)) for n in RelationshipNature)


def read_answers(form: Mapping[str, str]) -> FormAnswers:
    """The form as sent: each relationship row in order (a row of blanks is kept while the person edits)."""
    rows: dict[int, dict[str, str]] = {}
    for name, value in form.items():
        if match := _ROW.fullmatch(name):
            rows.setdefault(int(match[1]), {})[match[2]] = value.strip()[:200]
    lines = tuple(RelationshipLine(**rows[i]) for i in sorted(rows)[:MAX_RELATIONSHIPS])
    return FormAnswers(
        answer=form.get("answer", "")[:10],
        owner_or_employee=form.get("owner_or_employee", "")[:3],
        relationships=lines,
        attested=form.get("attest") == "yes",
        decline_confirmed=form.get("decline_confirm") == "yes",
    )


def with_row_added(answers: FormAnswers) -> FormAnswers:
    if len(answers.relationships) >= MAX_RELATIONSHIPS:
        return answers
    return replace(answers, relationships=(*answers.relationships, RelationshipLine()))


def with_row_removed(answers: FormAnswers, index: int) -> FormAnswers:
    lines = answers.relationships
    return replace(answers, relationships=lines[:index] + lines[index + 1 :])


@dataclass(frozen=True)
class Row:
    index: int
    line: RelationshipLine


def rows(answers: FormAnswers) -> tuple[Row, ...]:
    """The relationship rows to show: those typed, or one to start with."""
    lines = answers.relationships or (RelationshipLine(),)
    return tuple(Row(i, line) for i, line in enumerate(lines))
