"""Sessions on the Activities page: a year of weekly grand rounds from the schedule builder, one session at a time,
a leaked code replaced, and a CSV import refused while a row is wrong."""

from __future__ import annotations

import re
from datetime import date, time
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from cme_desktop.domain.vocabulary import ActivityFormat
from cme_desktop.services.activities.records import (
    ActivityInput,
    DesignationInput,
    create_activity,
    get_activity,
)
from cme_desktop.services.activities.session_plan import SessionInput
from cme_desktop.services.activities.sessions import add_session, get_session
from cme_desktop.services.context import Context
from cme_desktop.ui.activities.series_dialog import SeriesDialog
from cme_desktop.ui.events import AppEvents
from cme_desktop.ui.pages.activities import ActivitiesPage
from tests.ui.test_activities_page import open_page

CODE = re.compile(r"^[1-9]\d\d \d{4}$")


@pytest.fixture
def rounds(ctx: Context) -> int:
    return create_activity(
        ctx,
        ActivityInput(
            "Medicine Grand Rounds",
            ActivityFormat.RSS,
            designations=(DesignationInput("ama_pra_1", Decimal(52)),),
        ),
    ).id


def _page(qtbot, ctx: Context, events: AppEvents) -> ActivitiesPage:  # type: ignore[no-untyped-def]
    page = open_page(qtbot, ctx, events)
    qtbot.waitUntil(lambda: page.sessions.detail is not None, timeout=10_000)
    return page


def _column(page: ActivitiesPage, name: str) -> list[str]:
    model = page.sessions.proxy
    column = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())].index(name)
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_a_year_of_weekly_grand_rounds_from_the_schedule_builder(
    qtbot, ctx: Context, events: AppEvents, rounds: int, dialogs: list[str]
) -> None:  # type: ignore[no-untyped-def]
    """DOMAIN.md, "RSS": a weekly 1-hour series for a year is 52 sessions, 52 credits."""
    page = _page(qtbot, ctx, events)
    changed: list[bool] = []
    events.sessions_changed.connect(lambda: changed.append(True))
    page.sessions.schedule_button.click()
    dialog = page.sessions.dialog
    assert isinstance(dialog, SeriesDialog)
    dialog.form.first.setDate(QDate(2026, 12, 2))  # a Wednesday: the weekday follows the first date
    dialog.form.last.setDate(QDate(2027, 11, 24))
    dialog.form.start_time.setTime(QTime(7, 0))
    dialog.room.setText("Storm Eye Auditorium")
    qtbot.waitUntil(
        lambda: dialog.create_button.isEnabled() and len(dialog.preview.sessions) == 52, timeout=10_000
    )
    assert dialog.summary.text() == "52 sessions, 52 credits: Every week on Wednesday at 7:00 AM"
    assert dialog.create_button.text() == "Create 52 sessions"

    with qtbot.waitSignal(page.loaded, timeout=20_000):
        dialog.create_sessions()
    qtbot.waitUntil(lambda: page.sessions.proxy.rowCount() == 52, timeout=10_000)
    codes = _column(page, "Code")
    assert all(CODE.match(code) for code in codes) and len(set(codes)) == 52
    # DESIGN.md, "Times": 7:00 local on both sides of the daylight-saving changes.
    assert set(_column(page, "Time")) == {"7:00 AM – 8:00 AM"}
    assert _column(page, "Date")[0] == "Wed Dec 2, 2026" and _column(page, "Date")[-1] == "Wed Nov 24, 2027"
    assert page.proxy.index(0, 3).data() == "52"
    assert changed and dialogs == []


