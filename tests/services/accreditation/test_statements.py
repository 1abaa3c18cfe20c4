"""What each certificate may say (DOMAIN.md, "Credit"): the statement behind the learner's own credit, never an
accreditation the office has not declared, and nothing at all until the office has declared one."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from cme_desktop.domain.accreditation import AccreditationNeeded
from cme_desktop.domain.documentation import plain
from cme_desktop.domain.vocabulary import CreditType
from cme_desktop.services.certificates.issuing import Selection, due, issue
from cme_desktop.services.context import Context
from cme_desktop.services.office.settings import update_settings
from cme_desktop.store.activities import CreditDesignation
from cme_desktop.store.attendance import AttendanceClaim
from cme_desktop.store.people import Person
from tests.conftest import clear_accreditation
from tests.services.certificate_factory import PROVIDER, build_office

UAN = "0798-9999-26-001-L01-P"


def _statements(ctx: Context, session_id: int) -> dict[str, str]:
    result = issue(ctx, Selection(session_id=session_id))
    return {c.learner_name: " ".join(plain(s) for s in c.statements) for c in result.certificates}


def _make_pharmacist(ctx: Context, claim_id: int, activity_id: int) -> None:
    with ctx.db.transaction() as s:
        claim = s.get_one(AttendanceClaim, claim_id)
        claim.credit_type = CreditType.PHARMACY
        person = s.get_one(Person, claim.person_id)
        person.degree, person.profession = "PharmD", "pharmacist"
        s.add(
            CreditDesignation(
                activity_id=activity_id, credit_type=CreditType.PHARMACY, max_quarters=208, uan=UAN
            )
        )


def test_a_pharmacists_page_carries_the_acpe_statement_and_the_uan(ctx: Context) -> None:
    office = build_office(ctx)
    _make_pharmacist(ctx, office.other_claim, office.activity_id)
    pages = _statements(ctx, office.session_id)
    pharmacist = pages["Omar Haddad, PharmD"]
    assert (
        f"{PROVIDER} is accredited by the Accreditation Council for Pharmacy Education as a provider of continuing "
        "pharmacy education." in pharmacist
    )
    assert f"UAN {UAN}" in pharmacist
    assert "ACCME" not in pharmacist and "Nurses Credentialing" not in pharmacist


def test_an_office_without_acpe_accreditation_issues_no_pharmacy_credit(ctx: Context) -> None:
    office = build_office(ctx)
    _make_pharmacist(ctx, office.other_claim, office.activity_id)
    update_settings(ctx, {"acpe_accredited": False})
    listed = {d.learner: d for d in due(ctx, Selection(session_id=office.session_id))}
    assert listed["Haddad, Omar"].status == "cannot issue"
    assert "pharmacy credit needs ACPE accreditation" in (listed["Haddad, Omar"].problem or "")
    result = issue(ctx, Selection(session_id=office.session_id))
    assert sorted(c.learner_name for c in result.certificates) == ["Jane Smith, MD", "Maria Lopez, RN"]


def test_the_joint_accreditation_statement_only_for_a_jointly_accredited_office(ctx: Context) -> None:
    """An IPCE designation no longer makes any office claim Joint Accreditation: IPCE cannot be designated without
    it, and a page says it only when the office declared it."""
    office = build_office(ctx)
    pages = _statements(ctx, office.session_id)
    assert not any("jointly accredited" in text for text in pages.values())
    update_settings(ctx, {"jointly_accredited": True})
    pages = _statements(ctx, office.session_id)
    assert all(
        f"In support of improving patient care, {PROVIDER} is jointly accredited" in text
        for text in pages.values()
    )


def test_an_office_that_declared_nothing_prints_no_certificate_and_is_told_what_to_fill(ctx: Context) -> None:
    """A page headed "THE ACCREDITED PROVIDER" with no statement is never printed."""
    office = build_office(ctx)
    clear_accreditation(ctx.db)
    with pytest.raises(AccreditationNeeded) as refused:
        issue(ctx, Selection(session_id=office.session_id))
    assert str(refused.value) == (
        "Before printing certificates, fill in Settings › Office › Accreditation: the accredited provider's name "
        "and which accreditation the office holds."
    )
    with ctx.db.transaction() as s:
        assert s.scalars(select(AttendanceClaim)).all()  # nothing was lost by refusing


def test_a_per_session_designation_says_so(ctx: Context) -> None:
    office = build_office(ctx)
    with ctx.db.transaction() as s:
        ama = s.scalars(
            select(CreditDesignation).where(
                CreditDesignation.activity_id == office.activity_id,
                CreditDesignation.credit_type == CreditType.AMA_PRA_1,
            )
        ).one()
        ama.max_quarters, ama.per_session = 5, True
    physician = _statements(ctx, office.session_id)["Jane Smith, MD"]
    assert "for a maximum of 1.25 AMA PRA Category 1 Credits™ per session." in physician
