"""The brief's five-minute workflow, end to end through the real services, the real web server over HTTP (the link code read from a real mailbox) and a real
PDF: set up a weekly series, put today's code on the projector, watch texted claims arrive, print certificates,
and verify one. Runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import re
import time as time_module
from datetime import time, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from cme_desktop.domain.recurrence import Recurrence
from cme_desktop.domain.vocabulary import ActivityFormat, CreditType
from cme_desktop.services.activities.calendar import this_week
from cme_desktop.services.activities.model import ActivityInput, DesignationInput
from cme_desktop.services.activities.records import create_activity
from cme_desktop.services.activities.series import SessionDetails, create_sessions_from_recurrence
from cme_desktop.services.certificates.issuing import Selection, issue
from cme_desktop.services.certificates.verifying import verify
from cme_desktop.services.context import Context
from cme_desktop.services.office import settings as office
from cme_desktop.services.office.settings import office_zone
from cme_desktop.services.people.profile_input import EmailEntry, ProfileInput
from cme_desktop.services.people.profiles import create_profile
from cme_desktop.services.present.slides import slide_content
from cme_desktop.web.server import running
from tests.mail_server import PASSWORD, USER, smtp_server
from tests.web.helpers import TOKEN, post, replies, sms


def test_a_weekly_series_to_a_verified_certificate(
    ctx: Context, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    office.update_settings(
        ctx,
        {
            "provider_name": "Harbor Health CME",
            "texting_number": "(833) 558-2111",
            "portal_url": "cme.example.edu",
        },
    )
    # 1. A year of weekly grand rounds, 11 to noon, starting today (DOMAIN.md: 1 hour = 1 credit); the clock says 11:00.
    activity = create_activity(
        ctx,
        ActivityInput(
            title="Medicine Grand Rounds",
            format=ActivityFormat.RSS,
            designations=(
                DesignationInput(CreditType.AMA_PRA_1, "52"),
                DesignationInput(CreditType.NURSING, "52"),
            ),
        ),
    )
    today = ctx.clock().astimezone(office_zone(ctx)).date()
    rule = Recurrence.weekly(today, today + timedelta(weeks=51), time(11), 60, [today.weekday()])
    sessions = create_sessions_from_recurrence(ctx, activity.id, rule, SessionDetails(room="Auditorium"))
    assert len(sessions) == 52 and len({s.attendance_code for s in sessions}) == 52

    # 2. Today's session on the projector: the code, the texting line and the QR's SMS link.
    week = this_week(ctx)
    assert [s.id for s in week.today] == [sessions[0].id]
    slide = slide_content(ctx, sessions[0].id)
    code = slide.code
    assert code is not None and slide.texting_instruction == f"Text ATTEND {code} to (833) 558-2111"
    assert slide.qr_payload == f"SMSTO:+18335582111:ATTEND {code}"

    # 3. Two learners text: each links a phone by email first (the seed's first step: the code that confirms it is
    #    emailed to the address, and texted back), then attends.
    create_profile(
        ctx, ProfileInput("Jane", "Smith", degree="MD", emails=(EmailEntry("jane@example.org", True),))
    )
    create_profile(
        ctx, ProfileInput("Omar", "Haddad", degree="RN", emails=(EmailEntry("omar@example.org", True),))
    )
    with smtp_server(tmp_path) as inbox, running(ctx, token=TOKEN) as (port, config):
        monkeypatch.setenv("CME_SMTP_URL", f"smtp://{USER}@127.0.0.1:{inbox.port}")
        monkeypatch.setenv("CME_SMTP_PASSWORD", PASSWORD)
        monkeypatch.setenv("CME_SMTP_CA_FILE", inbox.cafile)
        for phone, email in (("+18435550101", "jane@example.org"), ("+18435550102", "omar@example.org")):
            status, twiml = post(port, config, sms(email, phone))
            assert status == 200 and replies(twiml)
            deadline = time_module.monotonic() + 30
            while not any(m["To"] == email for m in inbox.messages) and time_module.monotonic() < deadline:
                time_module.sleep(0.05)
            [mail] = [m for m in inbox.messages if m["To"] == email]
            plain = mail.get_body(("plain",))
            assert plain is not None
            found = re.search(r"\b\d{6}\b", plain.get_content())
            assert found is not None
            assert "now linked" in replies(post(port, config, sms(found.group(0), phone))[1])[0]
            status, twiml = post(port, config, sms(f"attend #{code}", phone))
            assert status == 200 and "Recorded" in replies(twiml)[0]
    assert this_week(ctx).today[0].claim_count == 2  # the count Today and the projector show

    # 4. The stack of certificates, one PDF, a page each, with the credit each actually earned.
    result = issue(ctx, Selection(session_id=sessions[0].id))
    from cme_desktop.documents.certificate import write_certificates

    pdf = tmp_path / "certificates.pdf"
    write_certificates(pdf, result.certificates, result.artwork)
    pages = [page.extract_text() for page in PdfReader(pdf).pages]
    assert len(pages) == 2
    jane_page = next(p for p in pages if "Jane Smith" in p)
    omar_page = next(p for p in pages if "Omar Haddad" in p)
    assert "AMA PRA Category 1 Credit" in jane_page and "Harbor Health CME" in jane_page
    assert "contact hour" in omar_page

    # 5. Someone shows Jane's certificate: its code verifies.
    jane_certificate = next(c for c in result.certificates if c.learner_name.startswith("Jane Smith"))
    check = verify(ctx, jane_certificate.verification_code)
    assert check.valid and check.activity == "Medicine Grand Rounds"
    assert check.learner is not None and check.learner.startswith("Jane Smith")
