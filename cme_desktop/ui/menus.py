"""The menu bar: every action of the app, each with its shortcut shown (File, Edit, View, Go, Help).

Actions that belong to a page open that page first and then do what its button does, so the menu and the
buttons never disagree. Find and Refresh act on the page on screen; Undo takes back the newest entry of the
window's undo list (ui/undo.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLineEdit, QMenu, QWidget

if TYPE_CHECKING:
    from cme_desktop.ui.main_window import MainWindow


class Menus:
    """The window's menus and the actions whose state follows the page on screen."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        bar = window.menuBar()
        self.file = bar.addMenu("&File")
        self.edit = bar.addMenu("&Edit")
        self.view = bar.addMenu("&View")
        self.go = bar.addMenu("&Go")
        self.help = bar.addMenu("&Help")

        self._add(
            self.file, "&New activity…", self._on("Activities", "new_activity"), QKeySequence.StandardKey.New
        )
        self._add(self.file, "New &profile…", self._on("People", "open_profile", None), "Ctrl+Shift+N")
        self.file.addSeparator()
        self._add(self.file, "Import &people from CSV…", self._on("People", "choose_import"))
        self._add(self.file, "Import &attendance from CSV…", self._on("Attendance", "choose_import"))
        self._add(self.file, "&Export attendance to CSV…", self._on("Attendance", "choose_export"))
        self.file.addSeparator()
        self._add(self.file, "Sign-in &kiosk…", self._on("Attendance", "open_kiosk"), "Ctrl+K")
        self._add(self.file, "&Certificates…", self._go("Certificates"), QKeySequence.StandardKey.Print)
        self.file.addSeparator()
        self._add(self.file, "&Database…", self._on("Settings", "show_tab", "Database"))
        self.file.addSeparator()
        self.quit = self._add(self.file, "&Quit", window.close, QKeySequence.StandardKey.Quit)

        self.undo = self._add(
            self.edit, "Nothing to undo", window.events.undo.undo, QKeySequence.StandardKey.Undo
        )
        window.events.undo.changed.connect(self._undo_changed)
        self._undo_changed()
        self.edit.addSeparator()
        self.find = self._add(self.edit, "&Find", self._find, QKeySequence.StandardKey.Find)
        self.edit.addSeparator()
        self._add(self.edit, "&Settings…", self._go("Settings"), "Ctrl+,")

        self.refresh = self._add(self.view, "&Refresh", self._refresh, QKeySequence.StandardKey.Refresh)
        self.full_screen = self._add(self.view, "&Full screen", self._toggle_full_screen, "F11")
        self.full_screen.setCheckable(True)

        self.pages: list[QAction] = []
        for index, title in enumerate(window.page_titles()):
            action = self._add(self.go, title, self._go(title), f"Ctrl+{index + 1}")
            action.setCheckable(True)
            self.pages.append(action)

        self._add(self.help, "CME Desk &help", self._open_help, QKeySequence.StandardKey.HelpContents)
        self._add(self.help, "&Keyboard shortcuts", self._open_shortcuts, "Ctrl+/")
        self._add(self.help, "Open the &log folder", self._open_log_folder)
        self.help.addSeparator()
        self._add(self.help, "&About CME Desk", self._open_about)

    # Building -------------------------------------------------------------------------------------------------

    def _add(
        self,
        menu: QMenu,
        text: str,
        slot: Callable[[], Any],
        shortcut: QKeySequence.StandardKey | str | None = None,
    ) -> QAction:
        action = QAction(text, self.window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    def _go(self, title: str) -> Callable[[], None]:
        def run() -> None:
            self.window.show_page(title)

        return run

    def _on(self, title: str, method: str, *args: object) -> Callable[[], None]:
        def run() -> None:
            page = self.window.show_page(title)
            getattr(page, method)(*args)

        return run

    def actions(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """Each menu's name and its (action, shortcut) pairs, as the shortcuts dialog lists them."""
        listed = []
        for menu in (self.file, self.edit, self.view, self.go, self.help):
            rows = [
                (
                    action.text().replace("&", "").rstrip("…"),
                    action.shortcut().toString(QKeySequence.SequenceFormat.NativeText),
                )
                for action in menu.actions()
                if not action.isSeparator()
            ]
            listed.append((menu.title().replace("&", ""), rows))
        return listed

    # State that follows the page on screen ----------------------------------------------------------------------

    def page_shown(self, index: int, page: QWidget) -> None:
        for i, action in enumerate(self.pages):
            action.setChecked(i == index)
        self.find.setEnabled(isinstance(getattr(page, "search", None), QLineEdit))
        self.refresh.setEnabled(_refresher(page) is not None)

    def _undo_changed(self) -> None:
        label = self.window.events.undo.label
        self.undo.setText(label or "Nothing to undo")
        self.undo.setEnabled(label is not None)

    # Slots ------------------------------------------------------------------------------------------------------

    def _current(self) -> QWidget | None:
        return self.window.stack.currentWidget()

    def _find(self) -> None:
        search = getattr(self._current(), "search", None)
        if isinstance(search, QLineEdit):
            search.setFocus()
            search.selectAll()

    def _refresh(self) -> None:
        page = self._current()
        refresh = _refresher(page) if page is not None else None
        if refresh is not None:
            refresh()

    def _toggle_full_screen(self) -> None:
        if self.window.isFullScreen():
            self.window.showNormal()
        else:
            self.window.showFullScreen()
        self.full_screen.setChecked(self.window.isFullScreen())

    def _open_help(self) -> None:
        from cme_desktop.ui.help import HelpDialog

        self.window.open_dialog(HelpDialog(self.window))

    def _open_shortcuts(self) -> None:
        from cme_desktop.ui.help import ShortcutsDialog

        self.window.open_dialog(ShortcutsDialog(self.actions(), self.window))

    def _open_about(self) -> None:
        from cme_desktop.ui.help import AboutDialog

        self.window.open_dialog(AboutDialog(self.window.ctx, self.window))

    def _open_log_folder(self) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        from cme_desktop.config import log_path

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_path().parent)))


def _refresher(page: QWidget) -> Callable[[], None] | None:
    for name in ("refresh", "reload", "load"):
        method = getattr(page, name, None)
        if callable(method):
            return method
    return None
