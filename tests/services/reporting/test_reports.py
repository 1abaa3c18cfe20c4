"""The office's attendance report over office days (PARS and the boards: test_pars.py, test_learners.py).

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
from cme_desktop.services.reporting.report import ReportKind, write_report
from cme_desktop.store.activities import Activity, ActivitySession, CreditDesignation
from tests.services.attendance_factory import Setting, build

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


def test_the_attendance_report_is_a_plain_csv_for_the_office(
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
    assert sorted(p.name for p in folder.iterdir()) == ["november.csv"]  # nothing left aside


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