def test_the_builder_shows_problems_in_red_and_keeps_create_off(
    qtbot, ctx: Context, events: AppEvents, rounds: int
) -> None:  # type: ignore[no-untyped-def]
    add_session(ctx, rounds, SessionInput(date(2026, 12, 9), time(7, 30), time(8, 30)))
    page = _page(qtbot, ctx, events)
    page.sessions.add_from_schedule()
    dialog = page.sessions.dialog
    dialog.form.first.setDate(QDate(2026, 12, 2))
    dialog.form.last.setDate(QDate(2026, 12, 30))
    dialog.form.start_time.setTime(QTime(7, 0))
    qtbot.waitUntil(lambda: dialog.problems.isVisible(), timeout=10_000)
    assert "overlap" in dialog.problems.text().lower()
    assert not dialog.create_button.isEnabled()

    dialog.form.add_skip(date(2026, 12, 9))
    qtbot.waitUntil(lambda: dialog.create_button.isEnabled(), timeout=10_000)
    assert len(dialog.preview.sessions) == 4 and not dialog.problems.isVisible()

    dialog.form.last.setDate(QDate(2026, 11, 30))
    qtbot.waitUntil(
        lambda: not dialog.create_button.isEnabled() and dialog.problems.isVisible(), timeout=10_000
    )
    assert dialog.problems.text().startswith("The last date (Monday, November 30, 2026) is before the first")


def test_replacing_a_code_shows_the_new_one_and_says_the_old_one_stops(
    qtbot, ctx: Context, events: AppEvents, rounds: int, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    old = add_session(ctx, rounds, SessionInput(date(2026, 12, 2), time(12), time(13))).attendance_code
    assert old is not None
    asked: list[str] = []

    def get_text(parent, title, label, *args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(label)
        return "Posted on a group chat", True

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(get_text))
    page = _page(qtbot, ctx, events)
    page.sessions.table.selectRow(0)
    with qtbot.waitSignal(page.sessions.loaded, timeout=10_000):
        page.sessions.code_button.click()
    grouped_old = f"{old[:3]} {old[3:]}"
    assert grouped_old in asked[0] and "stops working at once" in asked[0]
    new = get_activity(ctx, rounds).sessions[0].attendance_code
    assert new and new != old
    assert _column(page, "Code") == [f"{new[:3]} {new[3:]}"]
    assert f"{grouped_old} no longer works" in page.sessions.status.text()


def test_an_end_before_the_start_is_refused_in_the_session_dialog(
    qtbot, ctx: Context, events: AppEvents, rounds: int, dialogs: list[str]
) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, ctx, events)
    page.sessions.add_session()
    dialog = page.sessions.dialog
    dialog.start.setTime(QTime(13, 0))
    dialog.end.setTime(QTime(12, 0))
    dialog.save()
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=10_000)
    assert dialog.error.text().startswith(
        "A session must end after it starts; this one is set to start at 1:00 PM"
    )
    assert get_activity(ctx, rounds).sessions == () and dialogs == []

    dialog.end.setTime(QTime(14, 0))
    dialog.topic.setText("Sepsis in 2027")
    with qtbot.waitSignal(page.sessions.loaded, timeout=10_000):
        dialog.save()
    assert _column(page, "Topic") == ["Sepsis in 2027"]
    assert _column(page, "Credits") == ["1"]


def _import(qtbot, page: ActivitiesPage, path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), "")))
    page.sessions.import_button.click()
    dialog = page.sessions.dialog
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10_000)
    return dialog


def test_a_csv_with_a_bad_row_cannot_be_imported_and_a_good_one_can(
    qtbot, ctx: Context, events: AppEvents, rounds: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "date,start,end,topic,speakers,room\n"
        "2026-12-02,12:00,13:00,Sepsis,Ann Lee,Aud\n"
        "2026-12-09,13:00,12:00,Heart failure,Bo Chen,Aud\n"
    )
    page = _page(qtbot, ctx, events)
    dialog = _import(qtbot, page, bad, monkeypatch)
    assert not dialog.import_button.isEnabled()
    assert dialog.summary.text().startswith(
        "Nothing can be imported yet: 1 of 2 rows needs fixing (first: line 3)."
    )
    results = [dialog.model.index(r, 7).data() for r in range(dialog.model.rowCount())]
    details = [dialog.model.index(r, 8).data() for r in range(dialog.model.rowCount())]
    assert results == ["new", "Needs fixing"] and details[1].startswith("A session must end after it starts")
    assert (
        dialog.model.index(1, 0).data(Qt.ItemDataRole.ForegroundRole).color().name() == "#b3261e"
    )  # the bad row is red
    dialog.reject()

    good = tmp_path / "good.csv"
    good.write_text(bad.read_text().replace("13:00,12:00", "12:00,13:00"))
    dialog = _import(qtbot, page, good, monkeypatch)
    assert dialog.import_button.isEnabled() and dialog.import_button.text() == "Import 2 rows"
    with qtbot.waitSignal(page.sessions.loaded, timeout=10_000):
        dialog.run_import()
    assert _column(page, "Topic") == ["Sepsis", "Heart failure"]
    assert all(CODE.match(code) for code in _column(page, "Code"))


