"""Claims no longer vanish with a deleted profile: their foreign key to people restricts instead of cascading.

A merge moves every claim to the surviving profile before deleting the other; with ON DELETE CASCADE a claim that
slipped in between was deleted with it. SQLite cannot alter a foreign key, so the claims table is rebuilt (with
foreign keys off, as store/migrate.upgrade does for every revision, so certificates keep their claims);
PostgreSQL swaps the constraint in place.

Revision ID: 0008_integrity
Revises: 0007_reporting
Create Date: 2026-11-29 10:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0008_integrity"
down_revision = "0007_reporting"
branch_labels = None
depends_on = None

NAME = "fk_attendance_claims_person_id_people"


def _point_claims_at_people(ondelete: str) -> None:
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("attendance_claims", recreate="always") as batch:
            batch.drop_constraint(NAME, type_="foreignkey")
            batch.create_foreign_key(NAME, "people", ["person_id"], ["id"], ondelete=ondelete)
        return
    op.drop_constraint(NAME, "attendance_claims", type_="foreignkey")
    op.create_foreign_key(NAME, "attendance_claims", "people", ["person_id"], ["id"], ondelete=ondelete)


def upgrade() -> None:
    _point_claims_at_people("RESTRICT")


def downgrade() -> None:
    _point_claims_at_people("CASCADE")
