"""Importing attendance from CSV: preview, all rows or none, a row-by-row report, file and row as evidence."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from cme_desktop.services.attendance.importing import ImportRefused, import_attendance, preview_import
from cme_desktop.services.attendance.queries import session_attendance
from cme_desktop.services.context import Context
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
    assert [r.outcome for r in preview.rows] == ["recorded"] * 3
    assert not preview.committed and _claims(ctx) == 0
    report = import_attendance(ctx, path)
    assert report.committed and report.recorded == 3
    claims = {c.person_id: c for c in session_attendance(ctx, setting.now_session).claims}
    assert claims[setting.physician].evidence == {
        "file": "sign-in.csv",
        "row": 2,
        "entered_by": "coordinator",
        "machine": "test-laptop",
    }
    assert claims[setting.nurse].credit_quarters == 3
    assert import_attendance(ctx, path).already == 3
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
    assert str(refused.value).startswith("Nothing was imported: 2 of 3 rows need attention")
    assert [(r.line, r.problem is None) for r in report.rows] == [(2, True), (3, False), (4, False)]
    assert report.rows[1].problem == "no profile has the email stranger@example.org"
    assert "closed on Wednesday, November 25, 2026; give a reason" in (report.rows[2].problem or "")
    assert report.unknown_people == ("stranger@example.org",)
    assert _claims(ctx) == 0


def test_late_rows_import_with_a_reason(ctx: Context, setting: Setting, tmp_path: Path) -> None:
    path = _write(tmp_path, f"email,session_id\nray.moss@example.org,{setting.past_session}\n")
    report = import_attendance(ctx, path, reason="Paper sheet found after the window")
    assert report.recorded == 1


def test_a_file_without_the_columns_it_needs_is_refused_in_a_sentence(
    ctx: Context, setting: Setting, tmp_path: Path
) -> None:
    with pytest.raises(ValueError, match="no code or session_id column"):
        preview_import(ctx, _write(tmp_path, "email\njane.doe@example.org\n"))
    with pytest.raises(ValueError, match="header but no rows"):
        preview_import(ctx, _write(tmp_path, "email,code\n"))
