"""Disclosures (ACCME Standard 3): each activity's review board, and the dashboard of expiring and missing
disclosures."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHeaderView, QLabel, QSplitter, QTableView, QTabWidget, QVBoxLayout, QWidget

from cme_desktop.domain.standard3 import ReviewState
from cme_desktop.services.context import Context
from cme_desktop.services.office.settings import office_zone
from cme_desktop.services.standard3.board import disclosures_stamp
from cme_desktop.services.standard3.disclosures import ActivityStandard3, activities_standard3
from cme_desktop.ui.disclosures.dashboard import DashboardWidget
from cme_desktop.ui.disclosures.models import RowsModel
from cme_desktop.ui.disclosures.review_board import ReviewBoardWidget
from cme_desktop.ui.empty import EmptyState
from cme_desktop.ui.events import AppEvents
from cme_desktop.ui.formatting import day_and_time
from cme_desktop.ui.tasks import Reloader

# Disclosures submitted on the portal (the web server is another process, often another machine) and other
# coordinators' decisions reach this page by a cheap poll; this machine's own writes through the change hub.
POLL_MS = 4000
Loaded = tuple[list[ActivityStandard3], ZoneInfo, tuple[object, ...]]


class DisclosuresPage(QWidget):
    title = "Disclosures"
    loaded = Signal()

    def __init__(self, ctx: Context, events: AppEvents, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.events = ctx, events
        self.zone = ZoneInfo("UTC")
        self._shown_once = False
        self.loader: Reloader[Loaded] = Reloader(self, self._show)
        self.poller: Reloader[tuple[object, ...]] = Reloader(self, self._polled, lambda _e: True)
        self._stamp: tuple[object, ...] | None = None
        heading = QLabel("Disclosures")
        heading.setObjectName("pageHeading")
        self.activities: RowsModel[ActivityStandard3] = RowsModel(
            ("Activity", "Standard 3"), self._activity_cells, lambda a: not a.complete
        )
        self.activity_view = QTableView()
        self.activity_view.setModel(self.activities)
        self.activity_view.setAccessibleName("Activities")
        self.activity_view.verticalHeader().hide()
        self.activity_view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.activity_view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.activity_view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.activity_view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.activity_view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.activity_view.selectionModel().currentRowChanged.connect(self._activity_chosen)
        self.board = ReviewBoardWidget(ctx)
        self.dashboard = DashboardWidget(ctx)

        review = QSplitter(Qt.Orientation.Horizontal)
        self.activity_area = EmptyState(self.activity_view)
        review.addWidget(self.activity_area)
        review.addWidget(self.board)
        review.setSizes([430, 710])
        self.tabs = QTabWidget()
        self.tabs.addTab(review, "Review")
        self.tabs.addTab(self.dashboard, "Expiring and missing")
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.tabs, 1)
        events.disclosures_changed.connect(self.refresh)
        events.sessions_changed.connect(self.refresh)
        events.people_changed.connect(self.refresh)
        events.settings_changed.connect(self.refresh)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.poll)
        self.timer.start(POLL_MS)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            self.refresh()

    def _activity_cells(self, a: ActivityStandard3) -> tuple[str, str]:
        first = day_and_time(a.first_session_at, self.zone) if a.first_session_at else "no sessions yet"
        mark = "✔ " if a.state is ReviewState.COMPLETE else "⚠ "
        return f"{a.title}\n{first}", mark + a.state.label

    def refresh(self) -> None:
        ctx = self.ctx

        def load() -> Loaded:
            # The stamp is read first: a change made while the rest loads moves it again, and the next poll reloads.
            stamp = disclosures_stamp(ctx)
            return activities_standard3(ctx), office_zone(ctx), stamp

        self.loader.request(load)
        self.dashboard.refresh()
        self.board.reload()

    def poll(self) -> None:
        """Reload when something the review shows changed elsewhere (a disclosure submitted on the portal)."""
        if self._stamp is None or self.poller.busy or not self.isVisible():
            return
        ctx = self.ctx
        self.poller.request(lambda: disclosures_stamp(ctx))

    def _polled(self, stamp: tuple[object, ...]) -> None:
        if self._stamp is not None and stamp != self._stamp:
            self._stamp = stamp
            self.refresh()

    def _show(self, result: Loaded) -> None:
        rows, self.zone, self._stamp = result
        current = self.board.activity_id
        self.activities.set_rows(rows)
        self.activity_area.show_rows(
            len(rows),
            "No activities yet. Disclosures are reviewed for each activity's planners and speakers.",
            ("Go to Activities", lambda: self.events.page_requested.emit("Activities")),
        )
        if current is None and rows:
            # Open on the first activity that still needs review (else the first), not on an empty board.
            current = next((r.activity_id for r in rows if not r.complete), rows[0].activity_id)
        for index, row in enumerate(rows):
            if row.activity_id == current:
                self.activity_view.selectRow(index)
        self.loaded.emit()

    def _activity_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            activity = self.activities.row(current.row())
            if activity.activity_id != self.board.activity_id:
                self.board.load(activity.activity_id)

    def open_activity(self, activity_id: int) -> None:
        """Show one activity's review board (Today and Present link here when an activity is not complete)."""
        self.tabs.setCurrentIndex(0)
        self.board.load(activity_id)
