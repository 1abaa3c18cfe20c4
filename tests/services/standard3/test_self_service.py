"""A faculty member discloses for themselves (issue 18; DOMAIN.md, "Disclosure"): drafts, each submission a new
version with the earlier kept, a refusal that keeps them from taking part, companies typed that the office checks,
and the review board seeing what changed. On SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from cme_desktop.clock import frozen_clock
from cme_desktop.domain.self_disclosure import (
    DECLINE,
    NONE,
    SOME,
    FormAnswers,
    FormProblems,
    RelationshipLine,
)
from cme_desktop.domain.standard3 import DisclosureStatus, RelationshipState, ReviewState
from cme_desktop.domain.vocabulary import Mitigation, RoleInActivity
from cme_desktop.services import audit
from cme_desktop.services.context import Context
from cme_desktop.services.standard3.disclosures import (
    activity_standard3,
    add_company,
    assign_role,
    companies,
    confirm_company,
    judge_relationship,
    person_disclosures,
    review_board,
)
from cme_desktop.services.standard3.self_service import disclosure_form, save_draft, submit_disclosure
from tests.services.standard3_factory import add_activity, add_person

DAY_ONE = datetime(2026, 12, 8, 14, 0, tzinfo=UTC)
CONSULTING = RelationshipLine("Acme Pharmaceuticals", "consultant", "ongoing", "03/01/2025")
ADVISING = RelationshipLine("Zenith Biologics", "advisor", "ongoing")


@pytest.fixture
def course(ctx: Context) -> tuple[int, int]:
    activity = add_activity(ctx, "Cardiology Update", DAY_ONE)
    mehta = add_person(ctx, "Arjun", "Mehta", email="arjun.mehta@lowcountry.edu")
    assign_role(ctx, activity, mehta, RoleInActivity.FACULTY)
    add_company(ctx, "Acme Pharmaceuticals")
    return activity, mehta


def answers(*lines: RelationshipLine, answer: str = SOME, owner: str = "no") -> FormAnswers:
    return FormAnswers(answer, owner, lines, attested=True)


def later(ctx: Context, days: int) -> Context:
    return replace(ctx, clock=frozen_clock(ctx.clock() + timedelta(days=days)))


def test_a_blank_form_names_the_person_their_activity_and_the_pick_list(
    ctx: Context, course: tuple[int, int]
) -> None:
    _, mehta = course
    form = disclosure_form(ctx, mehta)
    assert (form.name, form.answers, form.history, form.current) == (
        "Arjun Mehta, MD",
        FormAnswers(),
        (),
        None,
    )
    assert form.companies == ("Acme Pharmaceuticals",)
    assert [(r.activity, r.roles, r.next_session_at) for r in form.roles] == [
        ("Cardiology Update", "faculty", DAY_ONE)
    ]


def test_a_draft_is_kept_as_typed_and_counts_for_nothing(ctx: Context, course: tuple[int, int]) -> None:
    activity, mehta = course
    typed = FormAnswers(
        SOME, "", (RelationshipLine("Acme Pharmaceuticals", "consultant", "ended", "", "not yet"),)
    )
    saved_at = save_draft(ctx, mehta, typed)
    form = disclosure_form(ctx, mehta)
    assert (form.answers, form.draft_saved_at) == (typed, saved_at)
    assert activity_standard3(ctx, activity).state is ReviewState.MISSING


def test_submitting_records_a_disclosure_from_the_portal_and_answers_for_the_review(
    ctx: Context, course: tuple[int, int]
) -> None:
    activity, mehta = course
    save_draft(ctx, mehta, answers(CONSULTING))
    done = submit_disclosure(ctx, mehta, answers(CONSULTING, ADVISING))
    assert (done.disclosed_on, done.valid_until, done.refused) == (
        date(2026, 11, 28),
        date(2027, 11, 27),
        False,
    )
    form = disclosure_form(ctx, mehta)
    assert form.draft_saved_at is None  # the draft went with the submission
    assert form.current is not None and form.current.from_portal
    assert form.current.summary == "Acme Pharmaceuticals (consultant); Zenith Biologics (advisor)"
    # The revision starts from what they disclosed; the attestation is given again.
    assert form.answers.relationships == (CONSULTING, ADVISING) and not form.answers.attested
    board = review_board(ctx, activity)
    [person] = board.people
    assert (person.from_portal, person.state, person.owner_or_employee) == (
        True,
        ReviewState.NEEDS_REVIEW,
        False,
    )
    zenith = next(r for r in person.relationships if r.company == "Zenith Biologics")
    assert zenith.company_needs_review and zenith.change == ""  # a first disclosure: nothing to compare
    [entry] = audit.history(ctx, "disclosure")
    assert (entry.action, entry.os_user) == ("disclosure.submit", "portal: Arjun Mehta, MD")


def test_a_company_typed_on_the_portal_waits_for_the_office_before_others_are_offered_it(
    ctx: Context, course: tuple[int, int]
) -> None:
    _, mehta = course
    submit_disclosure(
        ctx, mehta, answers(ADVISING, RelationshipLine("acme PHARMACEUTICALS", "speaker", "ongoing"))
    )
    listed = {c.name: c for c in companies(ctx)}
    assert listed["Zenith Biologics"].needs_review and not listed["Acme Pharmaceuticals"].needs_review
    assert "Zenith Biologics" not in disclosure_form(ctx, mehta).companies
    confirm_company(ctx, listed["Zenith Biologics"].id)
    assert "Zenith Biologics" in disclosure_form(ctx, mehta).companies
    assert audit.history(ctx, "ineligible_company")[0].action == "company.confirm"
    assert person_disclosures(ctx, mehta)[0].relationships[1].company == "Acme Pharmaceuticals"


def test_each_submission_is_a_new_version_and_the_board_highlights_what_changed(
    ctx: Context, course: tuple[int, int]
) -> None:
    activity, mehta = course
    first = submit_disclosure(ctx, mehta, answers(CONSULTING, ADVISING))
    board = review_board(ctx, activity)
    consulting = next(r for r in board.people[0].relationships if r.company == "Acme Pharmaceuticals")
    judge_relationship(ctx, activity, consulting.id, True, Mitigation.PEER_REVIEW, "Slides peer reviewed.")
    ended = RelationshipLine("Zenith Biologics", "advisor", "ended", "", "11/01/2026")
    new = RelationshipLine("Delta Devices", "speaker", "ongoing")
    second = submit_disclosure(later(ctx, 3), mehta, answers(CONSULTING, ended, new))
    assert second.disclosure_id != first.disclosure_id
    assert second.changes.lines == (
        "Changed: Zenith Biologics (advisor): Ended Nov 1, 2026; was ongoing.",
        "New: Delta Devices (speaker).",
    )
    history = person_disclosures(ctx, mehta)
    assert [d.id for d in history] == [second.disclosure_id, first.disclosure_id]
    [person] = review_board(later(ctx, 3), activity).people
    assert person.changes == second.changes.lines and person.previous_on == date(2026, 11, 28)
    states = {r.company: (r.change, r.state) for r in person.relationships}
    assert states == {
        # Unchanged: the reviewer's decision stands for the new version (audited as carried over).
        "Acme Pharmaceuticals": ("", RelationshipState.MITIGATED),
        "Zenith Biologics": ("Ended Nov 1, 2026; was ongoing", RelationshipState.NEEDS_REVIEW),
        "Delta Devices": ("New", RelationshipState.NEEDS_REVIEW),
    }
    carried = [
        e for e in audit.history(ctx, "relationship_review") if e.action == "disclosure_review.carry_over"
    ]
    assert len(carried) == 1 and carried[0].after["from_relationship_id"] == consulting.id


def test_declining_is_recorded_and_the_activity_shows_they_cannot_take_part(
    ctx: Context, course: tuple[int, int]
) -> None:
    activity, mehta = course
    with pytest.raises(FormProblems, match="To decline, tick"):
        submit_disclosure(ctx, mehta, FormAnswers(DECLINE))
    done = submit_disclosure(ctx, mehta, FormAnswers(DECLINE, decline_confirmed=True))
    assert done.refused
    summary = activity_standard3(ctx, activity)
    assert summary.state is ReviewState.REFUSED
    assert summary.problems == ("Arjun Mehta, MD refused to disclose and cannot take part.",)
    form = disclosure_form(ctx, mehta)
    assert form.history[0].status is DisclosureStatus.REFUSED and form.answers == FormAnswers()


def test_a_form_with_problems_saves_nothing(ctx: Context, course: tuple[int, int]) -> None:
    activity, mehta = course
    with pytest.raises(FormProblems) as raised:
        submit_disclosure(ctx, mehta, answers(CONSULTING, answer=NONE, owner="no"))
    assert raised.value.problems[0].startswith("You chose 'no financial relationships' but listed 1")
    assert person_disclosures(ctx, mehta) == [] and audit.history(ctx, "disclosure") == []
    assert activity_standard3(ctx, activity).state is ReviewState.MISSING
