"""One activity's sessions: the table with each session's attendance code and window, and what can be done to them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cme_desktop.domain.codes import group_code
from cme_desktop.domain.credits import format_credits
from cme_desktop.domain.localtime import say_moment
from cme_desktop.domain.vocabulary import ActivityFormat, SessionStatus
from cme_desktop.services.activities.calendar import SessionSummary
from cme_desktop.services.activities.model import ActivityDetail
from cme_desktop.services.activities.records import get_activity
from cme_desktop.services.activities.session_plan import SessionInput
from cme_desktop.services.activities.sessions import cancel_session, replace_code, restore_session
from cme_desktop.services.context import Context
from cme_desktop.services.office.settings import office_zone
from cme_desktop.ui.activities.import_dialog import session_import_dialog
from cme_desktop.ui.activities.models import SORT_ROLE, SessionsModel
from cme_desktop.ui.activities.series_dialog import SeriesDialog
from cme_desktop.ui.activities.session_dialog import SessionDialog
from cme_desktop.ui.events import AppEvents
from cme_desktop.ui.flow import FlowLayout
from cme_desktop.ui.table import list_view
from cme_desktop.ui.tasks import BackgroundTask, Reloader
from cme_desktop.ui.text import plain_label


class SessionsPanel(QWidget):
    """Shows the sessions of the activity chosen on the page, and keeps them current (the change hub)."""

    loaded = Signal()

    def __init__(self, ctx: Context, parent: QWidget | None = None, events: AppEvents | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.events = events
        self.detail: ActivityDetail | None = None
        self.zone = ZoneInfo("UTC")
        self.dialog: QDialog | None = None
        self.loader: Reloader[tuple[ActivityDetail | None, ZoneInfo]] = Reloader(self, self._show)
        if events is not None:
            events.sessions_changed.connect(self.reload)
            events.attendance_changed.connect(self.reload)  # the claim counts
        self.heading = plain_label("Sessions")
        self.heading.setObjectName("sectionHeading")
        self.credit_note = QLabel()
        self.credit_note.setWordWrap(True)
        self.status = QLabel()
        self.status.setObjectName("warningNote")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.model = SessionsModel()
        self.proxy = QSortFilterProxyModel()
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = list_view(self.model, "Sessions of the activity", stretch=2, proxy=self.proxy)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.doubleClicked.connect(lambda _index: self.edit_session())

        self.add_button = QPushButton("Add session…")
        self.edit_button = QPushButton("Edit session…")
        self.cancel_button = QPushButton("Cancel session…")
        self.code_button = QPushButton("Replace code…")
        self.schedule_button = QPushButton("Add sessions from a schedule…")
        self.import_button = QPushButton("Import sessions from CSV…")
        self.add_button.clicked.connect(self.add_session)
        self.edit_button.clicked.connect(self.edit_session)
        self.cancel_button.clicked.connect(self.cancel_or_restore)
        self.code_button.clicked.connect(self.replace_code)
        self.schedule_button.clicked.connect(self.add_from_schedule)
        self.import_button.clicked.connect(self.import_csv)
        self.edit_action = self._table_action("Edit session…", self.edit_session, "Return", "Enter")
        self.cancel_action = self._table_action("Cancel session…", self.cancel_or_restore, "Delete")
        self.code_action = self._table_action("Replace code…", self.replace_code)
        self.present_button = QPushButton("Present")
        self.present_button.setToolTip("Show this session's disclosure and attendance code on the projector")
        self.present_button.clicked.connect(self.present)
        self.present_action = self._table_action("Present", self.present)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())

        buttons = FlowLayout()
        for button in (
            self.add_button,
            self.edit_button,
            self.cancel_button,
            self.code_button,
            self.present_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch()
        buttons.addWidget(self.schedule_button)
        buttons.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.credit_note)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        self.status.hide()
        self._update_buttons()

    def _table_action(self, text: str, slot: Callable[[], None], *keys: str) -> QAction:
        action = QAction(text, self.table)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(slot)
        self.table.addAction(action)
        return action

    # Loading

    def load(self, activity_id: int | None) -> None:
        ctx, zone = self.ctx, self.zone
        if activity_id is None:
            self.loader.request(lambda: (None, zone))
        else:
            self.loader.request(lambda: (get_activity(ctx, activity_id), office_zone(ctx)))

    def reload(self) -> None:
        self.load(self.detail.id if self.detail else None)

    def _show(self, result: tuple[ActivityDetail | None, ZoneInfo]) -> None:
        selected = self.selected()
        previous = self.detail.id if self.detail else None
        self.detail, self.zone = result
        detail = self.detail
        self.model.set_sessions(detail.sessions if detail else [], self.zone)
        if detail is None:
            self.heading.setText("Sessions")
            self.credit_note.setText("Choose an activity to see its sessions.")
        else:
            scheduled = [s for s in detail.sessions if s.status == SessionStatus.SCHEDULED]
            self.heading.setText(f"Sessions of {detail.title}")
            designated = ", ".join(f"{d.max_credits} {d.label}" for d in detail.designations)
            self.credit_note.setText(
                f"{len(scheduled)} scheduled sessions carrying {format_credits(detail.scheduled_quarters)} credits"
                + (f" · designated: {designated}" if designated else " · no credit designated yet")
            )
        if previous != (detail.id if detail else None):
            self.status.hide()
        if selected is not None:
            self.select_session(selected.id)
        elif detail is not None and previous != detail.id:
            self._scroll_to_upcoming()
        self._update_buttons()
        self.loaded.emit()

    def _scroll_to_upcoming(self) -> None:
        now = self.ctx.clock()
        upcoming = next((s for s in self.model.rows if s.ends_at >= now), None)
        row = self.model.index_of(upcoming.id) if upcoming else None
        if row is not None:
            self.table.scrollTo(
                self.proxy.mapFromSource(self.model.index(row, 0)), QTableView.ScrollHint.PositionAtTop
            )

    def select_session(self, session_id: int) -> None:
        row = self.model.index_of(session_id)
        if row is not None:
            self.table.selectRow(self.proxy.mapFromSource(self.model.index(row, 0)).row())

    def selected(self) -> SessionSummary | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.row(self.proxy.mapToSource(rows[0]).row())

    def _update_buttons(self) -> None:
        s = self.selected()
        has_activity = self.detail is not None
        for widget in (self.add_button, self.schedule_button, self.import_button):
            widget.setEnabled(has_activity)
        for control in (self.edit_button, self.edit_action, self.cancel_button, self.cancel_action):
            control.setEnabled(s is not None)
        cancelled = s is not None and s.status == SessionStatus.CANCELLED
        self.cancel_button.setText("Restore session" if cancelled else "Cancel session…")
        self.cancel_action.setText(self.cancel_button.text())
        for control in (self.code_button, self.code_action, self.present_button, self.present_action):
            control.setEnabled(s is not None and not cancelled)

    def present(self) -> None:
        """The projector view for the chosen session, as Today's Present button opens it."""
        session = self.selected()
        if session is None or self.events is None:
            return
        from cme_desktop.ui.present import open_presentation

        self.presentation = open_presentation(self.window(), self.ctx, self.events, session.id)

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def _done(self, text: str = "") -> None:
        self._say(text)

    # What a coordinator does

    def next_day(self) -> date:
        """The day a new session most likely falls on: a week after the last scheduled one, else tomorrow."""
        today = self.ctx.clock().astimezone(self.zone).date()
        scheduled = [
            s for s in (self.detail.sessions if self.detail else ()) if s.status == SessionStatus.SCHEDULED
        ]
        if scheduled:
            return max(today + timedelta(days=1), scheduled[-1].local_start().date() + timedelta(weeks=1))
        return today + timedelta(days=1)

    def _series_end(self, first: date) -> date:
        """A year of sessions, but a series that already has sessions ends within 12 months of its first one."""
        wanted = first + timedelta(weeks=51)
        scheduled = (
            [s for s in self.detail.sessions if s.status == SessionStatus.SCHEDULED] if self.detail else []
        )
        if self.detail is None or self.detail.format != ActivityFormat.RSS or not scheduled:
            return wanted
        start = scheduled[0].local_start().date()
        limit = date(start.year + 1, start.month, 1) + timedelta(days=start.day - 2)
        return max(first, min(wanted, limit))

    def _open(self, dialog: QDialog) -> None:
        if self.dialog is not None and not self.dialog.isVisible():
            self.dialog.deleteLater()  # the last dialog is done with; Qt would keep it as a hidden child
        self.dialog = dialog
        dialog.open()

    def add_session(self) -> None:
        if self.detail is None:
            return
        last = next((s for s in reversed(self.detail.sessions) if s.status == SessionStatus.SCHEDULED), None)
        defaults = SessionInput(
            self.next_day(),
            last.local_start().time() if last else time(12),
            last.local_end().time() if last else time(13),
            room=last.room if last else None,
        )
        dialog = SessionDialog(self.ctx, self.detail.id, None, defaults, self)
        dialog.saved.connect(
            lambda s: self._done(f"Added the session of {say_moment(s.starts_at, self.zone)}.")
        )
        self._open(dialog)

    def edit_session(self) -> None:
        s = self.selected()
        if s is None or self.detail is None:
            return
        dialog = SessionDialog(self.ctx, self.detail.id, s, None, self)
        dialog.saved.connect(lambda _s: self._done())
        self._open(dialog)

    def cancel_or_restore(self) -> None:
        s = self.selected()
        if s is None:
            return
        ctx = self.ctx
        if s.status == SessionStatus.CANCELLED:
            BackgroundTask(
                self, lambda _p: restore_session(ctx, s.id, s.version), "Restoring the session…"
            ).success(
                lambda r: self._done(
                    f"Restored; its new attendance code is {group_code(r.attendance_code or '')}."
                )
            ).run()
            return
        code = (
            f" Its attendance code {group_code(s.attendance_code)} stops working."
            if s.attendance_code
            else ""
        )
        reason, ok = QInputDialog.getText(
            self,
            "Cancel session",
            f"Cancel the session of {say_moment(s.starts_at, self.zone)}?{code}\n\n"
            "Why is it cancelled? (optional; kept in the audit log)",
        )
        if not ok:
            return
        BackgroundTask(
            self, lambda _p: cancel_session(ctx, s.id, s.version, reason.strip() or None), "Cancelling…"
        ).success(lambda _r: self._done("The session is cancelled; its code no longer works.")).run()

    def replace_code(self) -> None:
        s = self.selected()
        if s is None or not s.attendance_code:
            return
        old = group_code(s.attendance_code)
        reason, ok = QInputDialog.getText(
            self,
            "Replace attendance code",
            f"Replace the code {old} of the session of {say_moment(s.starts_at, self.zone)}?\n"
            f"{old} stops working at once; learners will need the new code.\n\n"
            "Why? (kept in the audit log; leave empty for 'shared with people who were not there')",
        )
        if not ok:
            return
        ctx = self.ctx
        BackgroundTask(
            self, lambda _p: replace_code(ctx, s.id, reason.strip() or None), "Replacing…"
        ).success(
            lambda r: self._done(
                f"New attendance code {group_code(r.attendance_code or '')} for the session of "
                f"{say_moment(r.starts_at, self.zone)}; {old} no longer works."
            )
        ).run()

    def add_from_schedule(self) -> None:
        if self.detail is None:
            return
        first = self.next_day()
        dialog = SeriesDialog(
            self.ctx, self.detail.id, self.detail.title, first, self._series_end(first), parent=self
        )
        dialog.created.connect(
            lambda rows: self._done(f"Created {len(rows)} sessions, each with its own code.")
        )
        self._open(dialog)

    def import_csv(self) -> None:
        if self.detail is None:
            return
        name, _ = QFileDialog.getOpenFileName(
            self, "Import sessions from CSV", "", "CSV files (*.csv *.txt);;All files (*)"
        )
        if not name:
            return
        dialog = session_import_dialog(self.ctx, self.detail.id, Path(name), self)
        dialog.imported.connect(
            lambda report: self._done(f"Imported {len(report.rows)} sessions, each with its own code.")
        )
        self._open(dialog)
