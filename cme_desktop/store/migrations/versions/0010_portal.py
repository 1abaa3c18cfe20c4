"""The learner portal: browser sessions (revocable, only a hash of the cookie's token) and emailed sign-in codes.

Revision ID: 0010_portal
Revises: 0009_texting
Create Date: 2026-11-30 08:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_portal"
down_revision = "0009_texting"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "portal_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("signed_in_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("method", sa.String(length=10), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("netid", sa.String(length=60), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("pending", sa.JSON(), nullable=True),
        sa.Column("wrong_codes", sa.JSON(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_portal_sessions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_portal_sessions_token_hash")),
    )
    with op.batch_alter_table("portal_sessions") as batch:
        batch.create_index("ix_portal_sessions_last_seen_at", ["last_seen_at"], unique=False)
        batch.create_index(batch.f("ix_portal_sessions_person_id"), ["person_id"], unique=False)
    op.create_table(
        "portal_sign_in_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("email_key", sa.String(length=64), nullable=False),
        sa.Column("client_key", sa.String(length=64), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("wrong_tries", sa.Integer(), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["portal_sessions.id"],
            name=op.f("fk_portal_sign_in_codes_session_id_portal_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_portal_sign_in_codes")),
    )
    with op.batch_alter_table("portal_sign_in_codes") as batch:
        batch.create_index("ix_portal_sign_in_codes_email_at", ["email_key", "created_at"], unique=False)
        batch.create_index("ix_portal_sign_in_codes_client_at", ["client_key", "created_at"], unique=False)
        batch.create_index(batch.f("ix_portal_sign_in_codes_session_id"), ["session_id"], unique=False)


def downgrade() -> None:
    op.drop_table("portal_sign_in_codes")
    op.drop_table("portal_sessions")
