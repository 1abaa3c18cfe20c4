"""People: type-ahead search, profiles, the duplicate review, merges (with undo) and CSV import."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, QTimer, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cme_desktop.services.audit import AuditRow, history
from cme_desktop.services.context import Context
from cme_desktop.services.office.settings import office_zone
from cme_desktop.services.people.duplicates import DuplicatePair, dismiss_duplicate, find_duplicates
from cme_desktop.services.people.merge_undo import undo_merge
from cme_desktop.services.people.merging import MergeResult
from cme_desktop.services.people.search import PersonSummary, search_people
from cme_desktop.ui.events import AppEvents
from cme_desktop.ui.formatting import day_and_time
from cme_desktop.ui.people.models import RowsModel, duplicates_model, people_model
from cme_desktop.ui.table import list_view
from cme_desktop.ui.tasks import BackgroundTask, Reloader

DEBOUNCE_MS = 150  # one query per pause in typing, not one per key
RESULT_LIMIT = 200


def _view(model: Any, name: str) -> QTableView:
    # Columns keep the widths the coordinator drags them to; the service's order stands until a header is clicked.
    view = list_view(model, name, sortable=True, fit_columns=False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return view


def _selected(view: QTableView, model: RowsModel[Any]) -> Any:
    rows = view.selectionModel().selectedRows()
    if not rows:
        return None
    proxy = view.model()
    assert isinstance(proxy, QSortFilterProxyModel)
    return model.row(proxy.mapToSource(rows[0]).row())


class PeoplePage(QWidget):
    title = "People"
    searched = Signal()
    duplicates_loaded = Signal()
    merges_loaded = Signal()

    def __init__(self, ctx: Context, events: AppEvents, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.events = ctx, events
        self.searcher: Reloader[list[PersonSummary]] = Reloader(self, self._show_results)
        self.dialog: QWidget | None = None
        self._zone: Any = None

        heading = QLabel("People")
        heading.setObjectName("pageHeading")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search by name, email, NetID, phone or NPI")
        self.search.setAccessibleName("Search people")
        self.search.setClearButtonEnabled(True)
        self.new_button = QPushButton("New profile…")
        self.import_button = QPushButton("Import CSV…")
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.new_button)
        top.addWidget(self.import_button)

        self.people = people_model(self)
        self.results = _view(self.people, "People found")
        self.results.horizontalHeader().resizeSection(0, 220)
        self.results.horizontalHeader().resizeSection(2, 270)
        self.results.horizontalHeader().resizeSection(4, 150)
        self.count = QLabel()
        self.count.setObjectName("emptyNote")
        find = QWidget()
        find_layout = QVBoxLayout(find)
        find_layout.addWidget(self.results, 1)
        find_layout.addWidget(self.count)

        self.duplicates = duplicates_model(self)
        self.duplicate_view = _view(self.duplicates, "Possible duplicates")
        self.duplicate_view.horizontalHeader().resizeSection(0, 300)
        self.duplicate_view.horizontalHeader().resizeSection(1, 300)
        self.duplicate_view.setWordWrap(True)
        self.find_button = QPushButton("Find duplicates")
        self.merge_button = QPushButton("Merge…")
        self.dismiss_button = QPushButton("Not the same person")
        self.duplicate_note = QLabel("Press Find duplicates to compare every profile.")
        self.duplicate_note.setObjectName("emptyNote")
        dup_buttons = QHBoxLayout()
        for button in (self.find_button, self.merge_button, self.dismiss_button):
            dup_buttons.addWidget(button)
        dup_buttons.addStretch(1)
        dups = QWidget()
        dup_layout = QVBoxLayout(dups)
        dup_layout.addLayout(dup_buttons)
        dup_layout.addWidget(self.duplicate_view, 1)
        dup_layout.addWidget(self.duplicate_note)

        self.merges: RowsModel[AuditRow] = RowsModel(
            [
                (
                    "When",
                    lambda a: day_and_time(a.at, self._zone) if self._zone else a.at.isoformat(),
                    lambda a: a.at,
                ),
                ("By", lambda a: a.os_user),
                ("Kept", lambda a: _merge_name((a.after or {}).get("survivor"))),
                ("Merged into it", lambda a: _merge_name((a.before or {}).get("merged"))),
                ("Claims moved / combined", lambda a: _merge_counts(a)),
            ],
            self,
        )
        self.merge_view = _view(self.merges, "Merges")
        self.undo_button = QPushButton("Undo merge")
        merges = QWidget()
        merge_layout = QVBoxLayout(merges)
        merge_layout.addWidget(self.merge_view, 1)
        undo_row = QHBoxLayout()
        undo_row.addWidget(self.undo_button)
        undo_row.addStretch(1)
        merge_layout.addLayout(undo_row)

        self.tabs = QTabWidget()
        self.tabs.addTab(find, "Find")
        self.tabs.addTab(dups, "Duplicates")
        self.tabs.addTab(merges, "Merges")
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(lambda _text: self.timer.start())
        self.search.returnPressed.connect(self._open_first)
        self.results.activated.connect(self._open_result)
        self.new_button.clicked.connect(lambda: self.open_profile(None))
        self.import_button.clicked.connect(self.choose_import)
        self.find_button.clicked.connect(self.load_duplicates)
        self.merge_button.clicked.connect(self.merge_selected)
        self.dismiss_button.clicked.connect(self.dismiss_selected)
        self.undo_button.clicked.connect(self.undo_selected)
        self.duplicate_view.activated.connect(lambda _i: self.merge_selected())
        self.tabs.currentChanged.connect(self._tab_changed)
        events.people_changed.connect(self.run_search)
        self.run_search()

    # Search ---------------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """View › Refresh: the search again, and the tab on screen."""
        self.run_search()
        if self.tabs.currentIndex() == 1:
            self.load_duplicates()
        elif self.tabs.currentIndex() == 2:
            self.load_merges()

    def run_search(self) -> None:
        ctx, text = self.ctx, self.search.text()
        self.searcher.request(lambda: search_people(ctx, text, limit=RESULT_LIMIT))

    def _show_results(self, people: list[PersonSummary]) -> None:
        self.people.set_rows(people)
        text = self.search.text().strip()
        if not people:
            self.count.setText(f"Nobody matches “{text}”." if text else "No profiles yet.")
        elif len(people) >= RESULT_LIMIT:
            self.count.setText(f"The first {RESULT_LIMIT} matches; type more to narrow them.")
        else:
            self.count.setText(f"{len(people)} {'person' if len(people) == 1 else 'people'}.")
        self.searched.emit()

    def _open_first(self) -> None:
        if self.people.rows:
            self.open_profile(self.people.row(0).id)

    def _open_result(self, index: QModelIndex) -> None:
        proxy = self.results.model()
        assert isinstance(proxy, QSortFilterProxyModel)
        self.open_profile(self.people.row(proxy.mapToSource(index).row()).id)

    def open_profile(self, person_id: int | None) -> None:
        from cme_desktop.ui.people.profile_dialog import ProfileDialog

        dialog = ProfileDialog(self.ctx, person_id, self)
        dialog.open_person_requested.connect(self._open_other)
        self.dialog = dialog
        dialog.open()

    def _open_other(self, person_id: int) -> None:
        QTimer.singleShot(0, lambda: self.open_profile(person_id))

    # Duplicates -----------------------------------------------------------------------------------------------
    def load_duplicates(self) -> None:
        ctx = self.ctx
        self.find_button.setEnabled(False)
        BackgroundTask(self, lambda _p: find_duplicates(ctx), "Comparing every profile…").success(
            self._show_duplicates
        ).failure(self._duplicates_failed).run()

    def _duplicates_failed(self, error: BaseException) -> bool:
        self.find_button.setEnabled(True)
        return False

    def _show_duplicates(self, pairs: list[DuplicatePair]) -> None:
        self.find_button.setEnabled(True)
        self.duplicates.set_rows(pairs)
        self.duplicate_view.resizeRowsToContents()
        self.duplicate_note.setText(
            f"{len(pairs)} possible duplicate{'s' if len(pairs) != 1 else ''}: merge them, or mark them as two people."
            if pairs
            else "No likely duplicates."
        )
        self.duplicates_loaded.emit()

    def merge_selected(self) -> None:
        pair = _selected(self.duplicate_view, self.duplicates)
        if pair is None:
            self.duplicate_note.setText("Select a pair first.")
            return
        from cme_desktop.ui.people.merge_dialog import MergeDialog

        dialog = MergeDialog(self.ctx, pair.first.id, pair.second.id, self)
        dialog.merged.connect(self._merged)
        self.dialog = dialog
        dialog.open()

    def _merged(self, result: object) -> None:
        self.load_duplicates()
        self.load_merges()
        if isinstance(result, MergeResult):
            ctx, name = self.ctx, result.survivor.display_name

            def undo() -> None:
                BackgroundTask(
                    self, lambda _p: undo_merge(ctx, result.audit_id), "Undoing the merge…"
                ).success(lambda _profile: self._merged(None)).run()

            self.events.undo.push(f"Undo merge into {name}", undo)
            self.events.say(f"Merged into {name}. Edit › Undo (Ctrl+Z) splits them again.")

    def dismiss_selected(self) -> None:
        pair = _selected(self.duplicate_view, self.duplicates)
        if pair is None:
            self.duplicate_note.setText("Select a pair first.")
            return
        ctx = self.ctx
        BackgroundTask(self, lambda _p: dismiss_duplicate(ctx, pair.first.id, pair.second.id)).success(
            lambda _r: self.load_duplicates()
        ).run()

    # Merges -----------------------------------------------------------------------------------------------------
    def _tab_changed(self, index: int) -> None:
        if index == 2:
            self.load_merges()

    def load_merges(self) -> None:
        ctx = self.ctx

        def work(_p: object) -> tuple[list[AuditRow], Any]:
            entries = history(ctx, "person", limit=2000)
            undone = {
                (a.before or {}).get("merge_audit_id") for a in entries if a.action == "person.merge_undo"
            }
            return [a for a in entries if a.action == "person.merge" and a.id not in undone], office_zone(ctx)

        BackgroundTask(self, work).success(self._show_merges).run()

    def _show_merges(self, result: tuple[list[AuditRow], Any]) -> None:
        rows, self._zone = result
        self.merges.set_rows(rows)
        self.merges_loaded.emit()

    def undo_selected(self) -> None:
        entry = _selected(self.merge_view, self.merges)
        if entry is None:
            return
        ctx = self.ctx
        BackgroundTask(self, lambda _p: undo_merge(ctx, entry.id), "Undoing the merge…").success(
            lambda _profile: self._merged(None)
        ).run()

    # Import -----------------------------------------------------------------------------------------------------
    def choose_import(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Import people", "", "CSV files (*.csv);;All files (*)")
        if name:
            self.open_import(Path(name))

    def open_import(self, path: Path) -> None:
        from cme_desktop.ui.people.import_dialog import people_import_dialog

        dialog = people_import_dialog(self.ctx, path, self)
        self.dialog = dialog
        dialog.open()


def _merge_name(person: dict[str, Any] | None) -> str:
    """'Doe, Jane' from a profile as the merge's audit entry kept it."""
    if not person:
        return ""
    return f"{person.get('last_name', '')}, {person.get('first_name', '')}"


def _merge_counts(entry: AuditRow) -> str:
    after = entry.after or {}
    return f"{after.get('claims_moved', 0)} / {after.get('claims_combined', 0)}"
