"""People: the learner's permission to report completed credit to their certifying boards (MOC).

A plain ADD COLUMN on both databases: SQLite adds a NOT NULL column with a constant default in place, so the
people table is not rebuilt (rebuilding it would drop and recreate the table every claim points at).

Revision ID: 0002_moc_permission
Revises: 0001_initial
Create Date: 2026-11-28 23:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_moc_permission"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "people", sa.Column("moc_permission", sa.Boolean(), server_default=sa.false(), nullable=False)
    )


def downgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.drop_column("moc_permission")
