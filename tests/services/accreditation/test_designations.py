"""Who may designate what, and when (DOMAIN.md, "Credit": credit is designated in advance, never retroactively;
nursing contact hours only from an ANCC accredited or approved provider, pharmacy credit only from an ACPE
accredited one, IPCE only from a jointly accredited provider)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, time, timedelta

import pytest

from cme_desktop.clock import frozen_clock
from cme_desktop.domain.vocabulary import ActivityFormat, ClaimChannel, CreditType
from cme_desktop.services.activities.records import (
    ActivityError,
    ActivityInput,
    DesignationInput,
    create_activity,
    get_activity,
    update_activity,
)
from cme_desktop.services.activities.session_plan import SessionInput
from cme_desktop.services.activities.sessions import add_session
from cme_desktop.services.attendance.claims import ClaimRequest, record_claim
from cme_desktop.services.audit import history
from cme_desktop.services.context import Context
from cme_desktop.services.office.settings import update_settings
from tests.conftest import clear_accreditation
from tests.services.attendance_factory import add_person

ROUNDS = ActivityInput(
    title="Medicine Grand Rounds",
    format=ActivityFormat.RSS,
    designations=(DesignationInput(CreditType.AMA_PRA_1, "10"), DesignationInput(CreditType.NURSING, "10")),
)


def _with(*designations: DesignationInput, **changes: object) -> ActivityInput:
    return replace(ROUNDS, designations=designations, **changes)  # type: ignore[arg-type]


def test_an_office_without_an_accreditation_cannot_designate_its_credit(ctx: Context) -> None:
    clear_accreditation(ctx.db)
    with pytest.raises(ActivityError, match="AMA PRA Category 1 Credit needs accreditation by the ACCME"):
        create_activity(ctx, ROUNDS)
    update_settings(ctx, {"physician_accreditor": "ACCME"})
    with pytest.raises(ActivityError, match="Nursing contact hours need ANCC accreditation or approval"):
        create_activity(ctx, ROUNDS)
    made = create_activity(ctx, _with(DesignationInput(CreditType.AMA_PRA_1, "10")))
    assert [d.credit_type for d in made.designations] == [CreditType.AMA_PRA_1]


def test_only_a_jointly_accredited_office_may_designate_ipce(ctx: Context) -> None:
    with pytest.raises(ActivityError, match="Only a jointly accredited provider may designate IPCE credit"):
        create_activity(ctx, _with(DesignationInput(CreditType.IPCE, "10")))
    update_settings(ctx, {"jointly_accredited": True})
    assert create_activity(ctx, _with(DesignationInput(CreditType.IPCE, "10"))).designations


def _with_a_session(ctx: Context, day: date) -> int:
    activity = create_activity(ctx, ROUNDS)
    add_session(ctx, activity.id, SessionInput(day, time(12), time(13)))
    return activity.id


def test_designations_may_not_be_added_or_raised_once_the_first_session_started(ctx: Context) -> None:
    today = ctx.clock().astimezone().date()
    activity_id = _with_a_session(ctx, today - timedelta(days=7))
    version = get_activity(ctx, activity_id).version
    with pytest.raises(ActivityError, match="cannot be raised above 10 once the first session has started"):
        update_activity(
            ctx,
            activity_id,
            _with(DesignationInput(CreditType.AMA_PRA_1, "12"), DesignationInput(CreditType.NURSING, "10")),
            version,
        )
    with pytest.raises(
        ActivityError, match=re.escape("Pharmacy contact hours (ACPE) cannot be added once the first session")
    ):
        update_activity(
            ctx,
            activity_id,
            _with(
                *ROUNDS.designations,
                DesignationInput(CreditType.PHARMACY, "10", uan="0798-9999-26-001-L01-P"),
            ),
            version,
        )


def test_lowering_after_the_first_session_needs_a_reason_the_audit_log_keeps(ctx: Context) -> None:
    today = ctx.clock().astimezone().date()
    activity_id = _with_a_session(ctx, today - timedelta(days=7))
    version = get_activity(ctx, activity_id).version
    lowered = _with(DesignationInput(CreditType.AMA_PRA_1, "8"), DesignationInput(CreditType.NURSING, "10"))
    with pytest.raises(ActivityError, match="give a reason for lowering"):
        update_activity(ctx, activity_id, lowered, version)
    saved = update_activity(
        ctx, activity_id, replace(lowered, designation_reason="Two sessions were dropped"), version
    )
    assert {d.credit_type: d.max_quarters for d in saved.designations}[CreditType.AMA_PRA_1] == 32
    entry = history(ctx, "activity", activity_id)[0]
    assert entry.after is not None and entry.after["designation_reason"] == "Two sessions were dropped"


def test_before_the_first_session_a_designation_can_still_be_added(ctx: Context) -> None:
    today = ctx.clock().astimezone().date()
    activity_id = _with_a_session(ctx, today + timedelta(days=7))
    version = get_activity(ctx, activity_id).version
    saved = update_activity(
        ctx,
        activity_id,
        _with(
            *ROUNDS.designations, DesignationInput(CreditType.PHARMACY, "10", uan="0798-9999-26-001-L01-P")
        ),
        version,
    )
    assert CreditType.PHARMACY in {d.credit_type for d in saved.designations}


def test_a_claim_never_gets_a_credit_type_designated_after_its_session_started(ctx: Context) -> None:
    """A designation made by a coordinator whose clock says March for a session held in October (as happened
    when the designation was typed after the fact) gives that session's learners no such credit."""
    october = datetime(2026, 10, 7, 16, 0, tzinfo=ctx.clock().tzinfo)
    held = replace(ctx, clock=frozen_clock(october - timedelta(days=30)))
    activity = create_activity(held, _with(DesignationInput(CreditType.NURSING, "10")))
    add_session(held, activity.id, SessionInput(date(2026, 10, 7), time(11), time(12)))
    later = replace(ctx, clock=frozen_clock(october - timedelta(days=1)))
    # Added before the session, but (as a dishonest back-dated edit would be) stamped after it: nothing counts.
    from cme_desktop.store.activities import CreditDesignation

    with ctx.db.transaction() as session:
        session.add(
            CreditDesignation(
                activity_id=activity.id,
                credit_type=CreditType.AMA_PRA_1,
                max_quarters=40,
                designated_at=october + timedelta(days=150),
            )
        )
    doctor = add_person(later, "Jane", "Doe", "MD", "jane.doe@example.org")
    claim = record_claim(
        replace(ctx, clock=frozen_clock(october + timedelta(hours=1))),
        ClaimRequest(
            doctor,
            ClaimChannel.MANUAL,
            session_id=get_activity(ctx, activity.id).sessions[0].id,
            reason="Sign-in sheet",
        ),
    )
    assert claim.claim.credit_type == CreditType.PARTICIPATION
