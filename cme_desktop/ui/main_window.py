"""The main window: pages in a side bar, the database named in the status bar, geometry remembered."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from cme_desktop import APP_NAME
from cme_desktop.services.context import Context
from cme_desktop.ui.events import AppEvents
from cme_desktop.ui.pages.settings import SettingsPage
from cme_desktop.ui.pages.today import TodayPage


class MainWindow(QMainWindow):
    first_page_ready = Signal()

    def __init__(
        self,
        ctx: Context,
        events: AppEvents,
        switch_database: Callable[[str], None] | None = None,
        demo: bool = False,
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.events = events
        self.setWindowTitle(f"{APP_NAME} — demo database" if demo else APP_NAME)
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setAccessibleName("Pages")
        self.sidebar.setFixedWidth(180)
        self.sidebar.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.stack = QStackedWidget()

        self.today = TodayPage(ctx, events)
        self.settings = SettingsPage(ctx, events, switch_database)
        self.pages: list[QWidget] = [self.today, self.settings]
        for index, page in enumerate(self.pages):
            self.stack.addWidget(page)
            item = QListWidgetItem(page.title)  # type: ignore[attr-defined]
            self.sidebar.addItem(item)
            shortcut = QAction(self)
            shortcut.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            shortcut.triggered.connect(lambda _=False, i=index: self.show_page(i))
            self.addAction(shortcut)
        self.sidebar.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.sidebar.setCurrentRow(0)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.sidebar)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.database_label = QLabel(f"Database: {ctx.db.description}")
        self.database_label.setObjectName("databaseLabel")
        self.statusBar().addPermanentWidget(self.database_label)

        refresh = QAction("Refresh", self)
        refresh.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        refresh.triggered.connect(self.today.refresh)
        self.addAction(refresh)
        quit_action = QAction("Quit", self)
        quit_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        quit_action.triggered.connect(self.close)
        self.addAction(quit_action)

        self.today.loaded.connect(self._first_load)
        self._restore_geometry()

    def show_page(self, index: int) -> None:
        self.sidebar.setCurrentRow(index)

    def page_titles(self) -> list[str]:
        return [self.sidebar.item(i).text() for i in range(self.sidebar.count())]

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
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
            self.resize(1180, 760)
        state = settings.value("main_window/state")
        if state is not None:
            self.restoreState(state)
        page = settings.value("main_window/page", 0, type=int)
        if isinstance(page, int) and 0 <= page < len(self.pages):
            self.sidebar.setCurrentRow(page)

    def closeEvent(self, event: QCloseEvent) -> None:
        settings = QSettings()
        settings.setValue("main_window/geometry", self.saveGeometry())
        settings.setValue("main_window/state", self.saveState())
        settings.setValue("main_window/page", self.sidebar.currentRow())
        super().closeEvent(event)
