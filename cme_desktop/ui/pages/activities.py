"""Activities: the office's activities with search and filters, and below, the chosen activity's sessions with
their attendance codes (issue 3). New, edit, archive and restore activities; add, edit, cancel sessions."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cme_desktop.domain.vocabulary import ActivityFormat, ActivityStatus
from cme_desktop.services.activities.model import ActivityDetail, ActivityFilter, ActivitySummary
from cme_desktop.services.activities.records import (
    archive_activity,
    departments,
    get_activity,
    list_activities,
    restore_activity,
)
from cme_desktop.services.context import Context
from cme_desktop.services.office.settings import office_zone
from cme_desktop.ui.activities.activity_dialog import ActivityDialog
from cme_desktop.ui.activities.common import confirm
from cme_desktop.ui.activities.models import ActivitiesModel, ActivityProxy
from cme_desktop.ui.activities.reporting_panel import ReportingPanel
from cme_desktop.ui.activities.sessions_panel import SessionsPanel
from cme_desktop.ui.events import AppEvents
from cme_desktop.ui.flow import FlowLayout, together
from cme_desktop.ui.formatting import DATE_EDIT_FORMAT
from cme_desktop.ui.qtdates import pydate, qdate
from cme_desktop.ui.table import list_view
from cme_desktop.ui.tasks import BackgroundTask, Reloader

STATUS_CHOICES = (
    ("Active and draft", None),
    ("Active", ActivityStatus.ACTIVE),
    ("Draft", ActivityStatus.DRAFT),
    ("Archived", ActivityStatus.ARCHIVED),
)


class ActivitiesPage(QWidget):
    title = "Activities"
    loaded = Signal()

    def __init__(self, ctx: Context, events: AppEvents, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.events = ctx, events
        self.zone = ZoneInfo("UTC")
        self.dialog: ActivityDialog | None = None
        self._shown_once = False
        self.loader: Reloader[tuple[list[ActivitySummary], list[str], ZoneInfo]] = Reloader(self, self._show)
        self._want_id: int | None = None
        heading = QLabel("Activities")
        heading.setObjectName("pageHeading")

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search title, department, director…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search activities")
        self.search.setMinimumWidth(260)
        self.format_filter = QComboBox()
        self.format_filter.addItem("All formats", None)
        for fmt in ActivityFormat:
            self.format_filter.addItem(fmt.label, str(fmt))
        self.format_filter.setAccessibleName("Format")
        self.department_filter = QComboBox()
        self.department_filter.addItem("All departments", None)
        self.department_filter.setAccessibleName("Department")
        self.status_filter = QComboBox()
        for word, value in STATUS_CHOICES:
            self.status_filter.addItem(word, value)
        self.status_filter.setAccessibleName("Status")
        self.dated = QCheckBox("Sessions between")
        self.first_day, self.last_day = QDateEdit(), QDateEdit()
        for edit, name in ((self.first_day, "From"), (self.last_day, "To")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(DATE_EDIT_FORMAT)
            edit.setAccessibleName(name)
            edit.setEnabled(False)
        today = ctx.clock().date()
        self.first_day.setDate(qdate(today))
        self.last_day.setDate(qdate(today + timedelta(days=364)))
        self.show_archived = QCheckBox("Show archived")

        self.new_button = QPushButton("New activity…")
        self.edit_button = QPushButton("Edit…")
        self.archive_button = QPushButton("Archive…")
        self.new_button.setToolTip("New activity (Ctrl+N)")
        self.new_button.clicked.connect(self.new_activity)
        self.edit_button.clicked.connect(self.edit_activity)
        self.archive_button.clicked.connect(self.archive_or_restore)

        self.model = ActivitiesModel()
        self.proxy = ActivityProxy(self.model)
        self.table = list_view(self.model, "Activities", stretch=0, proxy=self.proxy)
        self.table.sortByColumn(4, Qt.SortOrder.DescendingOrder)
        self.table.doubleClicked.connect(lambda _index: self.edit_activity())
        self.table.selectionModel().currentRowChanged.connect(self._chosen)
        self.empty = QLabel()
        self.empty.setObjectName("emptyNote")
        self.empty.hide()
        self.sessions = SessionsPanel(ctx, events=events)
        self.reporting = ReportingPanel(ctx, events)  # PARS activity ID and MOC registration
        self._actions()

        filters = FlowLayout()
        for widget in (self.search, self.format_filter, self.department_filter, self.status_filter):
            filters.addWidget(widget)
        filters.addWidget(together(self.dated, self.first_day, QLabel("to"), self.last_day))
        filters.addWidget(self.show_archived)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.archive_button)
        buttons.addStretch(1)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(buttons)
        top_layout.addWidget(self.table, 1)
        top_layout.addWidget(self.empty)
        top_layout.addWidget(self.reporting)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(self.sessions)
        splitter.setSizes([280, 420])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)

        self.search.textChanged.connect(self._search_changed)
        for signal in (
            self.format_filter.currentIndexChanged,
            self.department_filter.activated,
            self.status_filter.currentIndexChanged,
            self.show_archived.toggled,
            self.dated.toggled,
            self.first_day.dateChanged,
            self.last_day.dateChanged,
        ):
            signal.connect(lambda *_: self.refresh())
        self.dated.toggled.connect(self.first_day.setEnabled)
        self.dated.toggled.connect(self.last_day.setEnabled)
        events.sessions_changed.connect(self.refresh)
        events.settings_changed.connect(self.refresh)
        self._update_buttons()

    def _actions(self) -> None:
        for text, slot, keys in (
            ("Edit activity…", self.edit_activity, ("Return", "Enter")),
            ("Archive activity…", self.archive_or_restore, ("Delete",)),
        ):
            action = QAction(text, self.table)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(slot)
            self.table.addAction(action)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            self.refresh()

    # Loading

    def current_filter(self) -> ActivityFilter:
        status = self.status_filter.currentData()
        dated = self.dated.isChecked()
        return ActivityFilter(
            format=self.format_filter.currentData(),
            department=self.department_filter.currentData(),
            status=status,
            first=pydate(self.first_day.date()) if dated else None,
            last=pydate(self.last_day.date()) if dated else None,
            include_archived=self.show_archived.isChecked(),
        )

    def refresh(self) -> None:
        ctx, where = self.ctx, self.current_filter()
        self.loader.request(lambda: (list_activities(ctx, where), departments(ctx), office_zone(ctx)))

    def _show(self, result: tuple[list[ActivitySummary], list[str], ZoneInfo]) -> None:
        rows, names, self.zone = result
        selected = self.selected()
        keep = self._want_id or (selected.id if selected else None)
        self._want_id = None
        self._fill_departments(names)
        if not self.dated.isChecked():  # the date filter starts on the office's today, not the computer's
            today = self.ctx.clock().astimezone(self.zone).date()
            for edit, day in ((self.first_day, today), (self.last_day, today + timedelta(days=364))):
                edit.blockSignals(True)
                edit.setDate(qdate(day))
                edit.blockSignals(False)
        self.model.set_rows(rows)
        self.empty.setText(
            "No activities match these filters."
            if rows or self.current_filter() != ActivityFilter()
            else "No activities yet: choose New activity (Ctrl+N) to set one up."
        )
        self.empty.setVisible(self.proxy.rowCount() == 0)
        self.select_activity(keep)
        self._update_buttons()
        self.loaded.emit()

    def _fill_departments(self, names: list[str]) -> None:
        current = self.department_filter.currentData()
        self.department_filter.blockSignals(True)
        self.department_filter.clear()
        self.department_filter.addItem("All departments", None)
        for name in names:
            self.department_filter.addItem(name, name)
        self.department_filter.setCurrentIndex(max(0, self.department_filter.findData(current)))
        self.department_filter.blockSignals(False)

    def _search_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        self.empty.setText("No activities match these filters.")
        self.empty.setVisible(self.proxy.rowCount() == 0)
        if self.selected() is None:
            self.select_activity(None)

    def select_activity(self, activity_id: int | None) -> None:
        """Select that activity (or the first one shown) and show its sessions."""
        row = self.model.index_of(activity_id) if activity_id is not None else None
        index = (
            self.proxy.mapFromSource(self.model.index(row, 0)) if row is not None else self.proxy.index(0, 0)
        )
        if index.isValid():
            self.table.selectRow(index.row())
            self.table.scrollTo(index)
        else:
            self.table.clearSelection()
            self.sessions.load(None)
            self.reporting.load(None)

    def selected(self) -> ActivitySummary | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(self.proxy.mapToSource(rows[0]).row()) if rows else None

    def _chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            activity = self.model.row(self.proxy.mapToSource(current).row())
            if self.sessions.detail is None or self.sessions.detail.id != activity.id:
                self.sessions.load(activity.id)
                self.reporting.load(activity.id, activity.title)
        self._update_buttons()

    def _update_buttons(self) -> None:
        a = self.selected()
        self.edit_button.setEnabled(a is not None)
        self.archive_button.setEnabled(a is not None)
        archived = a is not None and a.status == ActivityStatus.ARCHIVED
        self.archive_button.setText("Restore" if archived else "Archive…")

    # What a coordinator does

    def new_activity(self) -> None:
        names = [self.department_filter.itemText(i) for i in range(1, self.department_filter.count())]
        self._open(ActivityDialog(self.ctx, None, names, self))

    def edit_activity(self) -> None:
        a = self.selected()
        if a is None:
            return
        ctx = self.ctx
        BackgroundTask(self, lambda _p: get_activity(ctx, a.id), "Opening the activity…").success(
            self._edit_loaded
        ).run()

    def _edit_loaded(self, detail: ActivityDetail) -> None:
        names = [self.department_filter.itemText(i) for i in range(1, self.department_filter.count())]
        self._open(ActivityDialog(self.ctx, detail, names, self))

    def _open(self, dialog: ActivityDialog) -> None:
        if self.dialog is not None and not self.dialog.isVisible():
            self.dialog.deleteLater()  # the last dialog is done with; Qt would keep it as a hidden child
        self.dialog = dialog
        dialog.saved.connect(self._saved)
        dialog.open()

    def _saved(self, detail: ActivityDetail) -> None:
        self._want_id = detail.id  # the change hub reloads the list; this keeps the saved activity chosen

    def archive_or_restore(self) -> None:
        a = self.selected()
        if a is None:
            return
        ctx = self.ctx
        if a.status == ActivityStatus.ARCHIVED:
            work = lambda _p: restore_activity(ctx, a.id, a.version)  # noqa: E731
        else:
            sessions = (
                f"Its {a.session_count} sessions, codes and claims are kept. " if a.session_count else ""
            )
            if not confirm(
                self,
                "Archive activity",
                f"Archive {a.title}?",
                "Archive",
                f"{sessions}It leaves the everyday list; tick Show archived to find it and restore it.",
            ):
                return
            work = lambda _p: archive_activity(ctx, a.id, a.version)  # noqa: E731
        self._want_id = a.id
        BackgroundTask(self, work, "Saving…").run()
