"""Alembic environment: runs on the connection CME Desk hands it (store/migrate.py)."""

from __future__ import annotations

from alembic import context

from cme_desktop.store.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Run migrations through cme_desktop.store.migrate, which supplies the connection.")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
