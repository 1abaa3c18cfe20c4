"""A learner's own records on the portal (issue 17, item 5): their claims, their certificates, their transcript,
and never anyone else's."""

from __future__ import annotations

import io
import logging
from datetime import date, datetime, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from cme_desktop.errors import InputError
from cme_desktop.services.attendance.claims import revoke_claim
from cme_desktop.services.certificates.verifying import verify
from cme_desktop.services.context import Context
from cme_desktop.services.office.settings import update_settings
from cme_desktop.services.records.claims import learner_records
from cme_desktop.services.records.files import (
    NotOnYourRecord,
    certificate_pdf,
    learner_certificate,
    learner_transcript,
    transcript_pdf,
)
from cme_desktop.store.activities import ActivitySession, CreditDesignation
from cme_desktop.store.attendance import AttendanceClaim, Certificate
from cme_desktop.store.audit import AuditEntry
from tests.services.certificate_factory import ZONE, Office, build_office, claim


def _text(pdf: bytes) -> str:
    return " ".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(pdf)).pages)


def _session_with_claim(
    ctx: Context, office: Office, starts: datetime, quarters: int = 4, person_id: int | None = None
) -> int:
    with ctx.db.transaction() as s:
        row = ActivitySession(
            activity_id=office.activity_id,
            starts_at=starts,
            ends_at=starts + timedelta(hours=1),
            timezone=ZONE.key,
            topic="Delirium in Older Adults",
            credit_quarters=quarters,
        )
        s.add(row)
        s.flush()
        c = claim(row.id, person_id or office.physician_id, "ama_pra_1", quarters, starts)
        c.channel = "text"
        s.add(c)
        s.flush()
        return c.id


def test_a_learner_sees_their_claims_newest_first_with_credits_and_how_each_was_recorded(
    ctx: Context,
) -> None:
    office = build_office(ctx)
    _session_with_claim(ctx, office, datetime(2026, 10, 2, 12, tzinfo=ZONE))
    records = learner_records(ctx, office.physician_id)
    assert [(c.day, c.activity, c.topic, c.credits, c.how_claimed) for c in records.claims] == [
        (
            date(2026, 11, 27),
            "Medicine Grand Rounds",
            "Sepsis Bundles: What Still Matters",
            "1.25 AMA PRA Category 1 Credits™",
            "Added by the CME office",
        ),
        (
            date(2026, 10, 2),
            "Medicine Grand Rounds",
            "Delirium in Older Adults",
            "1 AMA PRA Category 1 Credit™",
            "Recorded by text",
        ),
    ]
    assert records.totals == (("AMA PRA Category 1 Credit™", "2.25"),)
    assert all(c.certificate_ready and c.certificate_note is None for c in records.claims)
    assert records.today == date(2026, 11, 28)


def test_a_learner_never_sees_or_downloads_anyone_elses_certificate(ctx: Context) -> None:
    office = build_office(ctx)
    assert [c.claim_id for c in learner_records(ctx, office.physician_id).claims] == [office.physician_claim]
    with pytest.raises(NotOnYourRecord) as someone_elses:
        learner_certificate(ctx, office.physician_id, office.nurse_claim)
    with pytest.raises(NotOnYourRecord) as nobodys:
        learner_certificate(ctx, office.physician_id, 999_999)
    assert str(someone_elses.value) == str(nobodys.value) == "There is no such certificate on your record."
    with ctx.db.transaction() as s:
        assert s.scalar(select(func.count()).select_from(Certificate)) == 0


def test_the_certificate_is_issued_once_audited_and_its_pdf_is_the_offices_page(ctx: Context) -> None:
    office = build_office(ctx)
    first = learner_certificate(ctx, office.physician_id, office.physician_claim)
    again = learner_certificate(ctx, office.physician_id, office.physician_claim)
    assert first.content.verification_code == again.content.verification_code
    assert first.filename == "2026-11-27 Medicine Grand Rounds - Smith, Jane.pdf"
    text = _text(certificate_pdf(first))
    for words in (
        "Jane Smith, MD",
        "Medicine Grand Rounds",
        "November 27, 2026",
        first.content.verification_code,
    ):
        assert words in text
    assert "1.25" in text and "AMA PRA Category 1 Credit" in text
    assert verify(ctx, first.content.verification_code).learner == "Jane Smith, MD"
    with ctx.db.transaction() as s:
        assert s.scalar(select(func.count()).where(AuditEntry.action == "certificates.issue")) == 1
    [record] = learner_records(ctx, office.physician_id).claims
    assert record.verification_code == first.content.verification_code


def test_withdrawn_attendance_shows_the_day_but_no_certificate_and_no_credit(ctx: Context) -> None:
    office = build_office(ctx)
    code = learner_certificate(ctx, office.physician_id, office.physician_claim).content.verification_code
    revoke_claim(ctx, office.physician_claim, "Left after ten minutes")
    [record] = learner_records(ctx, office.physician_id).claims
    assert record.withdrawn_on == date(2026, 11, 28)
    assert not record.certificate_ready and record.verification_code is None
    assert "ten minutes" not in repr(record)
    assert learner_records(ctx, office.physician_id).totals == ()
    with pytest.raises(InputError, match="withdrew this attendance"):
        learner_certificate(ctx, office.physician_id, office.physician_claim)
    assert verify(ctx, code).status == "revoked"


