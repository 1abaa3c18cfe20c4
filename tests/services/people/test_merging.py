"""Duplicates and merging (issue 4): the finder's evidence, and a merge that loses nothing, combines two claims for
one session into one with the larger credit, keeps the merged-away id as an alias, and can be undone."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from cme_desktop.services.audit import history
from cme_desktop.services.context import Context
from cme_desktop.services.people.duplicates import dismiss_duplicate, find_duplicates
from cme_desktop.services.people.merge_undo import undo_merge
from cme_desktop.services.people.merging import merge_people, merge_preview
from cme_desktop.services.people.profile_input import EmailEntry, LicenseEntry, PhoneEntry, ProfileInput
from cme_desktop.services.people.profiles import Profile, create_profile, get_profile
from cme_desktop.services.people.search import search_people
from cme_desktop.store.activities import Activity, ActivitySession
from cme_desktop.store.attendance import AttendanceClaim, Certificate
from cme_desktop.store.disclosures import ActivityRole, Disclosure
from cme_desktop.store.people import PersonAlias


def _bob(ctx: Context) -> Profile:
    return create_profile(
        ctx,
        ProfileInput(
            "Bob",
            "Thompson",
            degree="MD",
            netid="bthomp",
            birth_month=3,
            birth_day=2,
            emails=(EmailEntry("bob.thompson@lowcountry.edu"),),
            phones=(PhoneEntry("843-555-0101", verified=True),),
            licenses=(LicenseEntry("SC", "12345"),),
            ssn_last4="1111",
        ),
    )


def _robert(ctx: Context) -> Profile:
    return create_profile(
        ctx,
        ProfileInput(
            "Robert",
            "Thomson",
            middle_name="A",
            degree="MD",
            npi="1234567893",
            birth_month=3,
            birth_day=2,
            emails=(EmailEntry("rthomson@example.org"),),
            phones=(PhoneEntry("843-555-0202"),),
            licenses=(LicenseEntry("SC", "12345"), LicenseEntry("GA", "777")),
        ),
        confirmed_new=True,
    )


def _sessions(ctx: Context, count: int) -> list[int]:
    now = ctx.clock()
    with ctx.db.transaction() as session:
        activity = Activity(title="Medicine Grand Rounds", format="rss", created_at=now)
        session.add(activity)
        session.flush()
        rows = [
            ActivitySession(
                activity_id=activity.id,
                starts_at=now - timedelta(days=7 * (i + 1)),
                ends_at=now - timedelta(days=7 * (i + 1)) + timedelta(hours=1),
                timezone="America/New_York",
                credit_quarters=4,
            )
            for i in range(count)
        ]
        session.add_all(rows)
        session.flush()
        return [r.id for r in rows] + [activity.id]


def _claim(
    ctx: Context, session_id: int, person_id: int, quarters: int, certificate: str | None = None
) -> int:
    with ctx.db.transaction() as session:
        claim = AttendanceClaim(
            session_id=session_id,
            person_id=person_id,
            channel="text",
            credit_type="ama_pra_1",
            credit_quarters=quarters,
            claimed_at=ctx.clock(),
            recorded_by="test",
            evidence={"phone": "+18435550101"},
        )
        session.add(claim)
        session.flush()
        if certificate:
            session.add(
                Certificate(
                    claim_id=claim.id,
                    verification_code=certificate,
                    credit_quarters=quarters,
                    issued_at=ctx.clock(),
                )
            )
        return claim.id


def _state(ctx: Context, person_id: int) -> dict[str, object]:
    with ctx.db.transaction() as session:
        claims = sorted(
            (c.session_id, c.credit_quarters)
            for c in session.scalars(select(AttendanceClaim).where(AttendanceClaim.person_id == person_id))
        )
        certificates = sorted(
            session.scalars(
                select(Certificate.verification_code)
                .join(AttendanceClaim)
                .where(AttendanceClaim.person_id == person_id)
            )
        )
        disclosures = session.scalar(select(func.count()).where(Disclosure.person_id == person_id))
        roles = session.scalar(select(func.count()).where(ActivityRole.person_id == person_id))
    return {"claims": claims, "certificates": certificates, "disclosures": disclosures, "roles": roles}


def test_the_finder_reports_similar_names_with_same_degree_and_birthday_and_same_ssn(ctx: Context) -> None:
    bob, robert = _bob(ctx), _robert(ctx)
    create_profile(
        ctx, ProfileInput("Roberta", "Thompson", degree="RN", birth_month=3, birth_day=2, netid="rt1")
    )
    pairs = find_duplicates(ctx)
    assert [(p.first.id, p.second.id) for p in pairs] == [(bob.id, robert.id)]
    assert pairs[0].evidence == (
        "Similar names (Bob Thompson / Robert Thomson), both MD, both born March 2.",
    )
    twin = create_profile(
        ctx,
        ProfileInput(
            "Zed",
            "THOMPSON",
            netid="zt",
            emails=(EmailEntry("Bob.Thompson+cme@lowcountry.edu"),),
            ssn_last4="1111",
        ),
        confirmed_new=True,
    )
    strongest = find_duplicates(ctx)[0]
    assert (strongest.first.id, strongest.second.id) == (bob.id, twin.id)
    assert strongest.evidence == (
        "Same last name and last-4 SSN.",
        "Same mailbox: bob.thompson@lowcountry.edu and bob.thompson+cme@lowcountry.edu.",
    )


def test_a_dismissed_pair_is_not_proposed_again(ctx: Context) -> None:
    bob, robert = _bob(ctx), _robert(ctx)
    dismiss_duplicate(ctx, robert.id, bob.id)
    assert find_duplicates(ctx) == []
    assert history(ctx, "person")[0].action == "person.duplicate_dismiss"


def test_merge_moves_everything_combines_claims_keeping_the_larger_credit_and_keeps_an_alias(
    ctx: Context,
) -> None:
    bob, robert = _bob(ctx), _robert(ctx)
    *sessions, activity_id = _sessions(ctx, 3)
    _claim(ctx, sessions[0], bob.id, 2, certificate="AAAA-BBBB-CCCC")  # both came to session 0
    _claim(ctx, sessions[0], robert.id, 4)
    _claim(ctx, sessions[1], robert.id, 4, certificate="DDDD-EEEE-FFFF")
    _claim(ctx, sessions[2], bob.id, 3)
    with ctx.db.transaction() as session:
        session.add(
            Disclosure(
                person_id=robert.id,
                disclosed_on=date(2026, 1, 5),
                valid_until=date(2027, 1, 5),
                recorded_at=ctx.clock(),
                recorded_by="test",
            )
        )
        session.add(ActivityRole(activity_id=activity_id, person_id=robert.id, role="faculty"))
    preview = merge_preview(ctx, bob.id, robert.id)
    assert (preview.claims_to_move, preview.claims_to_combine, preview.disclosures_to_move) == (1, 1, 1)
    assert {f.name: f.default_from_merged for f in preview.fields}["npi"] is True
    assert {f.name for f in preview.fields} >= {
        "first_name",
        "last_name",
        "middle_name",
        "npi",
        "netid",
        "ssn_last4_hash",
    }

    result = merge_people(
        ctx, bob.id, robert.id, take_from_merged=frozenset({"first_name", "npi", "middle_name"})
    )
    survivor = result.survivor
    assert (survivor.first_name, survivor.middle_name, survivor.last_name, survivor.npi, survivor.netid) == (
        "Robert",
        "A",
        "Thompson",
        "1234567893",
        "bthomp",
    )
    assert survivor.has_ssn_last4 and survivor.merged_ids == (robert.id,)
    assert [e.address for e in survivor.emails] == ["bob.thompson@lowcountry.edu", "rthomson@example.org"]
    assert [p.number for p in survivor.phones] == ["+18435550101", "+18435550202"]
    assert sorted((x.state, x.license_number) for x in survivor.licenses) == [("GA", "777"), ("SC", "12345")]
    assert _state(ctx, bob.id) == {
        "claims": sorted(
            [(sessions[0], 4), (sessions[1], 4), (sessions[2], 3)]
        ),  # session 0 once, larger credit
        "certificates": ["AAAA-BBBB-CCCC", "DDDD-EEEE-FFFF"],  # the printed certificate still verifies
        "disclosures": 1,
        "roles": 1,
    }
    assert (result.claims_moved, result.claims_combined) == (1, 1)
    assert get_profile(ctx, robert.id).id == bob.id  # the old id still leads to the survivor
    assert [p.id for p in search_people(ctx, str(robert.id))] == [bob.id]
    assert history(ctx, "person", bob.id)[0].action == "person.merge"
    with pytest.raises(ValueError, match="already merged into profile"):
        merge_people(ctx, bob.id, robert.id)


def test_a_merge_is_undone_from_its_audit_entry_and_nothing_is_lost(ctx: Context) -> None:
    bob, robert = _bob(ctx), _robert(ctx)
    *sessions, activity_id = _sessions(ctx, 2)
    _claim(ctx, sessions[0], bob.id, 2, certificate="AAAA-BBBB-CCCC")
    _claim(ctx, sessions[0], robert.id, 4, certificate="GGGG-HHHH-JJJJ")
    _claim(ctx, sessions[1], robert.id, 4)
    with ctx.db.transaction() as session:
        session.add(ActivityRole(activity_id=activity_id, person_id=bob.id, role="faculty"))
        session.add(ActivityRole(activity_id=activity_id, person_id=robert.id, role="faculty"))
    before = (
        _state(ctx, bob.id),
        _state(ctx, robert.id),
        get_profile(ctx, bob.id),
        get_profile(ctx, robert.id),
    )
    result = merge_people(
        ctx,
        bob.id,
        robert.id,
        take_from_merged=frozenset({"first_name"}),
        primary_email="rthomson@example.org",
    )
    assert _state(ctx, bob.id)["claims"] == sorted([(sessions[0], 4), (sessions[1], 4)])

    restored = undo_merge(ctx, result.audit_id)
    assert restored.id == robert.id
    after = (
        _state(ctx, bob.id),
        _state(ctx, robert.id),
        get_profile(ctx, bob.id),
        get_profile(ctx, robert.id),
    )
    assert after[0] == before[0] and after[1] == before[1]
    for old, new in ((before[2], after[2]), (before[3], after[3])):
        assert (
            new.first_name,
            new.npi,
            new.netid,
            new.emails,
            new.phones,
            new.licenses,
            new.has_ssn_last4,
        ) == (
            old.first_name,
            old.npi,
            old.netid,
            old.emails,
            old.phones,
            old.licenses,
            old.has_ssn_last4,
        )
    with ctx.db.transaction() as session:
        assert session.get(PersonAlias, robert.id) is None
    with pytest.raises(ValueError, match="already been undone"):
        undo_merge(ctx, result.audit_id)
    assert history(ctx, "person", robert.id)[0].action == "person.merge_undo"


def test_a_profile_cannot_be_merged_into_itself(ctx: Context) -> None:
    bob = _bob(ctx)
    with pytest.raises(ValueError, match="cannot be merged into itself"):
        merge_people(ctx, bob.id, bob.id)
