"""The menu bar (issue 19, item 9): every action with its shortcut, Help, Keyboard shortcuts, About and Undo."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QApplication

from cme_desktop import __version__
from cme_desktop.config import log_path
from cme_desktop.services.context import Context
from cme_desktop.ui.events import AppEvents
from cme_desktop.ui.help import AboutDialog, HelpDialog, ShortcutsDialog
from cme_desktop.ui.main_window import MainWindow


def shown(qtbot, ctx: Context, events: AppEvents) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(ctx, events)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.first_page_ready, timeout=10_000):
        window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


def menu_texts(window: MainWindow) -> dict[str, list[str]]:
    return {
        menu.title().replace("&", ""): [
            a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()
        ]
        for menu in (
            window.menus.file,
            window.menus.edit,
            window.menus.view,
            window.menus.go,
            window.menus.help,
        )
    }


def test_the_menu_bar_has_the_usual_menus_with_every_page_and_action(
    qtbot, ctx: Context, events: AppEvents
) -> None:  # type: ignore[no-untyped-def]
    window = shown(qtbot, ctx, events)
    menus = menu_texts(window)
    assert list(menus) == ["File", "Edit", "View", "Go", "Help"]
    assert menus["Go"] == window.page_titles()
    assert "New activity…" in menus["File"] and "Quit" in menus["File"]
    assert "Find" in menus["Edit"] and "Nothing to undo" in menus["Edit"]
    assert menus["Help"][-1] == "About CME Desk"
    go = {a.text(): a.shortcut().toString() for a in window.menus.go.actions()}
    assert go["Today"] == "Ctrl+1" and go["Settings"] == "Ctrl+9"


def test_ctrl_n_opens_a_new_activity_from_any_page(qtbot, ctx: Context, events: AppEvents) -> None:  # type: ignore[no-untyped-def]
    window = shown(qtbot, ctx, events)
    window.show_page("People")
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.page_titles()[window.sidebar.currentRow()] == "Activities"
    dialog = window.page("Activities").dialog  # type: ignore[attr-defined]
    assert dialog is not None and dialog.windowTitle() == "New activity"


def test_ctrl_number_goes_to_a_page_and_ctrl_f_finds_on_it(qtbot, ctx: Context, events: AppEvents) -> None:  # type: ignore[no-untyped-def]
    window = shown(qtbot, ctx, events)
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    people = window.page("People")
    assert window.stack.currentWidget() is people
    assert window.menus.pages[2].isChecked()
    people.search.setText("smith")  # type: ignore[attr-defined]
    window.sidebar.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert people.search.hasFocus()  # type: ignore[attr-defined]
    assert people.search.selectedText() == "smith"  # type: ignore[attr-defined]
    window.show_page("Settings")
    assert not window.menus.find.isEnabled()  # nothing to find on Settings: the item is greyed, not silent


def test_undo_names_what_it_takes_back_and_runs_it_once(qtbot, ctx: Context, events: AppEvents) -> None:  # type: ignore[no-untyped-def]
    window = shown(qtbot, ctx, events)
    ran: list[str] = []
    events.undo.push("Undo revoke: Jane Doe, MD", lambda: ran.append("revoke"))
    assert window.menus.undo.text() == "Undo revoke: Jane Doe, MD"
    assert window.menus.undo.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert ran == ["revoke"]
    assert window.menus.undo.text() == "Nothing to undo" and not window.menus.undo.isEnabled()
    window.menus.undo.trigger()
    assert ran == ["revoke"]


def test_the_shortcuts_dialog_lists_what_the_menus_bind(qtbot, ctx: Context, events: AppEvents) -> None:  # type: ignore[no-untyped-def]
    window = shown(qtbot, ctx, events)
    dialog = ShortcutsDialog(window.menus.actions(), window)
    qtbot.addWidget(dialog)
    rows = {
        (dialog.table.item(r, 1).text(), dialog.table.item(r, 2).text())
        for r in range(dialog.table.rowCount())
    }
    new = QKeySequence(QKeySequence.StandardKey.New).toString(QKeySequence.SequenceFormat.NativeText)
    assert ("New activity", new) in rows
    assert ("Attendance", "Ctrl+4") in rows
    assert all(keys for _action, keys in rows)


def test_about_names_the_version_the_database_and_the_log(qtbot, ctx: Context) -> None:  # type: ignore[no-untyped-def]
    dialog = AboutDialog(ctx)
    qtbot.addWidget(dialog)
    text = dialog.text()
    assert f"Version: {__version__}" in text
    assert f"Database: {ctx.db.description}" in text
    assert f"Log file: {log_path()}" in text
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == text


def test_help_is_the_coordinators_guide(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = HelpDialog()
    qtbot.addWidget(dialog)
    text = dialog.browser.toPlainText()
    assert "On the day of a session" in text and "Esc stops presenting" in text


def test_the_window_has_the_app_icon_and_first_opens_within_the_screen(
    qtbot, ctx: Context, events: AppEvents
) -> None:  # type: ignore[no-untyped-def]
    window = shown(qtbot, ctx, events)
    assert not window.windowIcon().isNull()
    screen = window.screen().availableGeometry()
    assert window.width() <= screen.width() and window.height() <= screen.height()
