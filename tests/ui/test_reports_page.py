"""The Reports page: pick attendance, MOC or PARS, see the rows and the notes, save the file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from cme_desktop.services.context import Context
from cme_desktop.services.reporting.attendance import attendance_report
from cme_desktop.services.reporting.learners import learner_report, state_board_report
from cme_desktop.services.reporting.report import ReportKind
from cme_desktop.ui.events import AppEvents
from cme_desktop.ui.formatting import day_text, file_cell_text
from cme_desktop.ui.pages.reports import ReportsPage


@pytest.fixture
def page(qtbot, demo_ctx: Context, events: AppEvents) -> ReportsPage:  # type: ignore[no-untyped-def]
    widget = ReportsPage(demo_ctx, events)
    qtbot.addWidget(widget)
    widget.resize(1180, 760)
    with qtbot.waitSignal(widget.loaded, timeout=10_000):  # this month's attendance, on opening
        widget.show()
    return widget


def _cells(page: ReportsPage) -> list[tuple[str, ...]]:
    m = page.model
    return [tuple(m.index(r, c).data() for c in range(m.columnCount())) for r in range(m.rowCount())]


def _headers(page: ReportsPage) -> tuple[str, ...]:
    m = page.model
    return tuple(m.headerData(c, Qt.Orientation.Horizontal) for c in range(m.columnCount()))


def test_save_waits_for_a_report(qtbot, demo_ctx: Context, events: AppEvents) -> None:  # type: ignore[no-untyped-def]
    widget = ReportsPage(demo_ctx, events)
    qtbot.addWidget(widget)
    assert not widget.save_button.isEnabled()
    with qtbot.waitSignal(widget.loaded, timeout=10_000):
        widget.show()
    assert widget.save_button.isEnabled()


def test_opens_on_this_months_attendance_in_the_office_zone(page: ReportsPage) -> None:
    # The clock says 11:00 on November 28, 2026 in New York: this month so far, and this year for PARS.
    assert page.period() == (date(2026, 11, 1), date(2026, 11, 28))
    assert page.attendance_controls.isVisible() and not page.pars_controls.isVisible()
    assert page.year.value() == 2026
    assert "Attendance, November 1 to November 28, 2026" in page.summary.text()
    assert page.model.rowCount() > 0


def test_attendance_for_november_fills_the_table_and_counts_the_rows(
    qtbot, page: ReportsPage, demo_ctx: Context
) -> None:  # type: ignore[no-untyped-def]
    page.set_period(date(2026, 11, 1), date(2026, 11, 30))
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.mouseClick(page.show_button, Qt.MouseButton.LeftButton)
    expected = attendance_report(demo_ctx, date(2026, 11, 1), date(2026, 11, 30))
    assert len(expected.rows) > 0
    assert _headers(page) == expected.columns
    rows = _cells(page)
    assert rows == [tuple(file_cell_text(cell) for cell in row) for row in expected.rows]
    # The file keeps ISO days and 24-hour times; the preview reads like the rest of the app (issue 19, item 8).
    day, start = expected.rows[0][0], expected.rows[0][1]
    assert rows[0][0] == day_text(date.fromisoformat(day)) and rows[0][1].endswith(("AM", "PM"))
    assert page.model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == f"In the file: {day}"
    assert start in page.model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole)
    claimed = expected.columns.index("Claimed at")
    assert "T" in expected.rows[0][claimed] and "T" not in rows[0][claimed]  # no ISO instant on screen
    assert rows[0][claimed].startswith(day_text(date.fromisoformat(expected.rows[0][claimed][:10])))
    assert {r[expected.columns.index("Activity")] for r in rows} == {"Medicine Grand Rounds"}
    assert "Attendance, November 1 to November 30, 2026" in page.summary.text()
    assert f"{len(rows)} rows" in page.summary.text()
    assert page.save_button.isEnabled()


def test_one_activity_shows_at_once(qtbot, page: ReportsPage) -> None:  # type: ignore[no-untyped-def]
    index = page.activity.findText("Medicine Grand Rounds")
    assert index > 0 and page.activity.itemText(0) == "All activities"
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.activity.setCurrentIndex(index)
    activity = page.model.headers.index("Activity")
    assert {r[activity] for r in _cells(page)} == {"Medicine Grand Rounds"}


def test_revoked_claims_are_left_out_unless_asked_for(qtbot, page: ReportsPage, demo_ctx: Context) -> None:  # type: ignore[no-untyped-def]
    from cme_desktop.services.attendance.claims import revoke_claim
    from cme_desktop.services.demo.certificates import REVOKE_REASON
    from cme_desktop.store.models import AttendanceClaim

    with demo_ctx.db.transaction() as s:
        claim_id = s.query(AttendanceClaim.id).order_by(AttendanceClaim.claimed_at.desc()).limit(1).scalar()
    revoke_claim(demo_ctx, claim_id, "Left after ten minutes")
    before = page.model.rowCount()
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.show_button.click()
    status = page.model.headers.index("Status")
    assert page.model.rowCount() == before - 1
    assert {r[status] for r in _cells(page)} == {"active"}
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.include_revoked.setChecked(True)
    # The demo revoked one physician's attendance at last week's grand rounds after printing its certificates.
    assert page.model.rowCount() == before + 1
    assert sorted(r[status] for r in _cells(page) if r[status] != "active") == [
        f"revoked: {REVOKE_REASON}",
        "revoked: Left after ten minutes",
    ]
    assert "revoked claim" in page.notes.text() and page.notes.isVisible()


def test_pars_shows_the_year_hides_the_dates_and_lists_grand_rounds(qtbot, page: ReportsPage) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.choose(ReportKind.PARS)
    assert page.pars_controls.isVisible() and page.year.isVisible()
    assert not page.attendance_controls.isVisible()
    assert not page.start.isVisible() and not page.end.isVisible() and not page.activity.isVisible()
    rows = {r[_headers(page).index("Title")]: dict(zip(_headers(page), r, strict=True)) for r in _cells(page)}
    rounds = rows["Medicine Grand Rounds"]
    assert (rounds["Start date"], rounds["End date"], rounds["AMA PRA Category 1 Credits"]) == (
        "Sat Sep 5, 2026",
        "Sat Feb 20, 2027",
        "25",
    )
    assert rounds["MOC"] == "ABIM: Medical Knowledge, 25 points" and rounds["Status"] == "Active"
    assert "PARS activity data, 2026" in page.summary.text()
    assert "at least one outcome measure" in page.notes.text() and page.notes.isVisible()


def test_moc_keeps_the_period_offers_the_boards_and_names_who_is_left_out(
    qtbot, page: ReportsPage, demo_ctx: Context
) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.choose(ReportKind.LEARNERS)
    assert page.start.isVisible() and page.end.isVisible() and page.board.isVisible()
    assert not page.activity.isVisible() and not page.year.isVisible()
    expected = learner_report(demo_ctx, date(2026, 11, 1), date(2026, 11, 28))
    assert _cells(page) == list(expected.rows) and expected.rows
    assert {row[6] for row in _cells(page)} == {"ABIM"}
    assert "no permission to report to their board on file" in page.notes.text()
    assert [page.board.itemText(i) for i in range(page.board.count())][:3] == ["All boards", "ABA", "ABIM"]
    with qtbot.waitSignal(page.loaded, timeout=10_000):  # picking a board shows it at once
        page.board.setCurrentIndex(page.board.findData("ABP"))
    assert page.model.rowCount() == 0
    assert "MOC learner completions for ABP" in page.summary.text()


def test_state_boards_ask_for_a_state_and_list_licenses(qtbot, page: ReportsPage, demo_ctx: Context) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.choose(ReportKind.STATE)
    assert page.start.isVisible() and page.state.isVisible() and not page.board.isVisible()
    page.state.setText("SC")
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.show_button.click()
    expected = state_board_report(demo_ctx, date(2026, 11, 1), date(2026, 11, 28), "SC")
    assert _cells(page) == list(expected.rows) and expected.rows
    assert {row[10] for row in _cells(page)} == {"SC"}
    assert "State board completions for SC" in page.summary.text()


def test_a_changed_year_waits_for_show(qtbot, page: ReportsPage) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.choose(ReportKind.PARS)
    page.year.setValue(2025)
    assert "Press Show" in page.status.text()
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.show_button.click()
    assert "PARS activity data, 2025" in page.summary.text()
    assert page.status.text() == ""
    page.year.setValue(2024)
    page.year.setFocus()
    with qtbot.waitSignal(page.loaded, timeout=10_000):  # Enter in the year shows the report too
        qtbot.keyClick(page.year, Qt.Key.Key_Return)
    assert "PARS activity data, 2024" in page.summary.text()


def test_save_writes_the_report_where_the_coordinator_chose(
    qtbot, page: ReportsPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    offered: list[str] = []

    def fake_save(_parent: object, _caption: str, suggested: str, _filter: str) -> tuple[str, str]:
        offered.append(suggested)
        return str(tmp_path / "november"), "CSV files (*.csv)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_save)
    assert page.report is not None
    with qtbot.waitSignal(page.saved, timeout=10_000):
        page.save_button.click()
    assert Path(offered[0]).name == f"{page.report.title}.csv"
    written = tmp_path / "november.csv"
    raw = written.read_bytes()
    assert not raw.startswith("\ufeff".encode())  # plain UTF-8: Excel's From Text/CSV reads it as such
    text = raw.decode("utf-8")
    assert text.startswith(",".join(page.report.columns) + "\r\n")
    assert text.count("\r\n") == len(page.report.rows) + 1
    assert page.status.text() == f"Saved to {written}"


def test_a_failed_save_says_why_and_nothing_else_breaks(
    qtbot, page: ReportsPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dialogs: list[str]
) -> None:  # type: ignore[no-untyped-def]
    missing = tmp_path / "no such folder" / "report.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: (str(missing), ""))
    page.save_button.click()
    qtbot.waitUntil(lambda: bool(dialogs), timeout=10_000)
    assert "could not be saved" in dialogs[0] and str(missing) in dialogs[0]
    assert page.status.text() == "Nothing was saved."
    assert not missing.exists()


def test_a_period_that_ends_before_it_starts_is_explained(
    qtbot, page: ReportsPage, dialogs: list[str]
) -> None:  # type: ignore[no-untyped-def]
    shown = _cells(page)
    page.set_period(date(2026, 11, 20), date(2026, 11, 1))
    page.show_button.click()
    qtbot.waitUntil(lambda: bool(dialogs), timeout=10_000)
    with pytest.raises(ValueError) as refused:
        attendance_report(page.ctx, date(2026, 11, 20), date(2026, 11, 1))
    assert dialogs == [str(refused.value)]
    assert _cells(page) == shown  # the report shown before stays, and the page still works
    page.set_period(date(2026, 11, 1), date(2026, 11, 20))
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.show_button.click()
    assert "November 1 to November 20, 2026" in page.summary.text()


def test_pars_is_saved_as_the_xml_upload(
    qtbot, page: ReportsPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.choose(ReportKind.PARS)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: (str(tmp_path / "pars 2026"), ""))
    with qtbot.waitSignal(page.saved, timeout=10_000):
        page.save_button.click()
    written = tmp_path / "pars 2026.xml"
    assert written.read_bytes().startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    assert b'<lom:string language="en">Medicine Grand Rounds</lom:string>' in written.read_bytes()
