"""Settings: the office's shared settings (in the database), this computer's database connection, and security."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from cme_desktop.services.context import Context
from cme_desktop.ui.events import AppEvents
from cme_desktop.ui.settings.database import DatabaseTab
from cme_desktop.ui.settings.office import OfficeSettingsTab
from cme_desktop.ui.settings.security import SecurityTab

__all__ = ["DatabaseTab", "OfficeSettingsTab", "SecurityTab", "SettingsPage"]


class SettingsPage(QWidget):
    title = "Settings"

    def __init__(
        self, ctx: Context, events: AppEvents, switch_database: Callable[[Context], None] | None = None
    ) -> None:
        super().__init__()
        self.tabs = QTabWidget()
        self.office = OfficeSettingsTab(ctx, events)
        self.database = DatabaseTab(ctx, switch_database)
        self.tabs.addTab(self.office, "Office")
        self.tabs.addTab(self.database, "Database")
        self.security = SecurityTab(ctx)
        self.tabs.addTab(self.security, "Security")
        layout = QVBoxLayout(self)
        heading = QLabel("Settings")
        heading.setObjectName("pageHeading")
        layout.addWidget(heading)
        layout.addWidget(self.tabs)
        self._loaded = False

    def show_tab(self, title: str) -> None:
        for index in range(self.tabs.count()):
            if self.tabs.tabText(index) == title:
                self.tabs.setCurrentIndex(index)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded:
            self._loaded = True
            self.office.load()
