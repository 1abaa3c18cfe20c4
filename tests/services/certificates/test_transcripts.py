"""Transcripts: every standing claim in a period, with totals per credit type (issue 7)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from cme_desktop.documents.transcript import write_transcript
from cme_desktop.domain.accreditation import AccreditationNeeded
from cme_desktop.services.certificates.issuing import Selection, issue
from cme_desktop.services.certificates.transcripts import transcript
from cme_desktop.services.context import Context
from cme_desktop.store.activities import ActivitySession
from cme_desktop.store.attendance import AttendanceClaim
from tests.conftest import clear_accreditation
from tests.services.certificate_factory import ZONE, build_office, claim


def _second_session(
    ctx: Context, activity_id: int, person_id: int, day: date, quarters: int, revoked: bool
) -> None:
    starts = datetime(day.year, day.month, day.day, 12, tzinfo=ZONE)
    with ctx.db.transaction() as s:
        row = ActivitySession(
            activity_id=activity_id,
            starts_at=starts,
            ends_at=starts + timedelta(hours=1),
            timezone=ZONE.key,
            topic="Delirium in Older Adults",
            credit_quarters=quarters,
        )
        s.add(row)
        s.flush()
        c = claim(row.id, person_id, "ama_pra_1", quarters, starts + timedelta(hours=1))
        c.revoked_at = ctx.clock() if revoked else None
        s.add(c)


def test_a_transcript_lists_each_session_and_totals_per_credit_type(ctx: Context, tmp_path: Path) -> None:
    office = build_office(ctx)
    _second_session(ctx, office.activity_id, office.physician_id, date(2026, 11, 20), 4, revoked=False)
    _second_session(ctx, office.activity_id, office.physician_id, date(2026, 11, 13), 4, revoked=True)
    _second_session(ctx, office.activity_id, office.physician_id, date(2026, 10, 2), 4, revoked=False)
    issue(ctx, Selection(session_id=office.session_id))
    content = transcript(ctx, office.physician_id, date(2026, 11, 1), date(2026, 11, 30))
    assert content.learner_name == "Jane Smith, MD"
    assert [(line.day, line.credits) for line in content.lines] == [
        ("2026-11-20", "1"),
        ("2026-11-27", "1.25"),
    ]
    assert content.lines[1].verification_code is not None and content.lines[0].verification_code is None
    assert content.totals == (("<i>AMA PRA Category 1 Credit</i>™", "2.25"),)
    assert content.period == "November 1, 2026 – November 30, 2026"
    assert all(line.location == "Storm Eye Auditorium, Charleston, SC" for line in content.lines)
    assert len(transcript(ctx, office.physician_id).lines) == 3

    out = write_transcript(tmp_path / "t.pdf", content)
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(out).pages)
    for element in (
        "Jane Smith, MD",
        "Medicine Grand Rounds",
        "2026-11-20",
        "2026-11-27",
        "Regularly scheduled series",
    ):
        assert element in text
    assert "AMA PRA Category 1 Credit™ 2.25" in text
    assert "2026-11-13" not in text
    # DOMAIN.md, documentation of participation: where a live activity took place, and the accreditation
    # behind the credit listed (a physician's: the ACCME's).
    assert "Storm Eye Auditorium, Charleston, SC" in text
    assert "is accredited by the Accreditation Council for Continuing Medical Education (ACCME)" in text
    assert "Nurses Credentialing" not in text


def test_the_credit_name_on_a_transcript_is_in_italics(ctx: Context, tmp_path: Path) -> None:
    """DOMAIN.md, "Credit": the credit name is in italics, the trademark sign after it."""
    office = build_office(ctx)
    out = write_transcript(tmp_path / "t.pdf", transcript(ctx, office.physician_id))
    fonts: list[str] = []

    def visit(text: str, cm, tm, font_dict, size) -> None:  # type: ignore[no-untyped-def]
        if "AMA PRA Category 1 Credit" in text and font_dict:
            fonts.append(font_dict["/BaseFont"])

    PdfReader(out).pages[0].extract_text(visitor_text=visit)
    assert fonts and all("Oblique" in f or "Italic" in f for f in fonts)


def test_a_nurses_transcript_carries_the_ancc_statement_and_the_address(ctx: Context, tmp_path: Path) -> None:
    """DOMAIN.md, "Credit": nursing credit carries the ANCC statement and the provider's address, never the
    ACCME's alone."""
    office = build_office(ctx)
    with ctx.db.transaction() as s:
        nurse_id = s.get_one(AttendanceClaim, office.nurse_claim).person_id
    content = transcript(ctx, nurse_id)
    text = " ".join(content.statements)
    assert "American Nurses Credentialing Center's Commission on Accreditation" in text
    assert "171 Ashley Avenue, Charleston, SC 29425" in text
    assert "(ACCME)" not in text


def test_an_unknown_person_is_a_sentence(ctx: Context) -> None:
    build_office(ctx)
    with pytest.raises(ValueError, match="no person with id 4242"):
        transcript(ctx, 4242)


def test_an_office_that_declared_no_accreditation_prints_no_transcript(ctx: Context) -> None:
    """A transcript states the accreditation behind its credit: with none declared it is refused, and the
    sentence names the setting to fill in."""
    office = build_office(ctx)
    clear_accreditation(ctx.db)
    with pytest.raises(
        AccreditationNeeded, match="Settings › Office › Accreditation: the accredited provider's name"
    ):
        transcript(ctx, office.physician_id)


def test_a_long_transcript_runs_onto_numbered_pages(ctx: Context, tmp_path: Path) -> None:
    office = build_office(ctx)
    for week in range(1, 60):
        _second_session(
            ctx, office.activity_id, office.physician_id, date(2026, 11, 27) - timedelta(weeks=week), 4, False
        )
    content = transcript(ctx, office.physician_id)
    assert len(content.lines) == 60
    assert content.totals == (("<i>AMA PRA Category 1 Credit</i>™", "60.25"),)
    reader = PdfReader(write_transcript(tmp_path / "long.pdf", content))
    assert len(reader.pages) >= 2
    assert "Page 2" in reader.pages[1].extract_text()
    with ctx.db.transaction() as s:
        assert s.query(AttendanceClaim).count() == 62
