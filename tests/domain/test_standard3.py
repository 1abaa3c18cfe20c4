"""ACCME Standard 3 rules (DOMAIN.md, "Disclosure: ACCME Standards for Integrity and Independence, Standard 3")."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from cme_desktop.domain.learner_statement import StatementPerson, learner_statement
from cme_desktop.domain.standard3 import (
    DisclosureFacts,
    DisclosureStatus,
    RelationshipFacts,
    RelationshipState,
    ReviewFacts,
    ReviewState,
    Standard3Error,
    activity_state,
    check_disclosure,
    check_review,
    disclosure_status,
    mitigation_choices,
    mitigation_label,
    person_verdict,
    valid_until,
)
from cme_desktop.domain.vocabulary import ExclusionException as Ex
from cme_desktop.domain.vocabulary import Mitigation as M
from cme_desktop.domain.vocabulary import RelationshipNature as N
from cme_desktop.domain.vocabulary import RoleInActivity as R

TODAY = date(2026, 11, 28)
FIRST_SESSION = datetime(2026, 12, 3, 17, 0, tzinfo=UTC)
BEFORE = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
AFTER = datetime(2026, 12, 3, 18, 0, tzinfo=UTC)

CONSULTANT = RelationshipFacts(1, "Acme Pharmaceuticals", N.CONSULTANT, date(2025, 1, 1), None)
SPEAKER = RelationshipFacts(2, "Beta Devices", N.SPEAKER, date(2024, 6, 1), date(2025, 6, 1))
EMPLOYEE = RelationshipFacts(3, "Gamma Biologics", N.EMPLOYEE, date(2020, 1, 1), None)


def disclosure(*relationships: RelationshipFacts, on: date = date(2026, 3, 1), refused: bool = False):  # type: ignore[no-untyped-def]
    return DisclosureFacts(on, valid_until(on), refused, not relationships and not refused, relationships)


# Collection: a disclosure is current for 12 months by default ("Peers keep a disclosure valid for 12 months").


def test_a_disclosure_is_current_for_twelve_months_then_expires() -> None:
    assert valid_until(date(2025, 11, 28)) == date(2026, 11, 27)
    d = disclosure(on=date(2025, 11, 28))
    assert disclosure_status(d, date(2026, 11, 27)) is DisclosureStatus.CURRENT
    assert disclosure_status(d, TODAY) is DisclosureStatus.EXPIRED


def test_validity_follows_the_office_setting_and_month_ends() -> None:
    assert valid_until(date(2024, 2, 29), 12) == date(2025, 2, 27)
    assert valid_until(date(2026, 1, 31), 1) == date(2026, 2, 27)
    assert valid_until(date(2026, 1, 15), 24) == date(2028, 1, 14)
    with pytest.raises(Standard3Error):
        valid_until(date(2026, 1, 15), 0)


def test_no_disclosure_is_missing_and_a_refusal_is_its_own_status() -> None:
    assert disclosure_status(None, TODAY) is DisclosureStatus.MISSING
    assert disclosure_status(disclosure(refused=True), TODAY) is DisclosureStatus.REFUSED


# The state machine per person per activity: missing, expired, refused, excluded, needs review, needs mitigation,
# complete.


def test_missing_and_expired_disclosures_come_first() -> None:
    assert person_verdict(None, {}, TODAY).state is ReviewState.MISSING
    old = disclosure(CONSULTANT, on=date(2025, 6, 1))
    relevant = {1: ReviewFacts(True, M.ATTEST, decided_at=BEFORE)}
    assert person_verdict(old, relevant, TODAY, FIRST_SESSION).state is ReviewState.EXPIRED


def test_anyone_who_refuses_to_disclose_cannot_take_part() -> None:
    verdict = person_verdict(disclosure(refused=True), {}, TODAY)
    assert verdict.state is ReviewState.REFUSED
    assert "cannot take part" in verdict.state.label


def test_no_relationships_is_complete_without_review() -> None:
    assert person_verdict(disclosure(), {}, TODAY, FIRST_SESSION).state is ReviewState.COMPLETE


def test_every_relationship_is_judged_then_relevant_ones_are_mitigated() -> None:
    d = disclosure(CONSULTANT, SPEAKER)
    assert person_verdict(d, {}, TODAY, FIRST_SESSION).state is ReviewState.NEEDS_REVIEW
    judged = {1: ReviewFacts(True, decided_at=BEFORE), 2: ReviewFacts(False, decided_at=BEFORE)}
    verdict = person_verdict(d, judged, TODAY, FIRST_SESSION)
    assert verdict.state is ReviewState.NEEDS_MITIGATION
    assert [j.state for j in verdict.relationships] == [
        RelationshipState.NEEDS_MITIGATION,
        RelationshipState.NOT_RELEVANT,
    ]
    mitigated = {**judged, 1: ReviewFacts(True, M.PEER_REVIEW, decided_at=BEFORE)}
    assert person_verdict(d, mitigated, TODAY, FIRST_SESSION).state is ReviewState.COMPLETE


def test_mitigation_after_the_first_session_is_not_complete() -> None:
    """DOMAIN.md step 4: mitigate each relevant one BEFORE the person takes the role."""
    late = {1: ReviewFacts(True, M.ATTEST, decided_at=AFTER)}
    verdict = person_verdict(disclosure(CONSULTANT), late, TODAY, FIRST_SESSION)
    assert verdict.state is ReviewState.MITIGATED_LATE
    assert activity_state([verdict]) is not ReviewState.COMPLETE


def test_owners_and_employees_are_flagged_for_exclusion_unless_an_exception_is_chosen() -> None:
    d = disclosure(EMPLOYEE)
    not_relevant = {3: ReviewFacts(False, decided_at=BEFORE)}
    assert person_verdict(d, {}, TODAY).state is ReviewState.EXCLUDED
    assert person_verdict(d, not_relevant, TODAY).state is ReviewState.EXCLUDED
    excepted = {
        3: ReviewFacts(
            False,
            exception=Ex.UNRELATED_CONTENT,
            exception_note="Teaches hospital billing.",
            decided_at=BEFORE,
        )
    }
    assert person_verdict(d, excepted, TODAY, FIRST_SESSION).state is ReviewState.COMPLETE


def test_a_past_employment_is_an_ordinary_relationship() -> None:
    former = RelationshipFacts(4, "Gamma Biologics", N.EMPLOYEE, date(2024, 1, 1), date(2025, 5, 1))
    assert person_verdict(disclosure(former), {}, TODAY).state is ReviewState.NEEDS_REVIEW


def test_the_activity_is_as_far_from_complete_as_its_furthest_person() -> None:
    complete = person_verdict(disclosure(), {}, TODAY)
    missing = person_verdict(None, {}, TODAY)
    assert activity_state([complete, complete]) is ReviewState.COMPLETE
    assert activity_state([complete, missing]) is ReviewState.MISSING
    assert activity_state([]) is ReviewState.UNASSIGNED


# Step 4: mitigation choices by role.


def test_planners_and_faculty_get_their_own_mitigations() -> None:
    assert mitigation_choices([R.PLANNER]) == (M.DIVEST, M.RECUSAL, M.PEER_REVIEW, M.OTHER)
    assert mitigation_choices([R.FACULTY]) == (M.DIVEST, M.PEER_REVIEW, M.ATTEST, M.OTHER)
    assert mitigation_label(M.PEER_REVIEW, [R.PLANNER]) == "Peer review of planning decisions"
    assert mitigation_label(M.PEER_REVIEW, [R.FACULTY]) == "Peer review of content"
    assert "evidence-based" in mitigation_label(M.ATTEST, [R.FACULTY])


def test_a_review_must_document_what_standard_3_asks() -> None:
    def check(rel=CONSULTANT, roles=(R.PLANNER,), relevant=True, m=None, note=None, ex=None, why=None):  # type: ignore[no-untyped-def]
        check_review(rel, roles, TODAY, relevant, m, note, ex, why)

    check(m=M.RECUSAL)
    with pytest.raises(Standard3Error, match="not a mitigation for a planner"):
        check(m=M.ATTEST)
    with pytest.raises(Standard3Error, match="Describe the other mitigation"):
        check(m=M.OTHER, note=" ")
    with pytest.raises(Standard3Error, match="only for owners and employees"):
        check(ex=Ex.BASIC_SCIENCE, why="Teaches statistics.")
    with pytest.raises(Standard3Error, match="Explain why"):
        check(rel=EMPLOYEE, ex=Ex.BASIC_SCIENCE)
    with pytest.raises(Standard3Error, match="needs no mitigation"):
        check(relevant=False, m=M.DIVEST)


def test_a_disclosure_says_either_none_or_each_relationship() -> None:
    check_disclosure(date(2026, 11, 1), TODAY, False, True, [])
    check_disclosure(date(2026, 11, 1), TODAY, False, False, [CONSULTANT])
    with pytest.raises(Standard3Error, match="Add each financial relationship"):
        check_disclosure(date(2026, 11, 1), TODAY, False, False, [])
    with pytest.raises(Standard3Error, match="not both"):
        check_disclosure(date(2026, 11, 1), TODAY, False, True, [CONSULTANT])
    with pytest.raises(Standard3Error, match="future"):
        check_disclosure(date(2026, 12, 1), TODAY, False, True, [])
    backwards = RelationshipFacts(0, "Acme", N.ADVISOR, date(2026, 5, 1), date(2026, 1, 1))
    with pytest.raises(Standard3Error, match="ends before it starts"):
        check_disclosure(date(2026, 11, 1), TODAY, False, False, [backwards])
    ancient = RelationshipFacts(0, "Acme", N.ADVISOR, date(2020, 5, 1), date(2023, 1, 1))
    with pytest.raises(Standard3Error, match="24 months"):
        check_disclosure(date(2026, 11, 1), TODAY, False, False, [ancient])


# Step 5: the disclosure to learners.


def test_the_statement_names_people_companies_and_natures_and_says_all_were_mitigated() -> None:
    statement = learner_statement(
        [
            StatementPerson("Sam Roe, MD", (R.PLANNER,)),
            StatementPerson(
                "Ann Lee, MD",
                (R.FACULTY,),
                (
                    ("Acme Pharmaceuticals", N.CONSULTANT),
                    ("Acme Pharmaceuticals", N.SPEAKER),
                    ("Beta Devices", N.ROYALTIES),
                ),
            ),
        ]
    )
    assert statement.lines == (
        "The following planners and faculty have relevant financial relationships with ineligible companies:",
        "Ann Lee, MD (faculty): Acme Pharmaceuticals (consultant, speaker); Beta Devices (royalties/patent beneficiary).",
        "All relevant financial relationships listed for these individuals have been mitigated.",
        "The following planners and faculty have no relevant financial relationships with ineligible companies:"
        " Sam Roe, MD (planner).",
    )


def test_when_nobody_has_relevant_relationships_the_statement_says_so_and_names_them() -> None:
    statement = learner_statement(
        [
            StatementPerson("Sam Roe, MD", (R.PLANNER, R.FACULTY)),
            StatementPerson("Ann Lee, PhD", (R.MODERATOR,)),
        ]
    )
    assert statement.text == (
        "None of the planners and faculty for this activity have relevant financial relationships with ineligible"
        " companies.\nPlanners and faculty: Ann Lee, PhD (moderator); Sam Roe, MD (planner, faculty)."
    )
    assert "mitigated" not in statement.text


def test_everyone_with_relevant_relationships_leaves_no_others_line() -> None:
    statement = learner_statement([StatementPerson("Ann Lee, MD", (R.FACULTY,), (("Acme", N.ADVISOR),))])
    assert (
        statement.lines[-1]
        == "All relevant financial relationships listed for these individuals have been mitigated."
    )
    assert not any("no relevant" in line for line in statement.lines)
