"""Texting: opt-outs belong to the phone number, phone links confirmed by an emailed code.

- `texting_numbers`: a number's opt-out state, linked or not. Opted-out phones on profiles move here, and the
  two columns on `person_phones` go (the state is the number's, so it survives linking and merging).
- `phone_link_requests`: the codes emailed to confirm that a phone is its owner's (hashes only).

Dropping the columns rebuilds `person_phones` on SQLite (batch mode); nothing references that table.

Revision ID: 0009_texting
Revises: 0008_integrity
Create Date: 2026-11-29 08:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_texting"
down_revision = "0008_integrity"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "texting_numbers",
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("opted_out", sa.Boolean(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("how", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("phone", name=op.f("pk_texting_numbers")),
    )
    op.execute(
        "INSERT INTO texting_numbers (phone, opted_out, changed_at, how) "
        "SELECT e164, opted_out, COALESCE(opted_out_at, CURRENT_TIMESTAMP), 'keyword' "
        "FROM person_phones WHERE opted_out"
    )
    with op.batch_alter_table("person_phones") as batch:
        batch.drop_column("opted_out_at")
        batch.drop_column("opted_out")
    op.create_table(
        "phone_link_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("email_key", sa.String(length=64), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("code_hash", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("wrong_codes", sa.Integer(), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_phone_link_requests_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_phone_link_requests")),
    )
    with op.batch_alter_table("phone_link_requests") as batch:
        batch.create_index("ix_phone_link_requests_phone_at", ["phone", "created_at"], unique=False)
        batch.create_index("ix_phone_link_requests_email_at", ["email_key", "created_at"], unique=False)
        batch.create_index(batch.f("ix_phone_link_requests_person_id"), ["person_id"], unique=False)


def downgrade() -> None:
    op.drop_table("phone_link_requests")
    with op.batch_alter_table("person_phones") as batch:
        batch.add_column(sa.Column("opted_out", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch.add_column(sa.Column("opted_out_at", sa.DateTime(timezone=True), nullable=True))
    op.execute(
        "UPDATE person_phones SET opted_out = true, opted_out_at = "
        "(SELECT changed_at FROM texting_numbers WHERE phone = person_phones.e164) "
        "WHERE e164 IN (SELECT phone FROM texting_numbers WHERE opted_out)"
    )
    op.drop_table("texting_numbers")