def test_a_certificate_waits_for_the_session_to_end(ctx: Context) -> None:
    office = build_office(ctx)
    # The clock reads 11:00 in Charleston; this session runs from 10:30 to 11:30.
    running = _session_with_claim(ctx, office, datetime(2026, 11, 28, 10, 30, tzinfo=ZONE))
    record = next(c for c in learner_records(ctx, office.physician_id).claims if c.claim_id == running)
    assert not record.certificate_ready
    assert record.certificate_note == (
        "Your certificate is ready once the session ends, at 11:30 AM on Saturday, November 28, 2026."
    )
    with pytest.raises(InputError, match="ready once the session ends"):
        learner_certificate(ctx, office.physician_id, running)


def test_a_credit_the_activity_does_not_designate_sends_the_learner_to_the_office(ctx: Context) -> None:
    """DOMAIN.md, "Credit": credit is designated in advance; without a designation there is no certificate."""
    office = build_office(ctx)
    update_settings(ctx, {"help_contact": "cme@example.edu"})
    with ctx.db.transaction() as s:
        for designation in s.scalars(
            select(CreditDesignation).where(CreditDesignation.credit_type == "nursing")
        ):
            s.delete(designation)
    nurse = _nurse(ctx, office)
    [record] = learner_records(ctx, nurse).claims
    assert record.certificate_note == (
        "The CME office issues this certificate itself: ask them at cme@example.edu."
    )
    with pytest.raises(InputError, match="issues this certificate itself"):
        learner_certificate(ctx, nurse, office.nurse_claim)


def _nurse(ctx: Context, office: Office) -> int:
    with ctx.db.transaction() as s:
        return s.get_one(AttendanceClaim, office.nurse_claim).person_id


def test_a_transcript_covers_the_chosen_days_only(ctx: Context) -> None:
    office = build_office(ctx)
    _session_with_claim(ctx, office, datetime(2026, 10, 2, 12, tzinfo=ZONE))
    _session_with_claim(ctx, office, datetime(2025, 6, 5, 12, tzinfo=ZONE))
    made = learner_transcript(ctx, office.physician_id, date(2026, 1, 1), date(2026, 11, 28))
    assert made.filename == "Transcript 2026-01-01 to 2026-11-28.pdf"
    text = _text(transcript_pdf(made))
    assert "Jane Smith, MD" in text
    assert "2026-11-27" in text and "2026-10-02" in text and "2025-06-05" not in text
    assert "2.25" in text  # the period's total


def test_an_empty_or_backwards_range_is_a_sentence_not_an_empty_page(ctx: Context) -> None:
    office = build_office(ctx)
    with pytest.raises(InputError, match="no attendance on record from January 1, 2025 to March 1, 2025"):
        learner_transcript(ctx, office.physician_id, date(2025, 1, 1), date(2025, 3, 1))
    with pytest.raises(InputError, match="last day is before the first day"):
        learner_transcript(ctx, office.physician_id, date(2026, 3, 1), date(2026, 1, 1))


def test_a_logo_missing_on_the_server_still_gives_the_learner_a_certificate(
    ctx: Context, caplog: pytest.LogCaptureFixture
) -> None:
    office = build_office(ctx)
    update_settings(ctx, {"certificate_logo_path": "/nowhere/on/this/server/logo.png"})
    made = learner_certificate(ctx, office.physician_id, office.physician_claim)
    with caplog.at_level(logging.WARNING):
        text = _text(certificate_pdf(made))
    assert "Jane Smith, MD" in text
    assert "/nowhere/on/this/server/logo.png" in caplog.text


def test_two_downloads_at_once_issue_one_certificate(ctx: Context) -> None:
    """A double tap on the link: both downloads get the same certificate, and one row is written."""
    from concurrent.futures import ThreadPoolExecutor

    office = build_office(ctx)
    with ThreadPoolExecutor(max_workers=2) as pool:
        made = list(
            pool.map(
                lambda _: learner_certificate(ctx, office.physician_id, office.physician_claim), range(2)
            )
        )
    assert made[0].content.verification_code == made[1].content.verification_code
    with ctx.db.transaction() as s:
        assert s.scalar(select(func.count()).select_from(Certificate)) == 1


def test_before_the_office_declares_its_accreditation_the_learner_is_sent_to_the_office(ctx: Context) -> None:
    from tests.conftest import clear_accreditation

    office = build_office(ctx)
    clear_accreditation(ctx.db)
    update_settings(ctx, {"help_contact": "cme@example.edu"})
    [record] = learner_records(ctx, office.physician_id).claims
    assert (
        record.certificate_note
        == "The CME office issues this certificate itself: ask them at cme@example.edu."
    )
    with pytest.raises(InputError) as refused:
        learner_transcript(ctx, office.physician_id, None, None)
    assert str(refused.value) == (
        "The CME office has not finished setting up transcripts: ask them at cme@example.edu."
    )
