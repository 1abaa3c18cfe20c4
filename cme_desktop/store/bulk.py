"""Inserting many rows at once, in the caller's transaction, without SQLAlchemy's per-row work.

A Core `connection.execute(insert(table), rows)` builds and type-processes every parameter set through the
compiled statement's machinery: for 50,000 imported profiles and their 50,000 audit entries that was a third of
the import (benchmarks/people_import.py). Here the statement is compiled once by SQLAlchemy for the connection's
dialect (so PostgreSQL's casts, such as `::JSON`, are its own), each column's bind processor runs once per value
(a value that rows repeat one after another, such as the import's one timestamp, once in all), and the driver's
`executemany` gets plain tuples or dicts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Table, bindparam, insert

_Processor = Callable[[Any], Any]


def insert_rows(connection: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """INSERT every row (each a dict with the same keys, column names of `table`) in one driver executemany."""
    if not rows:
        return
    names = list(rows[0])
    unknown = [name for name in names if name not in table.c]
    if unknown:
        raise ValueError(f"{table.name} has no column {unknown[0]}")
    statement = insert(table).values({name: bindparam(name, type_=table.c[name].type) for name in names})
    dialect = connection.dialect
    compiled = statement.compile(dialect=dialect, for_executemany=True)  # no implicit RETURNING
    order = list(compiled.positiontup or compiled.binds)
    extra = [name for name in order if name not in names]
    if extra:  # a column with a client-side default the rows leave out: the caller must give it
        raise ValueError(f"give {table.name}.{extra[0]} in every row")
    processors: dict[str, _Processor] = {}
    for name in names:
        processor = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        if processor is not None:
            processors[name] = _repeats_once(processor)
    if compiled.positiontup is not None:
        parameters: list[Any] = _tuples(rows, order, processors)
    else:
        parameters = [
            {name: processors[name](value) if name in processors else value for name, value in row.items()}
            for row in rows
        ]
    connection.exec_driver_sql(str(compiled), parameters)


def _tuples(rows: Sequence[dict[str, Any]], order: list[str], processors: dict[str, _Processor]) -> list[Any]:
    """Each row's values in the statement's order, processed: one C-level itemgetter per row, then only the
    columns that have a processor."""
    values_of: Callable[[dict[str, Any]], Any] = itemgetter(*order)
    if len(order) == 1:  # itemgetter of one name gives the value itself, not a 1-tuple
        only = order[0]
        values_of = lambda row: (row[only],)  # noqa: E731
    processed = [(index, processors[name]) for index, name in enumerate(order) if name in processors]
    if not processed:
        return [values_of(row) for row in rows]
    result: list[Any] = []
    for row in rows:
        values = list(values_of(row))
        for index, process in processed:
            values[index] = process(values[index])
        result.append(tuple(values))
    return result


def _repeats_once(processor: _Processor) -> _Processor:
    """The processor, remembering its last argument: rows often repeat one value (a timestamp, a flag)."""
    last: list[Any] = [object(), None]

    def process(value: Any) -> Any:
        if value is not last[0]:
            last[0], last[1] = value, processor(value)
        return last[1]

    return process
