"""A strip under the activities list: the chosen activity's PARS activity ID and MOC registration, and the
button that edits them (ReportingDialog)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from cme_desktop.services.activities.reporting_fields import ActivityReportingDetail, get_reporting
from cme_desktop.services.context import Context
from cme_desktop.ui.activities.reporting_dialog import ReportingDialog
from cme_desktop.ui.events import AppEvents
from cme_desktop.ui.tasks import Reloader


class ReportingPanel(QWidget):
    def __init__(self, ctx: Context, events: AppEvents, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.activity: tuple[int, str] | None = None
        self.detail: ActivityReportingDetail | None = None
        self.dialog: ReportingDialog | None = None
        self.loader: Reloader[ActivityReportingDetail] = Reloader(self, self._show)
        self.summary = QLabel("")
        self.summary.setObjectName("hint")
        self.summary.setAccessibleName("PARS and MOC")
        self.edit_button = QPushButton("PARS && MOC…")
        self.edit_button.setToolTip("The PARS activity ID, CME Finder, outcome measures and MOC registration")
        self.edit_button.clicked.connect(self.edit)
        self.edit_button.setEnabled(False)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.summary, 1)
        row.addWidget(self.edit_button)
        events.sessions_changed.connect(self.reload)

    def load(self, activity_id: int | None, title: str = "") -> None:
        self.activity = (activity_id, title) if activity_id is not None else None
        self.detail = None
        self.edit_button.setEnabled(False)
        self.summary.setText("")
        self.reload()

    def reload(self) -> None:
        if self.activity is None:
            return
        ctx, activity_id = self.ctx, self.activity[0]
        self.loader.request(lambda: get_reporting(ctx, activity_id))

    def _show(self, detail: ActivityReportingDetail) -> None:
        if self.activity is None or detail.activity_id != self.activity[0]:
            return
        self.detail = detail
        self.summary.setText(detail.summary())
        self.edit_button.setEnabled(True)

    def edit(self) -> None:
        if self.activity is None or self.detail is None:
            return
        if self.dialog is not None and not self.dialog.isVisible():
            self.dialog.deleteLater()
        self.dialog = ReportingDialog(self.ctx, self.activity[1], self.detail, self)
        self.dialog.saved.connect(self._show)
        self.dialog.open()
