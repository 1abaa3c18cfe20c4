"""Rows as JSON and back, for snapshots that let a change be undone exactly (the merge's alias snapshot)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, Table, inspect

from cme_desktop.store.base import UTCDateTime


def row_data(row: Any) -> dict[str, Any]:
    """Every column of an ORM row, with instants and dates as ISO text."""
    values: dict[str, Any] = {}
    for column in inspect(row).mapper.columns:
        value = getattr(row, column.key)
        values[column.name] = value.isoformat() if isinstance(value, datetime | date) else value
    return values


def row_values(table: Table, data: dict[str, Any]) -> dict[str, Any]:
    """`row_data`'s output ready to insert into `table` again."""
    values: dict[str, Any] = {}
    for name, value in data.items():
        if name not in table.c:
            continue
        column_type = table.c[name].type
        if value is not None and isinstance(column_type, UTCDateTime):
            value = datetime.fromisoformat(value)
        elif value is not None and isinstance(column_type, Date):
            value = date.fromisoformat(value)
        values[name] = value
    return values