def test_moving_a_session_with_claims_asks_first_and_keeps_the_claims(
    qtbot, demo_ctx: Context, events: AppEvents, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    asked: list[str] = []

    def answer_yes(box: QMessageBox) -> int:
        asked.append(box.text())
        return int(QMessageBox.StandardButton.Yes)

    monkeypatch.setattr(QMessageBox, "exec", answer_yes)
    page = _page(qtbot, demo_ctx, events)
    rounds = next(a for a in page.model.rows if a.format == ActivityFormat.RSS)
    page.select_activity(rounds.id)
    qtbot.waitUntil(lambda: page.sessions.detail is not None and page.sessions.detail.id == rounds.id)
    claimed = next(s for s in page.sessions.model.rows if s.claim_count)
    page.sessions.select_session(claimed.id)
    page.sessions.edit_session()
    dialog = page.sessions.dialog
    dialog.start.setTime(QTime(12, 15))
    dialog.end.setTime(QTime(13, 15))
    with qtbot.waitSignal(page.sessions.loaded, timeout=10_000):
        dialog.save()
    assert len(asked) == 1
    assert asked[0].startswith(
        f"{claimed.claim_count} learners have already claimed this session; moving it to "
    )
    stored = get_session(demo_ctx, claimed.id)
    assert stored.local_start().time() == time(12, 15)
    assert (stored.claim_count, stored.attendance_code) == (claimed.claim_count, claimed.attendance_code)


def test_cancel_asks_why_and_restore_gives_a_new_code(
    qtbot, ctx: Context, events: AppEvents, rounds: int, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    old = add_session(ctx, rounds, SessionInput(date(2026, 12, 2), time(12), time(13))).attendance_code
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("Speaker ill", True)))
    page = _page(qtbot, ctx, events)
    page.sessions.table.selectRow(0)
    page.sessions.table.setFocus()
    with qtbot.waitSignal(page.sessions.loaded, timeout=10_000):
        qtbot.keyClick(page.sessions.table, Qt.Key.Key_Delete)
    assert (_column(page, "Status"), _column(page, "Code")) == (["Cancelled"], ["—"])
    assert page.sessions.cancel_button.text() == "Restore session"
    assert not page.sessions.code_button.isEnabled()
    with qtbot.waitSignal(page.sessions.loaded, timeout=10_000):
        page.sessions.cancel_button.click()
    assert _column(page, "Status") == ["Scheduled"]
    new = get_activity(ctx, rounds).sessions[0].attendance_code
    assert new and new != old and _column(page, "Code") == [f"{new[:3]} {new[3:]}"]


def test_present_from_a_sessions_row_puts_that_session_on_the_projector(
    qtbot, demo_ctx: Context, events: AppEvents
) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, demo_ctx, events)
    rounds = next(a for a in page.model.rows if a.format == ActivityFormat.RSS)
    page.select_activity(rounds.id)
    qtbot.waitUntil(lambda: page.sessions.detail is not None and page.sessions.detail.id == rounds.id)
    assert not page.sessions.present_button.isEnabled()  # nothing chosen yet
    upcoming = next(s for s in page.sessions.model.rows if s.starts_at > demo_ctx.clock())
    page.sessions.select_session(upcoming.id)
    page.sessions.present_button.click()
    controller = page.sessions.presentation
    with qtbot.waitSignal(controller.ready, timeout=15_000):
        pass
    assert controller.content.code == upcoming.attendance_code
    controller.stop()
