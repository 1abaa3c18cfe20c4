"""Presenting a session end to end: the projector opens, the disclosure time is recorded, the count stays live,
the laptop's strip follows the slides, and Esc leaves with the main window untouched."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QWidget

from cme_desktop import cli
from cme_desktop.services.audit import history
from cme_desktop.services.context import Context
from cme_desktop.services.present.slides import slide_content
from cme_desktop.ui import tasks
from cme_desktop.ui.events import AppEvents
from cme_desktop.ui.present import open_presentation
from cme_desktop.ui.present.controller import default_screen_index
from tests.services.present_factory import add_claims, make_session, office_settings


@pytest.fixture
def main_window(qtbot) -> QWidget:  # type: ignore[no-untyped-def]
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    return window


def _idle(qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not tasks._running, timeout=10_000)


def test_presenting_records_the_disclosure_and_follows_the_slides(
    qtbot, ctx: Context, events: AppEvents, main_window: QWidget, dialogs: list[str]
) -> None:  # type: ignore[no-untyped-def]
    office_settings(ctx)
    session_id = make_session(ctx)
    controller = open_presentation(main_window, ctx, events, session_id)
    with qtbot.waitSignal(controller.ready, timeout=10_000):
        pass
    projector, strip = controller.projector, controller.strip
    assert projector is not None and strip is not None
    assert projector.isVisible() and projector.isFullScreen()
    assert strip.slide_label.text() == "Slide 1 of 2: Disclosure to learners"

    qtbot.waitUntil(lambda: slide_content(ctx, session_id).disclosure_shown_at == ctx.clock(), timeout=10_000)
    assert [e.action for e in history(ctx, "session", session_id)] == ["session.disclosure_shown"]

    qtbot.keyClick(strip, Qt.Key.Key_Right)  # a clicker's key while the laptop has the focus
    assert projector.current_kind() == "attendance"
    assert strip.slide_label.text() == "Slide 2 of 2: Attendance code"
    assert projector.attendance.code_label.text() == "235 6446"

    add_claims(ctx, session_id, 2)
    events.attendance_changed.emit()
    qtbot.waitUntil(lambda: strip.count_label.text() == "2 learners signed in", timeout=10_000)

    with qtbot.waitSignal(controller.closed, timeout=5_000):
        qtbot.keyClick(projector, Qt.Key.Key_Escape)
    assert not projector.isVisible() and main_window.isVisible()
    _idle(qtbot)
    assert dialogs == []


def test_dark_slides_and_the_count_on_screen_are_remembered(
    qtbot, ctx: Context, events: AppEvents, main_window: QWidget
) -> None:  # type: ignore[no-untyped-def]
    office_settings(ctx)
    session_id = make_session(ctx, statement=None)
    controller = open_presentation(main_window, ctx, events, session_id)
    qtbot.waitUntil(lambda: controller.strip is not None, timeout=10_000)
    assert controller.strip is not None and controller.projector is not None
    controller.strip.dark_box.setChecked(True)
    controller.strip.count_box.setChecked(True)
    assert controller.projector.theme.name == "dark"
    assert controller.projector.attendance.count_label.isVisibleTo(controller.projector.attendance)
    controller.stop()
    _idle(qtbot)

    again = open_presentation(main_window, ctx, events, session_id)
    qtbot.waitUntil(lambda: again.projector is not None, timeout=10_000)
    assert again.projector is not None
    assert again.projector.theme.name == "dark" and again.projector.show_count
    assert [slide.kind for slide in again.projector.slides] == ["attendance"]
    again.stop()
    _idle(qtbot)


def test_the_slide_saved_from_the_app_is_the_projector_size_and_scans(
    qtbot,
    ctx: Context,
    events: AppEvents,
    main_window: QWidget,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # type: ignore[no-untyped-def]
    import zxingcpp

    office_settings(ctx)
    controller = open_presentation(main_window, ctx, events, make_session(ctx))
    qtbot.waitUntil(lambda: controller.strip is not None, timeout=10_000)
    out = tmp_path / "slides" / "attendance.png"
    out.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), "PNG image (*.png)"))
    controller.save_png()
    qtbot.waitUntil(out.exists, timeout=10_000)
    assert controller.projector is not None
    screen = controller.projector.screen().size()
    picture = Image.open(out)
    assert picture.size == (screen.width(), screen.height())
    assert [r.text for r in zxingcpp.read_barcodes(picture)] == ["SMSTO:+18335582111:ATTEND 2356446"]
    controller.stop()
    _idle(qtbot)


def test_an_unknown_session_says_so_and_opens_nothing(
    qtbot, ctx: Context, events: AppEvents, main_window: QWidget, dialogs: list[str]
) -> None:  # type: ignore[no-untyped-def]
    controller = open_presentation(main_window, ctx, events, 999)
    with qtbot.waitSignal(controller.closed, timeout=10_000):
        pass
    assert dialogs == ["There is no session number 999."]


def test_the_projector_goes_where_the_main_window_is_not() -> None:
    assert default_screen_index(["laptop", "projector"], "laptop", None) == 1
    assert default_screen_index(["projector", "laptop"], "laptop", None) == 0
    assert default_screen_index(["laptop", "hdmi", "usb-c"], "laptop", "usb-c") == 2
    assert default_screen_index(["laptop", "hdmi"], "laptop", "laptop") == 1  # never over the controls
    assert default_screen_index(["laptop"], "laptop", None) == 0


def test_slide_command_writes_a_png_of_the_requested_size(sqlite_ctx: Context, tmp_path: Path) -> None:
    import zxingcpp

    office_settings(sqlite_ctx)
    session_id = make_session(sqlite_ctx)
    out = tmp_path / "out" / "slide.png"
    out.parent.mkdir()
    url = sqlite_ctx.db.url.render_as_string(hide_password=False)
    code = cli.run(
        ["--database", url, "slide", "--session", str(session_id), "--size", "1280x720", "--out", str(out)],
        clock=sqlite_ctx.clock,
    )
    assert code == 0
    picture = Image.open(out)
    assert picture.size == (1280, 720)
    assert [r.text for r in zxingcpp.read_barcodes(picture)] == ["SMSTO:+18335582111:ATTEND 2356446"]


def test_slide_command_refuses_a_wrong_size(sqlite_ctx: Context, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    url = sqlite_ctx.db.url.render_as_string(hide_password=False)
    code = cli.run(
        ["--database", url, "slide", "--session", "1", "--size", "big", "--out", str(tmp_path / "s.png")],
        clock=sqlite_ctx.clock,
    )
    assert code == 1
    assert "'big' is not a size like 1920x1080." in capsys.readouterr().err


def test_signin_sheet_command_writes_the_pdf(sqlite_ctx: Context, tmp_path: Path) -> None:
    from pypdf import PdfReader

    office_settings(sqlite_ctx)
    session_id = make_session(sqlite_ctx)
    out = tmp_path / "out" / "sheet.pdf"
    out.parent.mkdir()
    url = sqlite_ctx.db.url.render_as_string(hide_password=False)
    argv = ["--database", url, "signin-sheet", "--session", str(session_id), "--out", str(out)]
    assert cli.run(argv, clock=sqlite_ctx.clock) == 0
    text = " ".join(PdfReader(out).pages[0].extract_text().split())
    assert "235 6446" in text and "Text ATTEND 2356446 to (833) 558-2111" in text


def test_a_new_texting_number_reaches_the_projector_while_presenting(
    qtbot, ctx: Context, events: AppEvents, main_window: QWidget
) -> None:  # type: ignore[no-untyped-def]
    from cme_desktop.services.office import settings as office

    office_settings(ctx)
    controller = open_presentation(main_window, ctx, events, make_session(ctx, statement=None))
    qtbot.waitUntil(lambda: controller.projector is not None, timeout=10_000)
    office.update_settings(ctx, {"texting_number": "+1 843 555 0100"})
    events.settings_changed.emit()
    qtbot.waitUntil(
        lambda: (
            controller.projector is not None
            and controller.projector.attendance.texting_label.text().replace("\u00a0", " ")
            == "Text ATTEND 2356446 to (843) 555-0100"
        ),
        timeout=10_000,
    )
    assert controller.projector.attendance.qr is not None
    assert controller.projector.attendance.qr.payload == "SMSTO:+18435550100:ATTEND 2356446"
    controller.stop()
    _idle(qtbot)


def test_the_screen_picker_appears_only_with_several_screens(qtbot) -> None:  # type: ignore[no-untyped-def]
    from cme_desktop.ui.present.control import ControlStrip

    strip = ControlStrip("Medicine Grand Rounds")
    qtbot.addWidget(strip)
    strip.show()
    strip.set_screens(["eDP-1"], 0)
    assert not strip.screen_picker.isVisible()
    strip.set_screens(["eDP-1", "HDMI-1"], 1)
    assert strip.screen_picker.isVisible() and strip.screen_picker.currentText() == "HDMI-1"


def test_present_twice_brings_the_running_presentation_forward_instead_of_a_second_one(
    qtbot, ctx: Context, events: AppEvents, main_window: QWidget
) -> None:  # type: ignore[no-untyped-def]
    """Issue 19: a double-click on Present opened two full-screen presentations; Esc left one behind."""
    office_settings(ctx)
    session_id = make_session(ctx)
    first = open_presentation(main_window, ctx, events, session_id)
    again = open_presentation(main_window, ctx, events, session_id)
    assert again is first
    with qtbot.waitSignal(first.ready, timeout=10_000):
        pass
    assert open_presentation(main_window, ctx, events, session_id) is first
    projector = first.projector
    assert projector is not None and not projector.hint.isHidden()
    assert projector.hint.text() == "Esc to stop presenting"
    with qtbot.waitSignal(first.closed, timeout=5_000):
        qtbot.keyClick(projector, Qt.Key.Key_Escape)
    assert not projector.isVisible()
    _idle(qtbot)


def test_closing_the_main_window_asks_then_ends_presenting(
    qtbot, ctx: Context, events: AppEvents, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from cme_desktop.ui.main_window import MainWindow
    from cme_desktop.ui.present.controller import running_presentation

    office_settings(ctx)
    session_id = make_session(ctx)
    window = MainWindow(ctx, events)
    qtbot.addWidget(window)
    window.show()
    controller = open_presentation(window, ctx, events, session_id)
    with qtbot.waitSignal(controller.ready, timeout=10_000):
        pass
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Close]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: answers.pop(0))
    window.close()
    assert window.isVisible() and running_presentation(window) is controller  # Cancel: still presenting
    window.close()
    assert not window.isVisible() and running_presentation(window) is None
    _idle(qtbot)
