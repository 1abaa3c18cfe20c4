"""The one base for read-only tables: rows of the frozen dataclasses that services return.

It holds the rows, counts them and names the columns; a subclass says in `data` what each cell shows. Views sort
and filter through a QSortFilterProxyModel, so a model never touches the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import QHeaderView, QTableView

T = TypeVar("T")


class RowTable(QAbstractTableModel, Generic[T]):
    HEADERS: Sequence[str] = ()

    def __init__(self, headers: Sequence[str] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headers: tuple[str, ...] = tuple(self.HEADERS if headers is None else headers)
        self.rows: list[T] = []

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.rows_changed()
        self.endResetModel()

    def rows_changed(self) -> None:
        """Called inside a reset: drop anything computed from the previous rows."""

    def row(self, index: int) -> T:
        return self.rows[index]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None


def list_view(
    model: QAbstractItemModel,
    name: str,
    stretch: int | None = None,
    sortable: bool = False,
    fit_columns: bool = True,
    proxy: QSortFilterProxyModel | None = None,
) -> QTableView:
    """A read-only list of rows, picked one at a time: how every page shows a table.

    With `sortable`, a proxy sorts on UserRole when a header is clicked (until then the service's order stands);
    a page with its own `proxy` (filtering, another sort role) passes it instead;
    `stretch` is the column that takes the spare width (else the last one); columns fit their contents, measured on
    the rows in view rather than on thousands.
    """
    view = QTableView()
    if proxy is not None:
        view.setModel(proxy)
        view.setSortingEnabled(True)
    elif sortable:
        proxy = QSortFilterProxyModel(view)
        proxy.setSourceModel(model)
        proxy.setSortRole(Qt.ItemDataRole.UserRole)
        view.setModel(proxy)
        view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        view.setSortingEnabled(True)
    else:
        view.setModel(model)
    view.setAccessibleName(name)
    view.verticalHeader().hide()
    view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    header = view.horizontalHeader()
    header.setResizeContentsPrecision(100)
    if fit_columns:
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch is None:
        header.setStretchLastSection(True)
    else:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Interactive)
        _Stretcher(view, stretch)
    return view


class _Stretcher(QObject):
    """The stretch column takes the spare width, but never less than MIN_STRETCH pixels: on a narrow screen the
    table scrolls sideways instead of squeezing the column that matters (a topic, a title) to nothing."""

    MIN_STRETCH = 200

    def __init__(self, view: QTableView, column: int) -> None:
        super().__init__(view)
        self.view, self.column = view, column
        view.viewport().installEventFilter(self)
        view.horizontalHeader().sectionResized.connect(self._resized)
        model = view.model()
        model.modelReset.connect(self.fit)
        model.layoutChanged.connect(self.fit)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def _resized(self, section: int, _old: int, _new: int) -> None:
        if section != self.column:
            self.fit()

    def fit(self) -> None:
        header = self.view.horizontalHeader()
        others = sum(
            header.sectionSize(i)
            for i in range(header.count())
            if i != self.column and not header.isSectionHidden(i)
        )
        wanted = max(self.MIN_STRETCH, self.view.viewport().width() - others)
        if header.sectionSize(self.column) != wanted:
            header.blockSignals(True)
            header.resizeSection(self.column, wanted)
            header.blockSignals(False)
            header.viewport().update()


class ZonedRowTable(RowTable[T]):
    """Rows whose times are shown in the office's zone, which arrives with the rows (it is read off the GUI thread)."""

    def __init__(self, headers: Sequence[str] | None = None, parent: QObject | None = None) -> None:
        super().__init__(headers, parent)
        self.zone = ZoneInfo("UTC")

    def set_rows(self, rows: Sequence[T], zone: ZoneInfo | None = None) -> None:
        if zone is not None:
            self.zone = zone
        super().set_rows(rows)
