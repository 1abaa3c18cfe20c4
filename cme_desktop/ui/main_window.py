"""The main window: pages in a side bar, the database named in the status bar, geometry remembered.

Pages other than Today are built the first time they are opened, so start-up loads only what it shows.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QStackedWidget,
    QWidget,
)

from cme_desktop import APP_NAME
from cme_desktop.services.context import Context
from cme_desktop.ui.events import AppEvents
from cme_desktop.ui.help import app_icon
from cme_desktop.ui.menus import Menus
from cme_desktop.ui.pages.today import TodayPage
from cme_desktop.ui.text import plain_label

# (title in the side bar, "module:Class"), in the order of a coordinator's day (DESIGN.md, "Main window").
PAGES: tuple[tuple[str, str], ...] = (
    ("Today", "cme_desktop.ui.pages.today:TodayPage"),
    ("Activities", "cme_desktop.ui.pages.activities:ActivitiesPage"),
    ("People", "cme_desktop.ui.pages.people:PeoplePage"),
    ("Attendance", "cme_desktop.ui.pages.attendance:AttendancePage"),
    ("Disclosures", "cme_desktop.ui.pages.disclosures:DisclosuresPage"),
    ("Certificates", "cme_desktop.ui.pages.certificates:CertificatesPage"),
    ("Messages", "cme_desktop.ui.pages.messages:MessagesPage"),
    ("Reports", "cme_desktop.ui.pages.reports:ReportsPage"),
    ("Settings", "cme_desktop.ui.pages.settings:SettingsPage"),
)


class MainWindow(QMainWindow):
    first_page_ready = Signal()

    def __init__(
        self,
        ctx: Context,
        events: AppEvents,
        switch_database: Callable[[Context], None] | None = None,
        demo: bool = False,
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.events = events
        events.watch(ctx)  # every write on this database, from any page or thread, reaches the pages
        self.switch_database = switch_database
        self.first_start: QWidget | None = None  # the welcome dialog of a new database, while it is open
        self.setWindowTitle(f"{APP_NAME} — demo database" if demo else APP_NAME)
        self.setWindowIcon(app_icon())
        self.dialog: QDialog | None = None  # the Help, Shortcuts or About dialog on screen
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setAccessibleName("Pages")
        self.sidebar.setFixedWidth(180)
        self.sidebar.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.stack = QStackedWidget()
        self.built: dict[int, QWidget] = {}

        self.today = TodayPage(ctx, events)
        for index, (title, _where) in enumerate(PAGES):
            self.sidebar.addItem(title)
            self.stack.addWidget(self.today if index == 0 else QWidget())
        self.built[0] = self.today
        self.menus = Menus(self)
        self.sidebar.currentRowChanged.connect(self._select)
        self.sidebar.setCurrentRow(0)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.sidebar)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.database_label = plain_label(f"Database: {ctx.db.description}")
        self.database_label.setObjectName("databaseLabel")
        self.statusBar().addPermanentWidget(self.database_label)

        self.today.loaded.connect(self._first_load)
        events.page_requested.connect(self.show_page)
        events.said.connect(lambda text: self.statusBar().showMessage(text, 10_000))
        self._restore_geometry()

    def page(self, title: str) -> QWidget:
        """The page with this side-bar title, built now if it has not been opened yet."""
        index = self.page_titles().index(title)
        return self._build(index)

    def show_page(self, index: int | str) -> QWidget:
        if isinstance(index, str):
            index = self.page_titles().index(index)
        self.sidebar.setCurrentRow(index)
        return self._build(index)

    def page_titles(self) -> list[str]:
        return [title for title, _ in PAGES]

    def _select(self, index: int) -> None:
        if index >= 0:
            page = self._build(index)
            # Only the page on screen sets the window's minimum size: a wide page opened once must not keep
            # every other page (and the window) that wide for the rest of the session.
            for other in range(self.stack.count()):
                widget = self.stack.widget(other)
                if widget is not None:
                    policy = QSizePolicy.Policy.Preferred if widget is page else QSizePolicy.Policy.Ignored
                    widget.setSizePolicy(policy, policy)
            self.stack.setCurrentWidget(page)
            self.stack.adjustSize()
            self.menus.page_shown(index, page)

    def _build(self, index: int) -> QWidget:
        if index in self.built:
            return self.built[index]
        module_name, class_name = PAGES[index][1].split(":")
        page_class = getattr(importlib.import_module(module_name), class_name)
        if class_name == "SettingsPage":
            page = page_class(self.ctx, self.events, self.switch_database)
        else:
            page = page_class(self.ctx, self.events)
        placeholder = self.stack.widget(index)
        self.stack.insertWidget(index, page)
        if placeholder is not None:
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
        self.built[index] = page
        return page

    def open_dialog(self, dialog: QDialog) -> None:
        """Open a window-level dialog (Help, Shortcuts, About), kept alive while it is on screen."""
        self.dialog = dialog
        dialog.open()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.today.week is None:
            self.today.refresh()

    def _first_load(self) -> None:
        self.today.loaded.disconnect(self._first_load)
        self.statusBar().showMessage("Up to date", 3000)
        self.first_page_ready.emit()

    def _restore_geometry(self) -> None:
        settings = QSettings()
        geometry = settings.value("main_window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self._fit_screen()
        state = settings.value("main_window/state")
        if state is not None:
            self.restoreState(state)
        page = settings.value("main_window/page", "Today")
        if isinstance(page, str) and page in self.page_titles():
            self.show_page(page)

    def _fit_screen(self) -> None:
        """The first window: maximised on a laptop-sized screen, else a comfortable size centred on it."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            self.resize(1180, 700)
            return
        area = screen.availableGeometry()
        if area.width() <= 1440 or area.height() <= 900:
            self.resize(area.size())
            self.setWindowState(Qt.WindowState.WindowMaximized)
            return
        self.resize(min(1400, area.width() * 9 // 10), min(900, area.height() * 9 // 10))
        frame = self.frameGeometry()
        frame.moveCenter(area.center())
        self.move(frame.topLeft())

    def closeEvent(self, event: QCloseEvent) -> None:
        from cme_desktop.ui.present.controller import running_presentation

        presenting = running_presentation(self)
        if presenting is not None:
            answer = QMessageBox.question(
                self,
                APP_NAME,
                "A session is on the projector. Stop presenting and close CME Desk?",
                QMessageBox.StandardButton.Close | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Close:
                event.ignore()
                return
            presenting.stop()
        settings = QSettings()
        settings.setValue("main_window/geometry", self.saveGeometry())
        settings.setValue("main_window/state", self.saveState())
        settings.setValue("main_window/page", self.page_titles()[self.sidebar.currentRow()])
        self.events.unwatch(self.ctx)
        self.events.undo.clear()  # an undo must never reach a database this window no longer shows
        super().closeEvent(event)
