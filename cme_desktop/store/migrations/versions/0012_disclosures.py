"""Faculty and planners disclose for themselves (issue 18).

- `disclosure_invitations`: who was asked to disclose for which activity, when it was sent, the reminders and
  the answer; `disclosure_links`: the links mailed (a hash of each random token, and when it expires);
  `disclosure_drafts`: the form as a person left it before submitting.
- `disclosures.source` (office or portal) and `disclosures.owner_or_employee` (the explicit answer to Standard 3's
  exclusion question); `ineligible_companies.needs_review` (typed on the portal, not yet checked by the office).

Columns are added in place (plain ADD COLUMN with constant defaults), so no existing table is rebuilt.

Revision ID: 0012_disclosures
Revises: 0010_portal
Create Date: 2026-11-30 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_disclosures"
down_revision = "0010_portal"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "disclosure_invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("invited_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("invited_by", sa.String(length=120), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sends", sa.Integer(), nullable=False),
        sa.Column("failure", sa.String(length=300), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reminded_7_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reminded_3_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_disclosure_invitations_activity_id_activities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_disclosure_invitations_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disclosure_invitations")),
    )
    with op.batch_alter_table("disclosure_invitations") as batch:
        batch.create_index(batch.f("ix_disclosure_invitations_activity_id"), ["activity_id"], unique=False)
        batch.create_index(batch.f("ix_disclosure_invitations_person_id"), ["person_id"], unique=False)
    op.create_table(
        "disclosure_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("invitation_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["invitation_id"],
            ["disclosure_invitations.id"],
            name=op.f("fk_disclosure_links_invitation_id_disclosure_invitations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disclosure_links")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_disclosure_links_token_hash")),
    )
    with op.batch_alter_table("disclosure_links") as batch:
        batch.create_index(batch.f("ix_disclosure_links_invitation_id"), ["invitation_id"], unique=False)
    op.create_table(
        "disclosure_drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_disclosure_drafts_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disclosure_drafts")),
    )
    with op.batch_alter_table("disclosure_drafts") as batch:
        batch.create_index(batch.f("ix_disclosure_drafts_person_id"), ["person_id"], unique=False)
    op.add_column(
        "disclosures", sa.Column("source", sa.String(length=10), server_default="office", nullable=False)
    )
    op.add_column("disclosures", sa.Column("owner_or_employee", sa.Boolean(), nullable=True))
    op.add_column(
        "ineligible_companies",
        sa.Column("needs_review", sa.Boolean(), server_default=sa.false(), nullable=False),
    )


def downgrade() -> None:
    with op.batch_alter_table("ineligible_companies") as batch:
        batch.drop_column("needs_review")
    with op.batch_alter_table("disclosures") as batch:
        batch.drop_column("owner_or_employee")
        batch.drop_column("source")
    op.drop_table("disclosure_drafts")
    op.drop_table("disclosure_links")
    op.drop_table("disclosure_invitations")
