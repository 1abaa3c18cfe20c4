"""Standard 3 through the services (DOMAIN.md, "Disclosure"), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from cme_desktop.domain.standard3 import DisclosureStatus, RelationshipState, ReviewState, Standard3Error
from cme_desktop.domain.vocabulary import ExclusionException, Mitigation, RelationshipNature, RoleInActivity
from cme_desktop.services import audit
from cme_desktop.services.context import Actor, Context
from cme_desktop.services.office.settings import update_settings
from cme_desktop.services.standard3.disclosures import (
    DisclosureInput,
    RelationshipInput,
    activities_standard3,
    activity_standard3,
    add_company,
    assign_role,
    companies,
    dashboard,
    enter_disclosure,
    judge_relationship,
    learner_disclosure,
    person_disclosures,
    review_board,
    revise_disclosure,
    update_company,
)
from cme_desktop.store.disclosures import Disclosure
from tests.services.standard3_factory import add_activity, add_person

FIRST = datetime(2026, 12, 3, 17, 0, tzinfo=UTC)  # Thursday noon in Charleston, after the frozen NOW
CONSULTING = RelationshipInput("Acme Pharmaceuticals", RelationshipNature.CONSULTANT, date(2025, 3, 1))
SPEAKING = RelationshipInput("Beta Devices", RelationshipNature.SPEAKER, date(2024, 6, 1), date(2025, 6, 1))


def none_to_disclose(person_id: int, on: date = date(2026, 10, 1)) -> DisclosureInput:
    return DisclosureInput(person_id, on, attested=True, no_relationships=True)


def with_relationships(
    person_id: int, *rels: RelationshipInput, on: date = date(2026, 10, 1)
) -> DisclosureInput:
    return DisclosureInput(person_id, on, attested=True, relationships=rels)


@pytest.fixture
def rounds(ctx: Context) -> tuple[int, int, int]:
    """Medicine Grand Rounds with a planner (no relationships yet) and a faculty member; nobody has disclosed."""
    activity = add_activity(ctx, "Medicine Grand Rounds", FIRST, FIRST + timedelta(days=7))
    planner = add_person(ctx, "Sam", "Roe", email="sam.roe@musc.edu")
    faculty = add_person(ctx, "Ann", "Lee", email="ann.lee@musc.edu")
    assign_role(ctx, activity, planner, RoleInActivity.PLANNER)
    assign_role(ctx, activity, faculty, RoleInActivity.FACULTY)
    return activity, planner, faculty


def disclosure_count(ctx: Context) -> int:
    with ctx.db.transaction() as session:
        return session.scalar(select(func.count()).select_from(Disclosure)) or 0


def test_the_office_keeps_a_list_of_ineligible_companies(ctx: Context) -> None:
    add_company(ctx, "Zeta Medical")
    acme = add_company(ctx, "  Acme   Pharmaceuticals ")
    assert [c.name for c in companies(ctx)] == ["Acme Pharmaceuticals", "Zeta Medical"]
    with pytest.raises(Standard3Error, match="already on the list"):
        add_company(ctx, "acme pharmaceuticals")
    update_company(ctx, acme.id, "Acme Pharmaceuticals", active=False)
    assert [c.name for c in companies(ctx)] == ["Zeta Medical"]
    assert audit.history(ctx, "ineligible_company")[0].action == "company.update"


def test_a_disclosure_is_current_for_the_office_validity_and_adds_new_companies(ctx: Context) -> None:
    person = add_person(ctx, "Ann", "Lee")
    row = enter_disclosure(ctx, with_relationships(person, CONSULTING, on=date(2026, 1, 15)))
    assert (row.status, row.valid_until) == (DisclosureStatus.CURRENT, date(2027, 1, 14))
    assert row.relationships[0].company == "Acme Pharmaceuticals"
    assert "Acme Pharmaceuticals" in [c.name for c in companies(ctx)]
    update_settings(ctx, {"disclosure_valid_months": 6})
    old = enter_disclosure(ctx, none_to_disclose(person, on=date(2026, 3, 1)))
    assert (old.status, old.valid_until) == (DisclosureStatus.EXPIRED, date(2026, 8, 31))
    assert [d.id for d in person_disclosures(ctx, person)] == [old.id, row.id]


def test_a_disclosure_that_says_nothing_is_refused_and_nothing_is_saved(ctx: Context) -> None:
    person = add_person(ctx, "Ann", "Lee")
    with pytest.raises(Standard3Error, match="Add each financial relationship"):
        enter_disclosure(ctx, DisclosureInput(person, date(2026, 10, 1)))
    with pytest.raises(Standard3Error, match="ends before it starts"):
        backwards = RelationshipInput("Acme", RelationshipNature.ADVISOR, date(2026, 5, 1), date(2026, 1, 1))
        enter_disclosure(ctx, with_relationships(person, backwards))
    assert disclosure_count(ctx) == 0
    assert companies(ctx) == []


def test_a_stale_revision_is_refused_with_who_and_when(ctx: Context) -> None:
    person = add_person(ctx, "Ann", "Lee")
    row = enter_disclosure(ctx, with_relationships(person, CONSULTING))
    other = Context(
        ctx.db, clock=lambda: ctx.clock() + timedelta(minutes=5), actor=Actor("jdoe", "office-pc")
    )
    revised = revise_disclosure(other, row.id, row.version, with_relationships(person, CONSULTING, SPEAKING))
    assert revised.version == row.version + 1
    with pytest.raises(
        Standard3Error, match=r"changed by jdoe at 11:05 AM on Saturday, November 28, 2026: reload"
    ):
        revise_disclosure(ctx, row.id, row.version, none_to_disclose(person))
    assert len(person_disclosures(ctx, person)[0].relationships) == 2


def test_the_review_walks_from_missing_to_complete_and_each_decision_is_audited(
    ctx: Context, rounds: tuple[int, int, int]
) -> None:
    activity, planner, faculty = rounds
    assert activity_standard3(ctx, activity).state is ReviewState.MISSING
    enter_disclosure(ctx, none_to_disclose(planner))
    enter_disclosure(ctx, with_relationships(faculty, CONSULTING, SPEAKING))
    board = review_board(ctx, activity)
    lee = next(p for p in board.people if p.name == "Ann Lee, MD")
    assert board.state is ReviewState.NEEDS_REVIEW
    assert [m for m, _ in lee.mitigation_choices] == [
        Mitigation.DIVEST,
        Mitigation.PEER_REVIEW,
        Mitigation.ATTEST,
        Mitigation.OTHER,
    ]
    consulting, speaking = lee.relationships
    board = judge_relationship(ctx, activity, speaking.id, relevant=False)
    board = judge_relationship(ctx, activity, consulting.id, relevant=True)
    assert board.state is ReviewState.NEEDS_MITIGATION
    decided = next(r for p in board.people for r in p.relationships if r.id == consulting.id).decided_at
    board = judge_relationship(
        ctx,
        activity,
        consulting.id,
        True,
        Mitigation.PEER_REVIEW,
        "Slides reviewed by Dr. Tran.",
        loaded_decided_at=decided,
    )
    assert board.state is ReviewState.COMPLETE
    relationship = next(r for p in board.people for r in p.relationships if r.id == consulting.id)
    assert (relationship.state, relationship.mitigation_label) == (
        RelationshipState.MITIGATED,
        "Peer review of content",
    )
    assert (relationship.decided_by, relationship.decided_at) == ("coordinator", ctx.clock())
    entries = [e for e in audit.history(ctx, "relationship_review") if e.action == "disclosure_review.judge"]
    assert len(entries) == 3
    assert entries[0].before["mitigation"] is None and entries[0].after["mitigation"] == "peer_review"
    assert (entries[0].os_user, entries[0].machine) == ("coordinator", "test-laptop")


def test_the_statement_to_learners_names_relevant_relationships_only(
    ctx: Context, rounds: tuple[int, int, int]
) -> None:
    activity, planner, faculty = rounds
    enter_disclosure(ctx, none_to_disclose(planner))
    lee = enter_disclosure(ctx, with_relationships(faculty, CONSULTING, SPEAKING))
    draft = learner_disclosure(ctx, activity)
    assert not draft.ready and draft.problems == (
        "Ann Lee, MD has relationships not yet judged for relevance.",
    )
    consulting, speaking = lee.relationships
    judge_relationship(ctx, activity, consulting.id, True, Mitigation.ATTEST)
    judge_relationship(ctx, activity, speaking.id, False)
    statement = learner_disclosure(ctx, activity)
    assert statement.ready
    assert statement.lines == (
        "The following planners and faculty have relevant financial relationships with ineligible companies:",
        "Ann Lee, MD (faculty): Acme Pharmaceuticals (consultant).",
        "All relevant financial relationships listed for these individuals have been mitigated.",
        "The following planners and faculty have no relevant financial relationships with ineligible companies:"
        " Sam Roe, MD (planner).",
    )
    assert "Beta Devices" not in statement.text


def test_when_no_one_has_relationships_learners_are_told_so(
    ctx: Context, rounds: tuple[int, int, int]
) -> None:
    activity, planner, faculty = rounds
    enter_disclosure(ctx, none_to_disclose(planner))
    enter_disclosure(ctx, none_to_disclose(faculty))
    statement = learner_disclosure(ctx, activity)
    assert statement.ready
    assert statement.lines[0] == (
        "None of the planners and faculty for this activity have relevant financial relationships with ineligible"
        " companies."
    )


def test_a_mitigation_must_fit_the_role_and_a_refused_one_saves_nothing(
    ctx: Context, rounds: tuple[int, int, int]
) -> None:
    activity, planner, _ = rounds
    row = enter_disclosure(ctx, with_relationships(planner, CONSULTING))
    with pytest.raises(Standard3Error, match="is not a mitigation for a planner"):
        judge_relationship(ctx, activity, row.relationships[0].id, True, Mitigation.ATTEST)
    assert audit.history(ctx, "relationship_review") == []
    sam = next(p for p in review_board(ctx, activity).people if p.person_id == planner)
    assert sam.relationships[0].state is RelationshipState.NEEDS_REVIEW


def test_a_decision_saved_meanwhile_by_someone_else_is_not_overwritten(
    ctx: Context, rounds: tuple[int, int, int]
) -> None:
    activity, planner, _ = rounds
    rel = enter_disclosure(ctx, with_relationships(planner, CONSULTING)).relationships[0]
    other = Context(ctx.db, clock=ctx.clock, actor=Actor("jdoe", "office-pc"))
    judge_relationship(other, activity, rel.id, relevant=False)
    with pytest.raises(Standard3Error, match="changed by jdoe at 11:00 AM"):
        judge_relationship(ctx, activity, rel.id, True, Mitigation.RECUSAL, loaded_decided_at=None)


def test_an_employee_is_flagged_until_an_exception_is_explained(
    ctx: Context, rounds: tuple[int, int, int]
) -> None:
    activity, _, faculty = rounds
    employee = RelationshipInput("Gamma Biologics", RelationshipNature.EMPLOYEE, date(2019, 1, 1))
    rel = enter_disclosure(ctx, with_relationships(faculty, employee)).relationships[0]
    assert "Ann Lee, MD owns or works for an ineligible company" in " ".join(
        activity_standard3(ctx, activity).problems
    )
    with pytest.raises(Standard3Error, match="Explain why"):
        judge_relationship(ctx, activity, rel.id, False, exception=ExclusionException.UNRELATED_CONTENT)
    board = judge_relationship(
        ctx,
        activity,
        rel.id,
        False,
        exception=ExclusionException.UNRELATED_CONTENT,
        exception_note="Teaches hospital billing; Gamma makes biologics.",
    )
    lee = next(p for p in board.people if p.person_id == faculty)
    assert lee.state is ReviewState.COMPLETE and lee.relationships[0].owner_or_employee


def test_revising_a_relationship_sends_it_back_to_review(ctx: Context, rounds: tuple[int, int, int]) -> None:
    activity, _, faculty = rounds
    row = enter_disclosure(ctx, with_relationships(faculty, CONSULTING))
    judge_relationship(ctx, activity, row.relationships[0].id, False)
    changed = RelationshipInput(
        "Acme Pharmaceuticals", RelationshipNature.ADVISOR, date(2025, 3, 1), id=row.relationships[0].id
    )
    revise_disclosure(ctx, row.id, row.version, with_relationships(faculty, changed))
    lee = next(p for p in review_board(ctx, activity).people if p.person_id == faculty)
    assert lee.relationships[0].state is RelationshipState.NEEDS_REVIEW


def test_refusing_to_disclose_blocks_the_role(ctx: Context, rounds: tuple[int, int, int]) -> None:
    activity, planner, faculty = rounds
    enter_disclosure(ctx, none_to_disclose(planner))
    enter_disclosure(ctx, DisclosureInput(faculty, date(2026, 11, 1), refused=True))
    state = activity_standard3(ctx, activity)
    assert state.state is ReviewState.REFUSED
    assert state.problems == ("Ann Lee, MD refused to disclose and cannot take part.",)
    assert not learner_disclosure(ctx, activity).ready


def test_mitigating_after_the_first_session_leaves_the_activity_incomplete(ctx: Context) -> None:
    started = ctx.clock() - timedelta(days=2)
    activity = add_activity(ctx, "Tumor Board", started)
    person = add_person(ctx, "Ann", "Lee")
    assign_role(ctx, activity, person, RoleInActivity.FACULTY)
    rel = enter_disclosure(ctx, with_relationships(person, CONSULTING)).relationships[0]
    judge_relationship(ctx, activity, rel.id, True, Mitigation.ATTEST)
    assert activity_standard3(ctx, activity).state is ReviewState.MITIGATED_LATE
    assert [a.title for a in activities_standard3(ctx)] == ["Tumor Board"]


def test_a_person_holds_each_role_once(ctx: Context, rounds: tuple[int, int, int]) -> None:
    activity, planner, _ = rounds
    with pytest.raises(Standard3Error, match="already has this role"):
        assign_role(ctx, activity, planner, RoleInActivity.PLANNER)
    assign_role(ctx, activity, planner, RoleInActivity.FACULTY)
    sam = next(p for p in review_board(ctx, activity).people if p.person_id == planner)
    assert sam.roles == (RoleInActivity.PLANNER, RoleInActivity.FACULTY)


def test_the_dashboard_lists_expiring_and_missing_disclosures_with_emails(
    ctx: Context, rounds: tuple[int, int, int]
) -> None:
    activity, planner, _ = rounds
    enter_disclosure(ctx, none_to_disclose(planner, on=date(2025, 12, 10)))  # current through 9 December
    later = add_person(ctx, "Raj", "Patel", email="raj.patel@musc.edu")
    enter_disclosure(ctx, none_to_disclose(later, on=date(2025, 12, 2)))  # through 1 December
    assign_role(ctx, activity, later, RoleInActivity.MODERATOR)
    board = dashboard(ctx)
    assert [(p.name, p.problem) for p in board.expiring] == [
        ("Raj Patel, MD", "expires in 3 days"),
        ("Sam Roe, MD", "expires in 11 days"),
    ]
    assert [(p.name, p.problem) for p in board.missing] == [
        ("Ann Lee, MD", "missing"),
        ("Raj Patel, MD", "expires before the session"),
        ("Sam Roe, MD", "expires before the session"),  # the 10 December session
    ]
    assert board.emails(board.missing) == "ann.lee@musc.edu; raj.patel@musc.edu; sam.roe@musc.edu"
    assert board.missing[0].activities == ("Medicine Grand Rounds",)
