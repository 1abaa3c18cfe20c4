"""The first generation of the schema: people, activities, sessions, claims, texts, disclosures, audit.

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-28 20:28:45.281425
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "activities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("format", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("providership", sa.String(length=10), nullable=False),
        sa.Column("joint_provider", sa.String(length=200), nullable=True),
        sa.Column("department", sa.String(length=120), nullable=True),
        sa.Column("director", sa.String(length=120), nullable=True),
        sa.Column("venue", sa.String(length=200), nullable=True),
        sa.Column("city", sa.String(length=100), nullable=True),
        sa.Column("state", sa.String(length=50), nullable=True),
        sa.Column("country", sa.String(length=60), nullable=True),
        sa.Column("delivery", sa.String(length=20), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("learner_statement", sa.Text(), nullable=True),
        sa.Column("code_opens_minutes_before", sa.Integer(), nullable=False),
        sa.Column("code_closes_days_after", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_by", sa.String(length=120), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activities")),
    )
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activities_title"), ["title"], unique=False)

    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("os_user", sa.String(length=120), nullable=False),
        sa.Column("db_user", sa.String(length=120), nullable=True),
        sa.Column("machine", sa.String(length=120), nullable=False),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)
        batch_op.create_index("ix_audit_log_entity", ["entity", "entity_id"], unique=False)

    op.create_table(
        "ineligible_companies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ineligible_companies")),
        sa.UniqueConstraint("name", name=op.f("uq_ineligible_companies_name")),
    )
    op.create_table(
        "office_settings",
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_office_settings")),
    )
    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("first_name", sa.String(length=100), nullable=False),
        sa.Column("middle_name", sa.String(length=100), nullable=True),
        sa.Column("last_name", sa.String(length=100), nullable=False),
        sa.Column("suffix", sa.String(length=20), nullable=True),
        sa.Column("degree", sa.String(length=40), nullable=True),
        sa.Column("profession", sa.String(length=30), nullable=False),
        sa.Column("netid", sa.String(length=60), nullable=True),
        sa.Column("npi", sa.String(length=10), nullable=True),
        sa.Column("nabp_eprofile_id", sa.String(length=20), nullable=True),
        sa.Column("birth_month", sa.Integer(), nullable=True),
        sa.Column("birth_day", sa.Integer(), nullable=True),
        sa.Column("ssn_last4_hash", sa.String(length=64), nullable=True),
        sa.Column("search_name", sa.String(length=220), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_by", sa.String(length=120), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
        sa.UniqueConstraint("netid", name=op.f("uq_people_netid")),
        sa.UniqueConstraint("npi", name=op.f("uq_people_npi")),
    )
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.create_index("ix_people_last_first", ["last_name", "first_name"], unique=False)
        batch_op.create_index(batch_op.f("ix_people_search_name"), ["search_name"], unique=False)
        batch_op.create_index(batch_op.f("ix_people_ssn_last4_hash"), ["ssn_last4_hash"], unique=False)

    op.create_table(
        "activity_roles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_activity_roles_activity_id_activities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_activity_roles_person_id_people"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_roles")),
        sa.UniqueConstraint("activity_id", "person_id", "role", name=op.f("uq_activity_roles_activity_id")),
    )
    with op.batch_alter_table("activity_roles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activity_roles_activity_id"), ["activity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_activity_roles_person_id"), ["person_id"], unique=False)

    op.create_table(
        "commercial_support",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("in_kind", sa.Boolean(), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_commercial_support_activity_id_activities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commercial_support")),
    )
    with op.batch_alter_table("commercial_support", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_commercial_support_activity_id"), ["activity_id"], unique=False)

    op.create_table(
        "credit_designations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("credit_type", sa.String(length=20), nullable=False),
        sa.Column("max_quarters", sa.Integer(), nullable=False),
        sa.Column("uan", sa.String(length=30), nullable=True),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_credit_designations_activity_id_activities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credit_designations")),
        sa.UniqueConstraint("activity_id", "credit_type", name=op.f("uq_credit_designations_activity_id")),
    )
    with op.batch_alter_table("credit_designations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_credit_designations_activity_id"), ["activity_id"], unique=False)

    op.create_table(
        "disclosures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("disclosed_on", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("attested", sa.Boolean(), nullable=False),
        sa.Column("no_relationships", sa.Boolean(), nullable=False),
        sa.Column("refused", sa.Boolean(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=120), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_by", sa.String(length=120), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_disclosures_person_id_people"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disclosures")),
    )
    with op.batch_alter_table("disclosures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_disclosures_person_id"), ["person_id"], unique=False)

    op.create_table(
        "person_aliases",
        sa.Column("merged_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("merged_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("snapshot", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_person_aliases_person_id_people"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("merged_id", name=op.f("pk_person_aliases")),
    )
    with op.batch_alter_table("person_aliases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_aliases_person_id"), ["person_id"], unique=False)

    op.create_table(
        "person_board_ids",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("board", sa.String(length=20), nullable=False),
        sa.Column("board_id", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_person_board_ids_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_board_ids")),
        sa.UniqueConstraint("board", "board_id", name=op.f("uq_person_board_ids_board")),
    )
    with op.batch_alter_table("person_board_ids", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_board_ids_person_id"), ["person_id"], unique=False)

    op.create_table(
        "person_duplicate_dismissals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("low_id", sa.Integer(), nullable=False),
        sa.Column("high_id", sa.Integer(), nullable=False),
        sa.Column("dismissed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("dismissed_by", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["high_id"],
            ["people.id"],
            name=op.f("fk_person_duplicate_dismissals_high_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["low_id"],
            ["people.id"],
            name=op.f("fk_person_duplicate_dismissals_low_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_duplicate_dismissals")),
        sa.UniqueConstraint("low_id", "high_id", name=op.f("uq_person_duplicate_dismissals_low_id")),
    )
    with op.batch_alter_table("person_duplicate_dismissals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_duplicate_dismissals_high_id"), ["high_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_person_duplicate_dismissals_low_id"), ["low_id"], unique=False)

    op.create_table(
        "person_emails",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(length=254), nullable=False),
        sa.Column("is_primary", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_person_emails_person_id_people"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_emails")),
        sa.UniqueConstraint("address", name=op.f("uq_person_emails_address")),
    )
    with op.batch_alter_table("person_emails", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_emails_person_id"), ["person_id"], unique=False)

    op.create_table(
        "person_licenses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=2), nullable=False),
        sa.Column("license_number", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_person_licenses_person_id_people"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_licenses")),
    )
    with op.batch_alter_table("person_licenses", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_licenses_person_id"), ["person_id"], unique=False)

    op.create_table(
        "person_phones",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("e164", sa.String(length=20), nullable=False),
        sa.Column("verified", sa.Boolean(), nullable=False),
        sa.Column("opted_out", sa.Boolean(), nullable=False),
        sa.Column("opted_out_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_person_phones_person_id_people"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_phones")),
        sa.UniqueConstraint("e164", name=op.f("uq_person_phones_e164")),
    )
    with op.batch_alter_table("person_phones", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_phones_person_id"), ["person_id"], unique=False)

    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("timezone", sa.String(length=60), nullable=False),
        sa.Column("topic", sa.String(length=300), nullable=True),
        sa.Column("speakers", sa.String(length=300), nullable=True),
        sa.Column("room", sa.String(length=120), nullable=True),
        sa.Column("credit_quarters", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attendance_code", sa.String(length=7), nullable=True),
        sa.Column("code_opens_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("code_closes_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("disclosure_shown_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_by", sa.String(length=120), nullable=True),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_sessions_activity_id_activities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sessions")),
        sa.UniqueConstraint("attendance_code", name=op.f("uq_sessions_attendance_code")),
    )
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sessions_activity_id"), ["activity_id"], unique=False)
        batch_op.create_index("ix_sessions_starts_at", ["starts_at"], unique=False)

    op.create_table(
        "text_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("direction", sa.String(length=3), nullable=False),
        sa.Column("provider_sid", sa.String(length=64), nullable=True),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("office_number", sa.String(length=20), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(length=40), nullable=True),
        sa.Column("reply_to_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_text_messages_person_id_people"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["reply_to_id"],
            ["text_messages.id"],
            name=op.f("fk_text_messages_reply_to_id_text_messages"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_text_messages")),
        sa.UniqueConstraint("provider_sid", name=op.f("uq_text_messages_provider_sid")),
    )
    with op.batch_alter_table("text_messages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_text_messages_person_id"), ["person_id"], unique=False)
        batch_op.create_index("ix_text_messages_phone_at", ["phone", "at"], unique=False)

    op.create_table(
        "attendance_claims",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("credit_type", sa.String(length=20), nullable=False),
        sa.Column("credit_quarters", sa.Integer(), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=120), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_reason", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_attendance_claims_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            name=op.f("fk_attendance_claims_session_id_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance_claims")),
        sa.UniqueConstraint("session_id", "person_id", name="uq_attendance_claims_session_person"),
    )
    with op.batch_alter_table("attendance_claims", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attendance_claims_person_id"), ["person_id"], unique=False)

    op.create_table(
        "financial_relationships",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("disclosure_id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("nature", sa.String(length=30), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["ineligible_companies.id"],
            name=op.f("fk_financial_relationships_company_id_ineligible_companies"),
        ),
        sa.ForeignKeyConstraint(
            ["disclosure_id"],
            ["disclosures.id"],
            name=op.f("fk_financial_relationships_disclosure_id_disclosures"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_financial_relationships")),
    )
    with op.batch_alter_table("financial_relationships", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_financial_relationships_company_id"), ["company_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_financial_relationships_disclosure_id"), ["disclosure_id"], unique=False
        )

    op.create_table(
        "issued_codes",
        sa.Column("code", sa.String(length=7), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("retired_reason", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            name=op.f("fk_issued_codes_session_id_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_issued_codes")),
    )
    with op.batch_alter_table("issued_codes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_issued_codes_session_id"), ["session_id"], unique=False)

    op.create_table(
        "certificates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("verification_code", sa.String(length=20), nullable=False),
        sa.Column("credit_quarters", sa.Integer(), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["attendance_claims.id"],
            name=op.f("fk_certificates_claim_id_attendance_claims"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificates")),
        sa.UniqueConstraint("claim_id", name=op.f("uq_certificates_claim_id")),
        sa.UniqueConstraint("verification_code", name=op.f("uq_certificates_verification_code")),
    )
    op.create_table(
        "relationship_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("relationship_id", sa.Integer(), nullable=False),
        sa.Column("relevant", sa.Boolean(), nullable=False),
        sa.Column("mitigation", sa.String(length=20), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("exception", sa.String(length=30), nullable=True),
        sa.Column("exception_note", sa.Text(), nullable=True),
        sa.Column("decided_by", sa.String(length=120), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_relationship_reviews_activity_id_activities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["relationship_id"],
            ["financial_relationships.id"],
            name=op.f("fk_relationship_reviews_relationship_id_financial_relationships"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_relationship_reviews")),
        sa.UniqueConstraint(
            "activity_id", "relationship_id", name=op.f("uq_relationship_reviews_activity_id")
        ),
    )
    with op.batch_alter_table("relationship_reviews", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_relationship_reviews_activity_id"), ["activity_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_relationship_reviews_relationship_id"), ["relationship_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("relationship_reviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_relationship_reviews_relationship_id"))
        batch_op.drop_index(batch_op.f("ix_relationship_reviews_activity_id"))

    op.drop_table("relationship_reviews")
    op.drop_table("certificates")
    with op.batch_alter_table("issued_codes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_issued_codes_session_id"))

    op.drop_table("issued_codes")
    with op.batch_alter_table("financial_relationships", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_financial_relationships_disclosure_id"))
        batch_op.drop_index(batch_op.f("ix_financial_relationships_company_id"))

    op.drop_table("financial_relationships")
    with op.batch_alter_table("attendance_claims", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attendance_claims_person_id"))

    op.drop_table("attendance_claims")
    with op.batch_alter_table("text_messages", schema=None) as batch_op:
        batch_op.drop_index("ix_text_messages_phone_at")
        batch_op.drop_index(batch_op.f("ix_text_messages_person_id"))

    op.drop_table("text_messages")
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_sessions_starts_at")
        batch_op.drop_index(batch_op.f("ix_sessions_activity_id"))

    op.drop_table("sessions")
    with op.batch_alter_table("person_phones", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_phones_person_id"))

    op.drop_table("person_phones")
    with op.batch_alter_table("person_licenses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_licenses_person_id"))

    op.drop_table("person_licenses")
    with op.batch_alter_table("person_emails", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_emails_person_id"))

    op.drop_table("person_emails")
    with op.batch_alter_table("person_duplicate_dismissals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_duplicate_dismissals_low_id"))
        batch_op.drop_index(batch_op.f("ix_person_duplicate_dismissals_high_id"))

    op.drop_table("person_duplicate_dismissals")
    with op.batch_alter_table("person_board_ids", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_board_ids_person_id"))

    op.drop_table("person_board_ids")
    with op.batch_alter_table("person_aliases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_aliases_person_id"))

    op.drop_table("person_aliases")
    with op.batch_alter_table("disclosures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_disclosures_person_id"))

    op.drop_table("disclosures")
    with op.batch_alter_table("credit_designations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_credit_designations_activity_id"))

    op.drop_table("credit_designations")
    with op.batch_alter_table("commercial_support", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_commercial_support_activity_id"))

    op.drop_table("commercial_support")
    with op.batch_alter_table("activity_roles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_roles_person_id"))
        batch_op.drop_index(batch_op.f("ix_activity_roles_activity_id"))

    op.drop_table("activity_roles")
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_people_ssn_last4_hash"))
        batch_op.drop_index(batch_op.f("ix_people_search_name"))
        batch_op.drop_index("ix_people_last_first")

    op.drop_table("people")
    op.drop_table("office_settings")
    op.drop_table("ineligible_companies")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_log_entity")
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))

    op.drop_table("audit_log")
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activities_title"))

    op.drop_table("activities")
