"""Table models for the People page and its dialogs: rows of plain dataclasses, columns as (header, getter)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any, TypeVar

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from cme_desktop.domain.names import sort_name
from cme_desktop.domain.phones import display_phone
from cme_desktop.services.people.duplicates import DuplicatePair
from cme_desktop.services.people.search import PersonSummary
from cme_desktop.ui.table import RowTable

T = TypeVar("T")
# (header, value shown) or (header, value shown, value sorted by) when the shown text does not sort right.
Column = tuple[str, Callable[[Any], object]] | tuple[str, Callable[[Any], object], Callable[[Any], object]]


class RowsModel(RowTable[T]):
    """A read-only table of dataclass rows; sorting goes through a QSortFilterProxyModel on UserRole."""

    def __init__(self, columns: Sequence[Column], parent: QObject | None = None) -> None:
        super().__init__([c[0] for c in columns], parent)
        self.columns = list(columns)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        column = self.columns[index.column()]
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = column[1](row)
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.UserRole:
            value = column[2](row) if len(column) == 3 else column[1](row)
            if isinstance(value, datetime | date):
                return value.isoformat()
            return value if isinstance(value, int | float) else str(value or "").lower()
        return None


def _phones(p: PersonSummary) -> str:
    return ", ".join(display_phone(n) for n in p.phones)


PEOPLE_COLUMNS: list[Column] = [
    ("Name", lambda p: sort_name(p.first_name, p.last_name)),
    ("Degree", lambda p: p.degree),
    ("Email", lambda p: p.primary_email),
    ("NetID", lambda p: p.netid),
    ("Phone", _phones),
    ("NPI", lambda p: p.npi),
]


def _who(p: PersonSummary) -> str:
    bits = [sort_name(p.first_name, p.last_name)]
    if p.degree:
        bits.append(p.degree)
    bits.append(p.primary_email or (f"NetID {p.netid}" if p.netid else "no email or NetID"))
    return " · ".join(bits)


DUPLICATE_COLUMNS: list[Column] = [
    ("Profile", lambda d: _who(d.first)),
    ("Possible duplicate", lambda d: _who(d.second)),
    ("Evidence", lambda d: " ".join(d.evidence)),
]


def people_model(parent: QObject) -> RowsModel[PersonSummary]:
    return RowsModel(PEOPLE_COLUMNS, parent)


def duplicates_model(parent: QObject) -> RowsModel[DuplicatePair]:
    return RowsModel(DUPLICATE_COLUMNS, parent)
