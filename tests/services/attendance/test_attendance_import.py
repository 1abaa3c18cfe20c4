"""Importing attendance from CSV: preview, all rows or none, a row-by-row report, file and row as evidence."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from cme_desktop.services.attendance.importing import import_attendance, preview_import
from cme_desktop.services.attendance.queries import session_attendance
from cme_desktop.services.context import Context
from cme_desktop.services.importing.report import ImportRefused
from cme_desktop.store.attendance import AttendanceClaim
from tests.services.attendance_factory import Setting, build


@pytest.fixture
def setting(ctx: Context) -> Setting:
    return build(ctx)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sign-in.csv"
    path.write_text(text, encoding="utf-8")
    return path


def _claims(ctx: Context) -> int:
    with ctx.db.transaction() as session:
        return int(session.scalar(select(func.count()).select_from(AttendanceClaim)) or 0)


def test_a_sign_in_sheet_by_email_netid_or_name_imports_every_row(
    ctx: Context, setting: Setting, tmp_path: Path
) -> None:
    path = _write(
        tmp_path,
        "Email,Name,Degree,Code,Credits\n"
        f"JANE.DOE@example.org,,,{setting.now_code},\n"
        f",Ray Moss,RN,{setting.now_code},0.75\n"
        f',"Lee, Ann",Pharm.D.,{setting.now_code},\n',
    )
    preview = preview_import(ctx, path)
    assert [r.outcome for r in preview.rows] == ["new"] * 3
    assert not preview.committed and _claims(ctx) == 0
    report = import_attendance(ctx, path)
    assert report.committed and report.count("new") == 3
    claims = {c.person_id: c for c in session_attendance(ctx, setting.now_session).claims}
    assert claims[setting.physician].evidence == {
        "file": "sign-in.csv",
        "row": 2,
        "entered_by": "coordinator",
        "machine": "test-laptop",
    }
    assert claims[setting.nurse].credit_quarters == 3
    assert import_attendance(ctx, path).count("already recorded") == 3
    assert _claims(ctx) == 3


def test_one_bad_row_imports_nothing_and_lists_unknown_people(
    ctx: Context, setting: Setting, tmp_path: Path
) -> None:
    path = _write(
        tmp_path,
        "email,session_id\n"
        f"jane.doe@example.org,{setting.now_session}\n"
        f"stranger@example.org,{setting.now_session}\n"
        f"ray.moss@example.org,{setting.past_session}\n",
    )
    with pytest.raises(ImportRefused) as refused:
        import_attendance(ctx, path)
    report = refused.value.report
    assert str(refused.value).startswith("Nothing was imported: 2 of 3 rows need fixing (first: line 3")
    assert [(r.line, r.ok) for r in report.rows] == [(2, True), (3, False), (4, False)]
    assert report.rows[1].problems == ("No profile has the email stranger@example.org.",)
    assert "closed on Wednesday, November 25, 2026; give a reason" in report.rows[2].problems[0]
    assert report.advice == "Find or create these people, then import again: stranger@example.org."
    assert _claims(ctx) == 0


def test_late_rows_import_with_a_reason(ctx: Context, setting: Setting, tmp_path: Path) -> None:
    path = _write(tmp_path, f"email,session_id\nray.moss@example.org,{setting.past_session}\n")
    report = import_attendance(ctx, path, reason="Paper sheet found after the window")
    assert report.count("new") == 1


def test_a_file_without_the_columns_it_needs_is_refused_in_a_sentence(
    ctx: Context, setting: Setting, tmp_path: Path
) -> None:
    assert (
        "no code or session_id column"
        in preview_import(ctx, _write(tmp_path, "email\njane.doe@example.org\n")).file_problems[0]
    )
    assert "header but no rows" in preview_import(ctx, _write(tmp_path, "email,code\n")).summary()
    with pytest.raises(
        ImportRefused, match="Nothing was imported: the file has no code or session_id column"
    ):
        import_attendance(ctx, _write(tmp_path, "email\njane.doe@example.org\n"))


def test_every_problem_of_a_row_is_listed(ctx: Context, setting: Setting, tmp_path: Path) -> None:
    """Issue 15, item 3: the person, the session and the credits of one row are all reported, not the first."""
    path = _write(tmp_path, "email,code,credits\nstranger@example.org,1234,lots\n")
    (row,) = preview_import(ctx, path).rows
    assert len(row.problems) == 3
    assert row.problems[:2] == (
        "No profile has the email stranger@example.org.",
        "1234 is not an activity code.",
    )


def test_a_windows_semicolon_sheet_with_a_blank_line_keeps_its_line_numbers(
    ctx: Context, setting: Setting, tmp_path: Path
) -> None:
    path = tmp_path / "sheet.csv"
    path.write_bytes(f"Name;Degree;Code\r\n\r\nRay Moss;RN;{setting.now_code}\r\n".encode("cp1252"))
    report = import_attendance(ctx, path)
    assert report.read_as == "UTF-8, separated by semicolons"  # plain ASCII reads as UTF-8
    assert [(r.line, r.outcome) for r in report.rows] == [(3, "new")]
    (claim,) = session_attendance(ctx, setting.now_session).claims
    assert claim.evidence["row"] == 3
