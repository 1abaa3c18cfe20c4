"""Reports: attendance and MOC completions over office days, PARS data per year (DOMAIN.md, "Reporting").

The clock is frozen at 2026-11-28 16:00 UTC (11:00 in New York, the office's zone); the factory's sessions start
30 minutes ago, 10 days ago and tomorrow.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from cme_desktop.domain.vocabulary import ActivityFormat, ClaimChannel, CreditType, SessionStatus
from cme_desktop.services.activities.records import issue_code
from cme_desktop.services.attendance.claims import ClaimRequest, record_claim, revoke_claim
from cme_desktop.services.context import Context
from cme_desktop.services.reporting.attendance import ATTENDANCE_COLUMNS, attendance_report
from cme_desktop.services.reporting.boards import MOC_COLUMNS, STATE_COLUMNS, moc_report, state_board_report
from cme_desktop.services.reporting.pars import PARS_COLUMNS, pars_report
from cme_desktop.services.reporting.report import ReportKind, write_report
from cme_desktop.store.activities import Activity, ActivitySession, CommercialSupport, CreditDesignation
from cme_desktop.store.people import BoardId, Person, StateLicense
from tests.services.attendance_factory import Setting, add_person, build

NOVEMBER = (date(2026, 11, 1), date(2026, 11, 30))


@pytest.fixture
def setting(ctx: Context) -> Setting:
    return build(ctx)


def claim(ctx: Context, person: int, session_id: int, reason: str = "Signed the sheet") -> int:
    request = ClaimRequest(person, ClaimChannel.MANUAL, session_id=session_id, reason=reason)
    return record_claim(ctx, request).claim.id


def column(report_rows: tuple[tuple[str, ...], ...], name: str, columns: tuple[str, ...]) -> list[str]:
    return [row[columns.index(name)] for row in report_rows]


def test_attendance_lists_each_learner_and_session_in_the_period(ctx: Context, setting: Setting) -> None:
    claim(ctx, setting.physician, setting.now_session)
    claim(ctx, setting.nurse, setting.now_session)
    claim(ctx, setting.physician, setting.past_session)
    report = attendance_report(ctx, date(2026, 11, 20), date(2026, 11, 30))
    assert report.kind == ReportKind.ATTENDANCE
    assert report.columns == ATTENDANCE_COLUMNS
    assert report.title == "Attendance, November 20 to November 30, 2026"
    # The session 10 days ago (November 18) is outside the period.
    assert column(report.rows, "Session date", report.columns) == ["2026-11-28", "2026-11-28"]
    assert column(report.rows, "Last name", report.columns) == ["Doe", "Moss"]
    jane = dict(zip(report.columns, report.rows[0], strict=True))
    assert jane["Start time"] == "10:30"  # office time, not UTC
    assert jane["Credit type"] == CreditType.AMA_PRA_1.label
    assert jane["Credits"] == "1"
    assert jane["Email"] == "jane.doe@example.org"
    assert jane["Status"] == "active"
    assert report.rows[1][report.columns.index("Credit type")] == "Nursing contact hours"


def test_revoked_claims_are_left_out_unless_asked_for(ctx: Context, setting: Setting) -> None:
    claim(ctx, setting.physician, setting.now_session)
    revoke_claim(ctx, claim(ctx, setting.nurse, setting.now_session), "Left after five minutes")
    assert column(attendance_report(ctx, *NOVEMBER).rows, "Last name", ATTENDANCE_COLUMNS) == ["Doe"]
    report = attendance_report(ctx, *NOVEMBER, include_revoked=True)
    assert column(report.rows, "Status", report.columns) == ["active", "revoked: Left after five minutes"]
    assert "1 revoked claim is included and marked." in report.notes


def test_a_session_late_in_the_evening_belongs_to_the_office_day(ctx: Context, setting: Setting) -> None:
    # 23:30 in New York on November 30 is 04:30 UTC on December 1.
    late = _session(ctx, setting.activity_id, datetime(2026, 12, 1, 4, 30, tzinfo=UTC))
    claim(ctx, setting.pharmacist, late)
    assert "Lee" in column(attendance_report(ctx, *NOVEMBER).rows, "Last name", ATTENDANCE_COLUMNS)
    december = attendance_report(ctx, date(2026, 12, 1), date(2026, 12, 31))
    assert december.rows == ()
    assert december.notes == ("No attendance was recorded for sessions in this period.",)


def test_attendance_for_one_activity_and_a_backwards_period(ctx: Context, setting: Setting) -> None:
    claim(ctx, setting.physician, setting.now_session)
    other = _activity(ctx, "Tumor Board", ActivityFormat.RSS)
    claim(ctx, setting.nurse, _session(ctx, other, datetime(2026, 11, 27, 17, tzinfo=UTC)))
    assert len(attendance_report(ctx, *NOVEMBER).rows) == 2
    only = attendance_report(ctx, *NOVEMBER, activity_id=other)
    assert column(only.rows, "Activity", only.columns) == ["Tumor Board"]
    with pytest.raises(ValueError, match="ends before it starts"):
        attendance_report(ctx, date(2026, 11, 30), date(2026, 11, 1))


def test_pars_counts_an_rss_once_a_year_with_learners_once_per_session(
    ctx: Context, setting: Setting
) -> None:
    """DOMAIN.md, "Words": an RSS is one activity per year; learners are counted once per session attended."""
    for session_id in (setting.now_session, setting.past_session):
        claim(ctx, setting.physician, session_id)
        claim(ctx, setting.nurse, session_id)
    claim(ctx, setting.pharmacist, setting.now_session)
    revoke_claim(
        ctx, claim(ctx, add_person(ctx, "Max", "Roe", "DO", "max.roe@example.org"), setting.now_session), "x"
    )
    cancelled = _session(ctx, setting.activity_id, datetime(2026, 11, 21, 17, tzinfo=UTC), cancelled=True)
    assert cancelled
    report = pars_report(ctx, 2026)
    assert report.kind == ReportKind.PARS and report.columns == PARS_COLUMNS
    (row,) = report.rows
    fields = dict(zip(report.columns, row, strict=True))
    assert fields["Activity title"] == "Medicine Grand Rounds"
    assert fields["Activity type"] == "Regularly scheduled series"
    # Tomorrow's session has not been held yet and the cancelled one never was: two sessions of 1 credit.
    assert (fields["Start date"], fields["End date"]) == ("2026-11-18", "2026-11-28")
    assert fields["AMA PRA Category 1 Credits"] == "2"
    assert (fields["Physician learners"], fields["Other learners"]) == ("2", "3")
    assert fields["Commercial support"] == "No"
    assert any("is not over" in note for note in report.notes)
    assert any("outcome measures" in note for note in report.notes)


def test_pars_says_what_an_activity_still_lacks_and_lists_its_support(ctx: Context, setting: Setting) -> None:
    course = _activity(ctx, "Cardiology Update", ActivityFormat.LIVE_COURSE, joint=True)
    _session(ctx, course, datetime(2026, 3, 5, 14, tzinfo=UTC))
    with ctx.db.transaction() as session:
        session.add(
            CommercialSupport(activity_id=course, source="Acme Devices", in_kind=False, amount_cents=500000)
        )
        session.add(
            CommercialSupport(activity_id=course, source="Beta Labs", in_kind=True, amount_cents=None)
        )
    report = pars_report(ctx, 2026)
    by_title = {row[1]: dict(zip(report.columns, row, strict=True)) for row in report.rows}
    fields = by_title["Cardiology Update"]
    assert fields["Providership"] == "Joint"
    assert fields["Commercial support"] == "Yes"
    assert fields["Commercial support sources"] == "Acme Devices: monetary $5,000.00; Beta Labs: in-kind"
    assert fields["AMA PRA Category 1 Credits"] == ""  # not designated for AMA credit
    assert (
        f"Cardiology Update (activity {course}) lacks the city and state where it was held, the joint "
        "provider's name and a description; PARS needs it."
    ) in report.notes
    assert pars_report(ctx, 2025).rows == ()


def test_reports_are_written_for_excel_and_for_the_pars_batch_upload(
    ctx: Context, setting: Setting, tmp_path: Path
) -> None:
    claim(ctx, setting.physician, setting.now_session)
    folder = tmp_path / "reports"
    folder.mkdir()
    path = write_report(attendance_report(ctx, *NOVEMBER), folder / "november.csv")
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")  # plain UTF-8: no receiving format asks for a byte-order mark
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"))))
    assert rows[0] == list(ATTENDANCE_COLUMNS)
    assert rows[1][ATTENDANCE_COLUMNS.index("Credit type")] == "AMA PRA Category 1 Credit™"
    pars = write_report(pars_report(ctx, 2026), folder / "pars.txt")
    lines = pars.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].split("\t") == list(PARS_COLUMNS)
    assert lines[1].split("\t")[1] == "Medicine Grand Rounds"
    assert sorted(p.name for p in folder.iterdir()) == ["november.csv", "pars.txt"]  # nothing left aside


def _activity(ctx: Context, title: str, format: ActivityFormat, joint: bool = False) -> int:
    with ctx.db.transaction() as session:
        activity = Activity(
            title=title,
            format=format,
            created_at=ctx.clock(),
            providership="joint" if joint else "direct",
        )
        if format == ActivityFormat.RSS:
            activity.designations.append(
                CreditDesignation(credit_type=CreditType.AMA_PRA_1, max_quarters=200)
            )
        session.add(activity)
        session.flush()
        return activity.id


def _session(ctx: Context, activity_id: int, starts_at: datetime, cancelled: bool = False) -> int:
    with ctx.db.transaction() as session:
        activity = session.get(Activity, activity_id)
        assert activity is not None
        row = ActivitySession(
            activity_id=activity_id,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=1),
            timezone="America/New_York",
            credit_quarters=4,
            status=str(SessionStatus.CANCELLED if cancelled else SessionStatus.SCHEDULED),
        )
        session.add(row)
        issue_code(session, row, activity, ctx.clock(), set())
        session.flush()
        return row.id


def _board(
    ctx: Context, person_id: int, board: str, board_id: str, permission: bool, birthday: bool = True
) -> None:
    with ctx.db.transaction() as session:
        person = session.get(Person, person_id)
        assert person is not None
        person.board_ids.append(BoardId(board=board, board_id=board_id))
        person.moc_permission = permission
        person.birth_month, person.birth_day = (3, 2) if birthday else (None, None)


def test_moc_lists_permitted_learners_by_board_and_names_the_others(ctx: Context, setting: Setting) -> None:
    """DOMAIN.md, "Reporting": board ID, names, birth month and day, completion date, credit type and amount,
    and the learner's permission."""
    _board(ctx, setting.physician, "abim", "123456", permission=True)
    max_roe = add_person(ctx, "Max", "Roe", "DO", "max.roe@example.org")
    _board(ctx, max_roe, "ABIM", "654321", permission=False)
    ola = add_person(ctx, "Ola", "Fry", "MD", "ola.fry@example.org")
    _board(ctx, ola, "ABP", "777", permission=True, birthday=False)
    _board(ctx, setting.nurse, "ANCC", "42", permission=True)  # contact hours, not AMA credit: not for MOC
    for person in (setting.physician, max_roe, ola, setting.nurse):
        claim(ctx, person, setting.now_session)
    claim(ctx, setting.physician, setting.past_session)
    report = moc_report(ctx, *NOVEMBER)
    assert report.kind == ReportKind.MOC and report.columns == MOC_COLUMNS
    assert report.rows == (
        (
            "ABIM",
            "123456",
            "Jane",
            "Doe",
            "0302",
            "2026-11-18",
            "Medicine Grand Rounds",
            CreditType.AMA_PRA_1.label,
            "1",
        ),
        (
            "ABIM",
            "123456",
            "Jane",
            "Doe",
            "0302",
            "2026-11-28",
            "Medicine Grand Rounds",
            CreditType.AMA_PRA_1.label,
            "1",
        ),
    )
    assert any("no permission to report to their board on file: Max Roe." in note for note in report.notes)
    assert any(
        "birth month and day missing (boards match on them): Ola Fry." in note for note in report.notes
    )
    assert moc_report(ctx, *NOVEMBER, board="abp").rows == ()
    assert (
        moc_report(ctx, *NOVEMBER, board="ABIM").title
        == "MOC completions for ABIM, November 1 to November 30, 2026"
    )


