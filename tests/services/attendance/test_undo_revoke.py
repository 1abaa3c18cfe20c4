"""Edit › Undo after a revoke (issue 19, item 9): the claim and its certificate count again, audited both ways."""

from __future__ import annotations

import pytest

from cme_desktop.errors import InputError
from cme_desktop.services import audit
from cme_desktop.services.attendance.claims import revoke_claim, undo_revoke
from cme_desktop.services.attendance.queries import session_attendance
from cme_desktop.services.certificates.issuing import Selection, issue
from cme_desktop.services.certificates.verifying import verify
from cme_desktop.services.context import Context
from tests.services.certificate_factory import build_office


def test_undoing_a_revoke_restores_the_claim_and_its_certificate(ctx: Context) -> None:
    office = build_office(ctx)
    certs = {
        c.learner_name: c.verification_code
        for c in issue(ctx, Selection(session_id=office.session_id)).certificates
    }
    code = certs["Maria Lopez, RN"]
    revoke_claim(ctx, office.nurse_claim, "Clicked the wrong row")
    assert verify(ctx, code).status == "revoked"

    row = undo_revoke(ctx, office.nurse_claim)

    assert not row.revoked and row.revoked_reason is None
    assert verify(ctx, code).status == "valid"  # the paper the learner holds checks out again, no reprint
    active = {c.id for c in session_attendance(ctx, office.session_id).active}
    assert office.nurse_claim in active
    entries = audit.history(ctx, "attendance_claim", office.nurse_claim)
    assert [e.action for e in entries][:2] == ["attendance.undo_revoke", "attendance.revoke"]
    assert entries[0].before is not None and entries[0].before["revoked_reason"] == "Clicked the wrong row"
    assert entries[0].after is not None and entries[0].after["certificate_restored"] == code


def test_a_revoke_already_taken_back_says_so(ctx: Context) -> None:
    office = build_office(ctx)
    revoke_claim(ctx, office.nurse_claim, "Wrong row")
    undo_revoke(ctx, office.nurse_claim)
    with pytest.raises(InputError, match="counts already"):
        undo_revoke(ctx, office.nurse_claim)
