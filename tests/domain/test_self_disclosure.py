"""The form faculty and planners fill in themselves (DOMAIN.md, "Disclosure"): the past 24 months, the nature of
each relationship, a refusal means they cannot take part, and owners and employees of an ineligible company are
asked about explicitly (the exclusion)."""

from __future__ import annotations

from datetime import date

import pytest

from cme_desktop.domain.self_disclosure import (
    DECLINE,
    NONE,
    SOME,
    FormAnswers,
    FormProblems,
    RelationshipLine,
    check_answers,
)
from cme_desktop.domain.vocabulary import RelationshipNature

TODAY = date(2026, 11, 28)
CONSULTING = RelationshipLine("Acme Pharmaceuticals", "consultant", "ongoing", "03/01/2025", "")


def problems(answers: FormAnswers) -> tuple[str, ...]:
    with pytest.raises(FormProblems) as raised:
        check_answers(answers, TODAY)
    return raised.value.problems


def test_a_complete_form_with_an_ongoing_and_an_ended_relationship() -> None:
    ended = RelationshipLine("Beta Devices", "speaker", "ended", "2024-06-01", "6/1/2025")
    checked = check_answers(FormAnswers(SOME, "no", (CONSULTING, ended, RelationshipLine()), True), TODAY)
    assert not checked.refused and not checked.no_relationships and checked.owner_or_employee is False
    assert [(r.company, r.nature, r.started_on, r.ended_on) for r in checked.relationships] == [
        ("Acme Pharmaceuticals", RelationshipNature.CONSULTANT, date(2025, 3, 1), None),
        ("Beta Devices", RelationshipNature.SPEAKER, date(2024, 6, 1), date(2025, 6, 1)),
    ]


def test_every_problem_is_named_at_once_in_words_for_the_person() -> None:
    found = problems(
        FormAnswers(
            SOME,
            "",
            (
                RelationshipLine("", "consultant", "ongoing"),
                RelationshipLine("Gamma Pharma", "", "ended", "", "someday"),
            ),
        )
    )
    assert found == (
        "Answer the question whether you own or work for an ineligible company.",
        "Relationship 1: type the company's name.",
        "Relationship with Gamma Pharma: choose what kind of relationship it is.",
        "The end of the relationship with Gamma Pharma is not a date: type it as MM/DD/YYYY (or MM/YYYY), for "
        "example 03/15/2025.",
        "Tick the attestation that your disclosure is complete and accurate.",
    )


def test_only_the_past_24_months_are_disclosed() -> None:
    old = RelationshipLine("Acme Pharmaceuticals", "advisor", "ended", "", "11/27/2024")
    assert problems(FormAnswers(SOME, "no", (old,), True)) == (
        "Relationship with Acme Pharmaceuticals ended before Thursday, November 28, 2024, more than 24 months "
        "ago: leave it out.",
    )
    edge = RelationshipLine("Acme Pharmaceuticals", "advisor", "ended", "", "11/28/2024")
    assert check_answers(FormAnswers(SOME, "no", (edge,), True), TODAY).relationships[0].ended_on == date(
        2024, 11, 28
    )


def test_an_end_in_the_future_is_an_ongoing_relationship() -> None:
    later = RelationshipLine("Acme Pharmaceuticals", "advisor", "ended", "", "01/15/2027")
    assert "choose 'ongoing'" in problems(FormAnswers(SOME, "no", (later,), True))[0]


def test_none_to_disclose_cannot_list_relationships_or_an_employer() -> None:
    assert check_answers(FormAnswers(NONE, "no", (), True), TODAY).no_relationships
    assert problems(FormAnswers(NONE, "no", (CONSULTING,), True)) == (
        "You chose 'no financial relationships' but listed 1: remove it, or choose 'I have financial "
        "relationships to list'.",
    )
    assert problems(FormAnswers(NONE, "yes", (), True))[0].startswith(
        "You said you own or work for an ineligible company"
    )


def test_the_owner_or_employee_answer_must_agree_with_the_relationships() -> None:
    employed = RelationshipLine("Acme Pharmaceuticals", "employee", "ongoing")
    assert check_answers(FormAnswers(SOME, "yes", (employed,), True), TODAY).owner_or_employee is True
    assert problems(FormAnswers(SOME, "yes", (CONSULTING,), True)) == (
        "You said you own or work for an ineligible company: list that company with the nature 'Employee', "
        "'Executive role' or 'Ownership interest'.",
    )
    assert problems(FormAnswers(SOME, "no", (employed,), True)) == (
        "You list an ongoing employee relationship with Acme Pharmaceuticals: answer 'Yes' to the question "
        "whether you own or work for an ineligible company.",
    )
    # An employment that has ended is a past relationship, not a reason for exclusion.
    former = RelationshipLine("Acme Pharmaceuticals", "employee", "ended", "", "01/31/2026")
    assert check_answers(FormAnswers(SOME, "no", (former,), True), TODAY).relationships


def test_declining_needs_the_person_to_say_they_understand_and_then_lists_nothing() -> None:
    assert problems(FormAnswers(DECLINE)) == (
        "To decline, tick that you understand you then cannot plan or teach this education.",
    )
    checked = check_answers(FormAnswers(DECLINE, "", (CONSULTING,), decline_confirmed=True), TODAY)
    assert checked.refused and checked.relationships == ()


def test_a_form_without_an_answer_says_what_to_choose() -> None:
    assert problems(FormAnswers()) == (
        "Choose one: you have financial relationships to list, you have none in the past 24 months, or you "
        "decline to disclose.",
    )


def test_a_draft_survives_the_database_and_odd_content_becomes_blank() -> None:
    answers = FormAnswers(SOME, "no", (CONSULTING, RelationshipLine("x", "y", "z", "not a date")), True)
    assert FormAnswers.from_json(answers.as_json()) == answers
    odd = FormAnswers.from_json(
        {"answer": 3, "relationships": [{"company": ["a"]}, "junk"], "attested": "yes"}
    )
    assert odd == FormAnswers("", "", (RelationshipLine(),), False)


def test_a_month_alone_is_enough_for_when_a_relationship_began_or_ended() -> None:
    line = RelationshipLine("Acme Pharmaceuticals", "advisor", "ended", "March 2025", "02/2026")
    [rel] = check_answers(FormAnswers(SOME, "no", (line,), True), TODAY).relationships
    assert (rel.started_on, rel.ended_on) == (date(2025, 3, 1), date(2026, 2, 28))
