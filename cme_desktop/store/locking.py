"""Row and database locks for writes that must not interleave with others (a merge and the claims arriving
during it), on both engines.

SQLite has one writer at a time: `hold_write_lock` starts the transaction with BEGIN IMMEDIATE, so whatever the
transaction reads afterwards stays true until it commits. PostgreSQL locks rows: `lock_for_update` takes the rows
a transaction will change or delete (`SELECT ... FOR UPDATE`). A row a new row will point at is read `FOR KEY
SHARE` (what a foreign key check takes itself, taken early so that a deleted row is noticed before any insert
that would point at it: the claims rule book does so in its one query). A row locked for update waits for every
key-share holder to commit, and the other way round.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Column, select
from sqlalchemy.orm import Session


def hold_write_lock(session: Session) -> None:
    """SQLite: take the database's write lock now (BEGIN IMMEDIATE), waiting up to the busy timeout for another
    writer; PostgreSQL: nothing (it locks rows instead).

    Python's sqlite3 (in its default transaction handling) opens a transaction only at the first INSERT, UPDATE
    or DELETE, and that implicit BEGIN takes the write lock: a connection already in a transaction holds it.
    """
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return
    driver: Any = connection.connection.driver_connection
    if not driver.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def lock_for_update(session: Session, column: Column[int] | Any, ids: Iterable[int]) -> set[int]:
    """Lock the rows whose `column` (a primary key) is in `ids` for update, in id order so two transactions
    locking overlapping rows cannot deadlock; returns the ids that exist. SQLite: the write lock."""
    wanted = sorted(set(ids))
    hold_write_lock(session)
    query = select(column).where(column.in_(wanted)).order_by(column)
    if session.connection().dialect.name == "postgresql":
        query = query.with_for_update()
    return set(session.scalars(query))
