"""Accreditation rules where records are made (issue 14): session faculty as people, instruction time, designations
that carry their date and whether they are per session, and professions read from the whole degree line.

Columns are added in place (no table is rebuilt). Existing designations get no date: they count as designated
before every session, as they were. Then each profile whose profession was implied by its degree under the old,
exact-match reading ("MD, PhD" -> other) and reads differently now (physician) is re-classified, with an audit
entry for each change; a profession a coordinator set by hand (one the old reading would not give) is kept.

Revision ID: 0006_accreditation
Revises: 0002_moc_permission
Create Date: 2026-11-29 09:00:00
"""

from __future__ import annotations

import socket
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from cme_desktop.domain.degrees import profession_for_degree
from cme_desktop.store.base import UTCDateTime

revision = "0006_accreditation"
down_revision = "0002_moc_permission"
branch_labels = None
depends_on = None

# How professions were implied before this revision: the whole degree, uppercased without dots, looked up here.
OLD_READING = {
    "MD": "physician",
    "DO": "physician",
    "MBBS": "physician",
    "RN": "nurse",
    "BSN": "nurse",
    "MSN": "nurse",
    "NP": "nurse_practitioner",
    "APRN": "nurse_practitioner",
    "DNP": "nurse_practitioner",
    "PA": "physician_assistant",
    "PA-C": "physician_assistant",
    "PHARMD": "pharmacist",
    "RPH": "pharmacist",
    "PHD": "scientist",
}


def _old(degree: str | None) -> str:
    return OLD_READING.get((degree or "").strip().upper().replace(".", ""), "other")


def upgrade() -> None:
    op.add_column("sessions", sa.Column("break_minutes", sa.Integer(), server_default="0", nullable=False))
    op.add_column(
        "credit_designations",
        sa.Column("per_session", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.add_column(
        "credit_designations", sa.Column("designated_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.create_table(
        "session_faculty",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_session_faculty_person_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            name=op.f("fk_session_faculty_session_id_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_faculty")),
    )
    with op.batch_alter_table("session_faculty") as batch:
        batch.create_index(batch.f("ix_session_faculty_person_id"), ["person_id"], unique=False)
        batch.create_index(batch.f("ix_session_faculty_session_id"), ["session_id"], unique=False)
    _reclassify_professions()


def _reclassify_professions() -> None:
    connection = op.get_bind()
    people = sa.table(
        "people", sa.column("id"), sa.column("degree"), sa.column("profession"), sa.column("version")
    )
    audit = sa.table(
        "audit_log",
        sa.column("at", UTCDateTime()),
        sa.column("os_user"),
        sa.column("db_user"),
        sa.column("machine"),
        sa.column("action"),
        sa.column("entity"),
        sa.column("entity_id"),
        sa.column("before", sa.JSON()),
        sa.column("after", sa.JSON()),
    )
    now = datetime.now(UTC)
    machine = socket.gethostname() or "unknown"
    rows = connection.execute(
        sa.select(people.c.id, people.c.degree, people.c.profession).where(people.c.degree.is_not(None))
    ).all()
    for person_id, degree, profession in rows:
        new = str(profession_for_degree(degree))
        if profession != _old(degree) or new == profession:
            continue  # set by hand, or read the same way now
        connection.execute(
            sa.update(people)
            .where(people.c.id == person_id)
            .values(profession=new, version=people.c.version + 1)
        )
        connection.execute(
            sa.insert(audit).values(
                at=now,
                os_user="CME Desk upgrade",
                db_user=None,
                machine=machine,
                action="person.profession_from_degree",
                entity="person",
                entity_id=person_id,
                before={"degree": degree, "profession": profession},
                after={"degree": degree, "profession": new},
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("session_faculty") as batch:
        batch.drop_index(batch.f("ix_session_faculty_session_id"))
        batch.drop_index(batch.f("ix_session_faculty_person_id"))
    op.drop_table("session_faculty")
    with op.batch_alter_table("credit_designations") as batch:
        batch.drop_column("designated_at")
        batch.drop_column("per_session")
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("break_minutes")
