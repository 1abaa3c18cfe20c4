"""The learner's records on the portal (issue 17, item 5): behind sign-in, only their own claims, their certificate
and transcript as PDFs (checked by their text), and sentences for what cannot be had."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

from pypdf import PdfReader
from sqlalchemy import select

from cme_desktop.services.attendance.claims import revoke_claim
from cme_desktop.services.certificates.verifying import verify
from cme_desktop.services.portal.sessions import begin_signed_in
from cme_desktop.store.activities import ActivitySession
from cme_desktop.store.attendance import AttendanceClaim
from cme_desktop.store.audit import AuditEntry
from tests.services.certificate_factory import ZONE, Office, build_office, claim
from tests.web.portal.conftest import Portal


def sign_in(portal: Portal, person_id: int, email: str = "jane.smith@example.org") -> None:
    with portal.ctx.db.transaction() as s:
        token, _ = begin_signed_in(
            portal.ctx, s, None, method="email", email=email, netid=None, person_id=person_id
        )
    portal.client.cookies.set("cme_portal", token)


def _text(pdf: bytes) -> str:
    return " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def _older_session(portal: Portal, office: Office, starts: datetime) -> int:
    with portal.ctx.db.transaction() as s:
        row = ActivitySession(
            activity_id=office.activity_id,
            starts_at=starts,
            ends_at=starts + timedelta(hours=1),
            timezone=ZONE.key,
            topic="Delirium in Older Adults",
            credit_quarters=4,
        )
        s.add(row)
        s.flush()
        c = claim(row.id, office.physician_id, "ama_pra_1", 4, starts)
        c.channel = "portal"
        s.add(c)
        s.flush()
        return c.id


def test_records_ask_for_sign_in_and_come_back_afterwards(portal: Portal) -> None:
    build_office(portal.ctx)
    for path in ("/records", "/records/certificate/1", "/records/transcript?from=2026-01-01&to=2026-11-28"):
        page = portal.client.get(path)
        assert page.status_code == 303, path
        assert page.headers["location"].startswith("/sign-in?next=/records")


def test_a_learner_sees_their_own_sessions_credits_and_how_each_was_recorded(portal: Portal) -> None:
    office = build_office(portal.ctx)
    _older_session(portal, office, datetime(2026, 10, 2, 12, tzinfo=ZONE))
    sign_in(portal, office.physician_id)
    page = portal.client.get("/records")
    assert page.status_code == 200
    text = page.text
    assert "Your records" in text and 'aria-current="page"' in text
    assert text.index("Fri Nov 27, 2026") < text.index("Fri Oct 2, 2026")  # newest first
    for shown in (
        "Sepsis Bundles: What Still Matters",
        "1.25 AMA PRA Category 1 Credits™",
        "Added by the CME office",
        "Recorded on the portal",
        "2.25</strong> AMA PRA Category 1 Credit™",
        f'href="/records/certificate/{office.physician_claim}"',
    ):
        assert shown in text
    for someone_elses in ("Maria", "Lopez", "Omar", f"/records/certificate/{office.nurse_claim}"):
        assert someone_elses not in text


def test_the_certificate_downloads_as_the_offices_pdf_and_verifies(portal: Portal) -> None:
    office = build_office(portal.ctx)
    sign_in(portal, office.physician_id)
    got = portal.client.get(f"/records/certificate/{office.physician_claim}")
    assert got.status_code == 200
    assert got.headers["content-type"] == "application/pdf"
    assert got.headers["content-disposition"].startswith(
        'attachment; filename="2026-11-27 Medicine Grand Rounds - Smith, Jane.pdf"'
    )
    text = _text(got.content)
    assert "Jane Smith, MD" in text and "Medicine Grand Rounds" in text and "November 27, 2026" in text
    code = next(word for word in text.split() if verify(portal.ctx, word).valid)
    assert verify(portal.ctx, code).learner == "Jane Smith, MD"
    assert code in portal.client.get("/records").text  # the page shows the code it now has
    with portal.ctx.db.transaction() as s:
        who = s.scalars(select(AuditEntry.os_user).where(AuditEntry.action == "certificates.issue")).one()
    assert "jane.smith@example.org" in who  # the audit log names the learner's portal identity


def test_another_learners_certificate_is_not_found_like_one_that_never_existed(portal: Portal) -> None:
    office = build_office(portal.ctx)
    sign_in(portal, office.physician_id)
    theirs = portal.client.get(f"/records/certificate/{office.nurse_claim}")
    nobodys = portal.client.get("/records/certificate/987654")
    junk = portal.client.get("/records/certificate/1%20OR%201=1")
    assert theirs.status_code == nobodys.status_code == junk.status_code == 404
    assert "There is no such certificate on your record." in theirs.text
    assert theirs.text == nobodys.text


def test_withdrawn_attendance_has_no_certificate_and_says_when(portal: Portal) -> None:
    office = build_office(portal.ctx)
    revoke_claim(portal.ctx, office.physician_claim, "Badge shows they left at 12:10")
    sign_in(portal, office.physician_id)
    page = portal.client.get("/records").text
    assert "Withdrawn by the CME office on Sat Nov 28, 2026: no credit or certificate." in page
    assert "12:10" not in page and "/records/certificate/" not in page
    refused = portal.client.get(f"/records/certificate/{office.physician_claim}")
    assert refused.status_code == 409
    assert "withdrew this attendance" in refused.text


def test_a_transcript_for_the_chosen_days_downloads_as_a_pdf(portal: Portal) -> None:
    office = build_office(portal.ctx)
    _older_session(portal, office, datetime(2026, 10, 2, 12, tzinfo=ZONE))
    _older_session(portal, office, datetime(2025, 3, 6, 12, tzinfo=ZONE))
    sign_in(portal, office.physician_id)
    page = portal.client.get("/records").text
    assert 'name="from" value="2026-01-01"' in page and 'name="to" value="2026-11-28"' in page
    got = portal.client.get("/records/transcript", params={"from": "2026-01-01", "to": "11/28/2026"})
    assert got.status_code == 200 and got.headers["content-type"] == "application/pdf"
    assert "Transcript 2026-01-01 to 2026-11-28.pdf" in got.headers["content-disposition"]
    text = _text(got.content)
    assert "Jane Smith, MD" in text and "2026-10-02" in text and "2026-11-27" in text
    assert "2025-03-06" not in text


def test_a_bad_or_empty_range_is_a_sentence_on_the_page(portal: Portal) -> None:
    office = build_office(portal.ctx)
    sign_in(portal, office.physician_id)
    for params, sentence in (
        ({"from": "2026-13-45", "to": "2026-11-28"}, "is not a date"),
        ({"from": "2026-11-28", "to": "2026-01-01"}, "The last day is before the first day."),
        ({"from": "2020-01-01", "to": "2020-12-31"}, "You have no attendance on record from January 1, 2020"),
        ({"from": "<script>", "to": ""}, "&#39;&lt;script&gt;&#39; is not a date"),
    ):
        page = portal.client.get("/records/transcript", params=params)
        assert page.status_code == 400, params
        assert sentence in page.text, params
        assert "<script>" not in page.text.split("</head>")[1]


def test_a_merged_away_profile_signs_in_to_the_records_it_was_merged_into(portal: Portal) -> None:
    from cme_desktop.services.people.merging import merge_people

    office = build_office(portal.ctx)
    with portal.ctx.db.transaction() as s:
        nurse_id = s.get_one(AttendanceClaim, office.nurse_claim).person_id
    sign_in(portal, nurse_id, "maria@example.org")
    merge_people(portal.ctx, survivor_id=office.physician_id, merged_id=nurse_id)
    page = portal.client.get("/records").text
    assert "Sepsis Bundles" in page and f"/records/certificate/{office.physician_claim}" in page
