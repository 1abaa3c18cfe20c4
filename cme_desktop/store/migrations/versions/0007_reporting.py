"""Reporting: what PARS asks of an activity (the ID ACCME assigns, CME Finder, outcome measures) and its MOC
registration with each certifying board. Two new tables; nothing existing is altered.

Revision ID: 0007_reporting
Revises: 0006_accreditation
Create Date: 2026-11-29 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_reporting"
down_revision = "0006_accreditation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "activity_reporting",
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("pars_activity_id", sa.String(length=20), nullable=True),
        sa.Column("cme_finder", sa.Boolean(), nullable=True),
        sa.Column("finder_fee", sa.Boolean(), nullable=True),
        sa.Column("finder_registration", sa.String(length=20), nullable=True),
        sa.Column("finder_url", sa.String(length=500), nullable=True),
        sa.Column("outcome_measures", sa.String(length=200), nullable=False),
        sa.Column("moc_attested", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_by", sa.String(length=120), nullable=True),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_activity_reporting_activity_id_activities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("activity_id", name=op.f("pk_activity_reporting")),
    )
    op.create_table(
        "moc_registrations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("board", sa.String(length=10), nullable=False),
        sa.Column("credit_types", sa.String(length=100), nullable=False),
        sa.Column("points_quarters", sa.Integer(), nullable=False),
        sa.Column("practice_areas", sa.String(length=500), nullable=False),
        sa.Column("requires_passing", sa.Boolean(), nullable=False),
        sa.Column("content_area", sa.String(length=200), nullable=True),
        sa.Column("claim_by", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_moc_registrations_activity_id_activities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_moc_registrations")),
        sa.UniqueConstraint("activity_id", "board", name=op.f("uq_moc_registrations_activity_id")),
    )
    op.create_index(
        op.f("ix_moc_registrations_activity_id"), "moc_registrations", ["activity_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_moc_registrations_activity_id"), table_name="moc_registrations")
    op.drop_table("moc_registrations")
    op.drop_table("activity_reporting")
