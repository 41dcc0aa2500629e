"""The durable inbox (replaces processed_updates) and collision-free counters.

Revision ID: 0006_inbox
Revises: 0001
Create Date: 2026-12-04 22:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import actions.db.base

revision: str = "0006_inbox"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "inbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("update_id", sa.BigInteger(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("received_at", actions.db.base.UTCDateTime(), nullable=False),
        sa.Column("next_attempt_at", actions.db.base.UTCDateTime(), nullable=False),
        sa.Column("done_at", actions.db.base.UTCDateTime(), nullable=True),
        sa.Column("error", sa.String(length=300), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbox")),
        sa.UniqueConstraint("source", "update_id", name=op.f("uq_inbox_source_update_id")),
    )
    op.create_index("ix_inbox_pending", "inbox", ["status", "chat_id", "id"], unique=False)
    op.create_table(
        "counters",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_counters")),
    )
    op.drop_table("processed_updates")


def downgrade() -> None:
    op.create_table(
        "processed_updates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("update_id", sa.BigInteger(), nullable=False),
        sa.Column("processed_at", actions.db.base.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_processed_updates")),
        sa.UniqueConstraint(
            "source", "update_id", name=op.f("uq_processed_updates_source_update_id")
        ),
    )
    op.drop_table("counters")
    op.drop_index("ix_inbox_pending", table_name="inbox")
    op.drop_table("inbox")
