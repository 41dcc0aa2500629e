"""Evening safety check-ins: enrolments, contacts in order, one round per elder per evening.

Revision ID: 0004_checkins
Revises: 0001
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import actions.db.base

revision: str = "0004_checkins"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = actions.db.base.UTCDateTime


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"],
                                   name=op.f(f"fk_{table}_{column}_{target}"))


def upgrade() -> None:
    op.create_table(
        "checkin_enrolments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("elder_id", sa.Integer(), nullable=False),
        sa.Column("checkin_time", sa.String(length=5), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("paused_until", sa.Date(), nullable=True),
        sa.Column("created_at", UTC(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        _fk("checkin_enrolments", "community_id", "communities"),
        _fk("checkin_enrolments", "elder_id", "residents"),
        _fk("checkin_enrolments", "created_by", "residents"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkin_enrolments")),
        sa.UniqueConstraint("elder_id", name=op.f("uq_checkin_enrolments_elder_id")),
    )
    op.create_index(op.f("ix_checkin_enrolments_community_id"), "checkin_enrolments",
                    ["community_id"])
    op.create_table(
        "checkin_contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enrolment_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("relation", sa.String(length=20), nullable=False),
        _fk("checkin_contacts", "enrolment_id", "checkin_enrolments"),
        _fk("checkin_contacts", "person_id", "residents"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkin_contacts")),
        sa.UniqueConstraint("enrolment_id", "position",
                            name=op.f("uq_checkin_contacts_enrolment_id_position")),
    )
    op.create_index(op.f("ix_checkin_contacts_enrolment_id"), "checkin_contacts",
                    ["enrolment_id"])
    op.create_index(op.f("ix_checkin_contacts_person_id"), "checkin_contacts", ["person_id"])
    op.create_table(
        "checkin_rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("enrolment_id", sa.Integer(), nullable=False),
        sa.Column("elder_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("due_at", UTC(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("outbox_id", sa.Integer(), nullable=True),
        sa.Column("sent_at", UTC(), nullable=True),
        sa.Column("answer", sa.String(length=10), nullable=True),
        sa.Column("answered_at", UTC(), nullable=True),
        sa.Column("reminded_at", UTC(), nullable=True),
        sa.Column("blocked_at", UTC(), nullable=True),
        sa.Column("escalated_at", UTC(), nullable=True),
        sa.Column("reason", sa.String(length=12), nullable=True),
        sa.Column("contacts_notified", sa.Integer(), nullable=False),
        sa.Column("next_contact_at", UTC(), nullable=True),
        sa.Column("exhausted_at", UTC(), nullable=True),
        sa.Column("confirmed_by", sa.Integer(), nullable=True),
        sa.Column("confirmed_at", UTC(), nullable=True),
        sa.Column("outcome", sa.String(length=10), nullable=True),
        sa.Column("outcome_note", sa.Text(), nullable=True),
        sa.Column("closed_by", sa.Integer(), nullable=True),
        sa.Column("closed_at", UTC(), nullable=True),
        _fk("checkin_rounds", "community_id", "communities"),
        _fk("checkin_rounds", "enrolment_id", "checkin_enrolments"),
        _fk("checkin_rounds", "elder_id", "residents"),
        _fk("checkin_rounds", "outbox_id", "outbox"),
        _fk("checkin_rounds", "confirmed_by", "residents"),
        _fk("checkin_rounds", "closed_by", "residents"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkin_rounds")),
        sa.UniqueConstraint("enrolment_id", "day",
                            name=op.f("uq_checkin_rounds_enrolment_id_day")),
    )
    for column in ("community_id", "elder_id", "day", "status"):
        op.create_index(op.f(f"ix_checkin_rounds_{column}"), "checkin_rounds", [column])


def downgrade() -> None:
    for column in ("community_id", "elder_id", "day", "status"):
        op.drop_index(op.f(f"ix_checkin_rounds_{column}"), table_name="checkin_rounds")
    op.drop_table("checkin_rounds")
    op.drop_index(op.f("ix_checkin_contacts_person_id"), table_name="checkin_contacts")
    op.drop_index(op.f("ix_checkin_contacts_enrolment_id"), table_name="checkin_contacts")
    op.drop_table("checkin_contacts")
    op.drop_index(op.f("ix_checkin_enrolments_community_id"), table_name="checkin_enrolments")
    op.drop_table("checkin_enrolments")
