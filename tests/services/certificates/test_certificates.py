"""Certificates: who is due one, codes that survive a reprint, and verification (issue 7)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from cme_desktop.domain.verification import new_code, normalize
from cme_desktop.services.certificates.issuing import (
    Selection,
    due,
    issue,
    mark_revoked_for_claim,
)
from cme_desktop.services.certificates.verifying import verify
from cme_desktop.services.context import Context
from cme_desktop.store.activities import CreditDesignation
from cme_desktop.store.attendance import AttendanceClaim, Certificate
from cme_desktop.store.audit import AuditEntry
from tests.services.certificate_factory import build_office


def test_everyone_who_attended_is_due_a_certificate_until_it_is_issued(ctx: Context) -> None:
    office = build_office(ctx)
    listed = due(ctx, Selection(session_id=office.session_id))
    assert [(d.learner, d.credit_label, d.credits, d.status) for d in listed] == [
        ("Haddad, Omar", "Participation hours", "1.25", "new"),
        ("Lopez, Maria", "Nursing contact hours", "1.25", "new"),
        ("Smith, Jane", "AMA PRA Category 1 Credit™", "1.25", "new"),
    ]
    result = issue(ctx, Selection(session_id=office.session_id))
    assert result.new == 3
    after = due(ctx, Selection(session_id=office.session_id))
    assert {d.status for d in after} == {"issued"}
    assert {d.verification_code for d in after} == {c.verification_code for c in result.certificates}


def test_an_activity_or_a_date_range_selects_the_same_learners(ctx: Context) -> None:
    office = build_office(ctx)
    by_activity = due(ctx, Selection(activity_id=office.activity_id))
    by_days = due(ctx, Selection(first=date(2026, 11, 27), last=date(2026, 11, 27)))
    assert len(by_activity) == len(by_days) == 3
    assert due(ctx, Selection(first=date(2026, 11, 28), last=date(2026, 11, 30))) == []


def test_codes_are_unique_and_a_reprint_keeps_them(ctx: Context) -> None:
    office = build_office(ctx)
    first = issue(ctx, Selection(session_id=office.session_id))
    codes = [c.verification_code for c in first.certificates]
    assert len(set(codes)) == 3
    assert all(normalize(code) == code for code in codes)
    again = issue(ctx, Selection(session_id=office.session_id))
    assert [c.verification_code for c in again.certificates] == codes
    assert (again.new, again.reprinted, again.new_codes) == (0, 3, 0)


def test_changed_credits_get_a_new_code_and_the_old_paper_no_longer_verifies(ctx: Context) -> None:
    office = build_office(ctx)
    first = {
        c.learner_name: c.verification_code
        for c in issue(ctx, Selection(session_id=office.session_id)).certificates
    }
    with ctx.db.transaction() as s:
        s.get_one(AttendanceClaim, office.physician_claim).credit_quarters = 4
    assert [
        d.status for d in due(ctx, Selection(session_id=office.session_id)) if d.learner == "Smith, Jane"
    ] == ["credits changed"]
    second = {c.learner_name: c for c in issue(ctx, Selection(session_id=office.session_id)).certificates}
    jane = second["Jane Smith, MD"]
    assert jane.verification_code != first["Jane Smith, MD"]
    assert jane.award == "1 <i>AMA PRA Category 1 Credit</i>™"
    assert second["Maria Lopez, RN"].verification_code == first["Maria Lopez, RN"]
    assert verify(ctx, first["Jane Smith, MD"]).status == "unknown"
    assert verify(ctx, jane.verification_code).credits == "1 AMA PRA Category 1 Credit™"
    with ctx.db.transaction() as s:
        actions = list(s.scalars(select(AuditEntry.action)))
    assert "certificate.new_code" in actions


def test_verify_tells_valid_revoked_unknown_and_mistyped_codes_apart(ctx: Context) -> None:
    office = build_office(ctx)
    certs = {
        c.learner_name: c.verification_code
        for c in issue(ctx, Selection(session_id=office.session_id)).certificates
    }
    valid = verify(ctx, certs["Jane Smith, MD"].lower())
    assert valid.status == "valid" and valid.valid
    assert (valid.learner, valid.activity, valid.day) == (
        "Jane Smith, MD",
        "Medicine Grand Rounds",
        date(2026, 11, 27),
    )
    assert valid.credits == "1.25 AMA PRA Category 1 Credits™"
    assert "Valid" in valid.message

    with ctx.db.transaction() as s:
        s.get_one(AttendanceClaim, office.nurse_claim).revoked_at = ctx.clock()
    # Attendance revoked the claim without telling us: the certificate is revoked all the same.
    assert verify(ctx, certs["Maria Lopez, RN"]).status == "revoked"

    with ctx.db.transaction() as s:
        assert mark_revoked_for_claim(s, office.other_claim, ctx.clock()) == certs["Omar Haddad"]
        assert mark_revoked_for_claim(s, 999_999, ctx.clock()) is None

    unknown = verify(ctx, new_code())
    assert unknown.status == "unknown" and unknown.message.startswith("No such certificate")
    code = certs["Jane Smith, MD"]
    typo = code[:-1] + ("2" if code[-1] != "2" else "3")
    assert verify(ctx, typo).status == "malformed"


def test_revoked_claims_are_not_due_and_their_certificates_turn_revoked_at_the_next_batch(
    ctx: Context,
) -> None:
    office = build_office(ctx)
    issue(ctx, Selection(session_id=office.session_id))
    with ctx.db.transaction() as s:
        s.get_one(AttendanceClaim, office.nurse_claim).revoked_at = ctx.clock() - timedelta(hours=1)
    assert "Lopez, Maria" not in [d.learner for d in due(ctx, Selection(session_id=office.session_id))]
    issue(ctx, Selection(session_id=office.session_id))
    with ctx.db.transaction() as s:
        cert = s.scalars(select(Certificate).where(Certificate.claim_id == office.nurse_claim)).one()
        assert cert.revoked_at == ctx.clock()


def test_a_learner_whose_credit_is_not_designated_is_skipped_with_the_reason(ctx: Context) -> None:
    office = build_office(ctx)
    with ctx.db.transaction() as s:
        for d in s.scalars(select(CreditDesignation).where(CreditDesignation.credit_type == "nursing")):
            s.delete(d)
    listed = {d.learner: d for d in due(ctx, Selection(session_id=office.session_id))}
    assert listed["Lopez, Maria"].status == "cannot issue"
    result = issue(ctx, Selection(session_id=office.session_id))
    assert len(result.certificates) == 2
    assert result.skipped == ("Lopez, Maria: the activity has no Nursing contact hours designation.",)


def test_only_the_chosen_claims_are_issued(ctx: Context) -> None:
    office = build_office(ctx)
    result = issue(ctx, Selection(session_id=office.session_id), claim_ids=[office.physician_claim])
    assert [c.learner_name for c in result.certificates] == ["Jane Smith, MD"]


def test_revoking_attendance_revokes_its_certificate_in_the_same_step(ctx: Context) -> None:
    from cme_desktop.services.attendance.claims import revoke_claim

    office = build_office(ctx)
    certs = {
        c.learner_name: c.verification_code
        for c in issue(ctx, Selection(session_id=office.session_id)).certificates
    }
    revoke_claim(ctx, office.physician_claim, "Left after ten minutes")
    revoked = verify(ctx, certs["Jane Smith, MD"])
    assert revoked.status == "revoked" and revoked.revoked_at == ctx.clock()
    with ctx.db.transaction() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "attendance.revoke")).one()
    assert entry.after is not None and entry.after["certificate_revoked"] == certs["Jane Smith, MD"]


def test_a_revoked_certificate_shows_the_public_only_the_day_and_a_reinstated_one_is_valid_at_once(
    ctx: Context,
) -> None:
    """Issue 15, item 8: the coordinator's reason stayed on the verification page, and a reinstated claim's
    certificate kept verifying as revoked until someone reprinted it."""
    from cme_desktop.domain.vocabulary import ClaimChannel
    from cme_desktop.services.attendance.claims import ClaimOutcome, ClaimRequest, record_claim, revoke_claim

    office = build_office(ctx)
    code = {
        c.learner_name: c.verification_code
        for c in issue(ctx, Selection(session_id=office.session_id)).certificates
    }["Jane Smith, MD"]
    revoke_claim(ctx, office.physician_claim, "Left after ten minutes; told the front desk")
    revoked = verify(ctx, code)
    assert revoked.status == "revoked"
    assert revoked.message == "Revoked on November 28, 2026: this certificate is no longer valid."
    assert (revoked.learner, revoked.activity, revoked.credits, revoked.day) == (None, None, None, None)
    assert "ten minutes" not in repr(revoked) and "Smith" not in repr(revoked)

    with ctx.db.transaction() as s:
        claim = s.get_one(AttendanceClaim, office.physician_claim)
        session_id, person_id = claim.session_id, claim.person_id
    reinstated = record_claim(
        ctx,
        ClaimRequest(
            person_id, ClaimChannel.MANUAL, session_id=session_id, reason="Stayed; badge scan missed"
        ),
    )
    assert reinstated.outcome == ClaimOutcome.REINSTATED
    again = verify(ctx, code)
    assert again.status == "valid" and again.learner == "Jane Smith, MD"
    with ctx.db.transaction() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "attendance.reinstate")).one()
        assert (
            s.scalars(select(Certificate.revoked_at).where(Certificate.verification_code == code)).one()
            is None
        )
    assert entry.after is not None and entry.after["certificate_restored"] == code