def test_moc_warns_about_completions_older_than_thirty_days(ctx: Context, setting: Setting) -> None:
    _board(ctx, setting.physician, "ABIM", "123456", permission=True)
    october = _session(ctx, setting.activity_id, datetime(2026, 10, 10, 16, tzinfo=UTC))
    claim(ctx, setting.physician, october)
    report = moc_report(ctx, date(2026, 10, 1), date(2026, 11, 30))
    assert len(report.rows) == 1
    assert any("more than 30 days old (from October 10)" in note for note in report.notes)
    assert not any("30 days" in note for note in moc_report(ctx, *NOVEMBER).notes)


def test_state_boards_get_each_license_or_the_npi_and_the_office_hears_who_has_neither(
    ctx: Context, setting: Setting
) -> None:
    """DOMAIN.md, "Reporting": first and last name, birth month and day, state of licensure and license ID, or NPI."""
    with ctx.db.transaction() as session:
        jane = session.get(Person, setting.physician)
        ray = session.get(Person, setting.nurse)
        assert jane is not None and ray is not None
        jane.licenses.extend(
            [StateLicense(state="SC", license_number="MD-1"), StateLicense(state="ga", license_number="G-7")]
        )
        jane.birth_month, jane.birth_day = 3, 2
        ray.npi = "1234567893"
    for person in (setting.physician, setting.nurse, setting.pharmacist):
        claim(ctx, person, setting.now_session)
    report = state_board_report(ctx, *NOVEMBER)
    assert report.kind == ReportKind.STATE and report.columns == STATE_COLUMNS
    assert [row[:6] for row in report.rows] == [
        ("GA", "G-7", "", "Jane", "Doe", "0302"),
        ("SC", "MD-1", "", "Jane", "Doe", "0302"),
        ("", "", "1234567893", "Ray", "Moss", ""),
    ]
    assert report.rows[2][STATE_COLUMNS.index("Credit type")] == "Nursing contact hours"
    assert "Left out, no license or NPI on file: Ann Lee." in report.notes
    south_carolina = state_board_report(ctx, *NOVEMBER, state="sc")
    assert [row[:2] for row in south_carolina.rows] == [("SC", "MD-1")]
    assert south_carolina.title == "State board completions for SC, November 1 to November 30, 2026"
    with pytest.raises(ValueError, match="two-letter code"):
        state_board_report(ctx, *NOVEMBER, state="Carolina")
