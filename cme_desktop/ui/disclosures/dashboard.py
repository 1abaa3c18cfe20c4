"""Disclosures expiring in the next 30 days, and missing ones for upcoming sessions, with emails to copy and where
each person's newest invitation to disclose stands (not invited, invited and opened, reminded, answered)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cme_desktop.services.context import Context
from cme_desktop.services.office.settings import office_zone
from cme_desktop.services.standard3.disclosures import Dashboard, DashboardPerson, dashboard
from cme_desktop.ui.disclosures.invitation_text import invitation_text
from cme_desktop.ui.disclosures.models import RowsModel
from cme_desktop.ui.empty import EmptyState
from cme_desktop.ui.formatting import day_and_time
from cme_desktop.ui.tasks import Reloader

COLUMNS = ("Name", "Email", "Disclosure", "Invitation", "Activities", "Next session")


class DashboardWidget(QWidget):
    loaded = Signal()

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.zone = ZoneInfo("UTC")
        self.dashboard: Dashboard | None = None
        self.loader: Reloader[tuple[Dashboard, ZoneInfo]] = Reloader(self, self._show)
        layout = QVBoxLayout(self)
        self.missing_model: RowsModel[DashboardPerson] = RowsModel(COLUMNS, self._cells, lambda _p: True)
        self.expiring_model: RowsModel[DashboardPerson] = RowsModel(COLUMNS, self._cells)
        self.missing_heading = QLabel("Missing for upcoming sessions")
        self.expiring_heading = QLabel("Expiring in the next 30 days")
        self.copy_missing = QPushButton("Copy emails")
        self.copy_expiring = QPushButton("Copy emails")
        self.copy_missing.setAccessibleName("Copy the emails of people with missing disclosures")
        self.copy_expiring.setAccessibleName("Copy the emails of people whose disclosures expire soon")
        self.copy_missing.clicked.connect(lambda: self._copy("missing"))
        self.copy_expiring.clicked.connect(lambda: self._copy("expiring"))
        self.copied = QLabel("")
        self.areas: list[EmptyState] = []
        for heading, button, model, name in (
            (self.missing_heading, self.copy_missing, self.missing_model, "Missing disclosures"),
            (self.expiring_heading, self.copy_expiring, self.expiring_model, "Expiring disclosures"),
        ):
            heading.setObjectName("sectionHeading")
            row = QHBoxLayout()
            row.addWidget(heading, 1)
            row.addWidget(button)
            layout.addLayout(row)
            view = QTableView()
            view.setModel(model)
            view.setAccessibleName(name)
            view.verticalHeader().hide()
            view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
            view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            view.horizontalHeader().setSectionResizeMode(
                COLUMNS.index("Activities"), QHeaderView.ResizeMode.Stretch
            )
            area = EmptyState(view)
            self.areas.append(area)
            layout.addWidget(area, 1)
        layout.addWidget(self.copied)

    def _cells(self, p: DashboardPerson) -> tuple[str, ...]:
        until = f" (until {p.valid_until:%b} {p.valid_until.day})" if p.valid_until else ""
        return (
            p.name,
            p.email or "no email on file",
            f"{p.problem}{until}",
            invitation_text(p.invitation, self.zone, self.ctx.clock()),
            "; ".join(p.activities),
            day_and_time(p.next_session_at, self.zone) if p.next_session_at else "",
        )

    def refresh(self) -> None:
        ctx = self.ctx
        self.loader.request(lambda: (dashboard(ctx), office_zone(ctx)))

    def _show(self, result: tuple[Dashboard, ZoneInfo]) -> None:
        self.dashboard, self.zone = result
        self.missing_model.set_rows(self.dashboard.missing)
        self.expiring_model.set_rows(self.dashboard.expiring)
        self.missing_heading.setText(
            f"Missing for sessions in the next {self.dashboard.days} days ({len(self.dashboard.missing)})"
        )
        self.expiring_heading.setText(
            f"Expiring in the next {self.dashboard.days} days ({len(self.dashboard.expiring)})"
        )
        days = self.dashboard.days
        missing, expiring = self.areas
        missing.show_rows(
            len(self.dashboard.missing),
            f"Everyone who speaks or plans a session in the next {days} days has a current disclosure.",
        )
        expiring.show_rows(
            len(self.dashboard.expiring), f"No one's disclosure expires in the next {days} days."
        )
        self.copy_missing.setEnabled(bool(self.dashboard.missing))
        self.copy_expiring.setEnabled(bool(self.dashboard.expiring))
        self.loaded.emit()

    def _copy(self, which: str) -> None:
        if self.dashboard is None:
            return
        people = self.dashboard.missing if which == "missing" else self.dashboard.expiring
        emails = Dashboard.emails(people)
        QApplication.clipboard().setText(emails)
        count = len([e for e in emails.split("; ") if e])
        without = sum(1 for p in people if not p.email)
        extra = f"; {without} without an email on file" if without else ""
        self.copied.setText(f"Copied {count} email address{'es' if count != 1 else ''}{extra}.")
