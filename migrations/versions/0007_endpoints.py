"""Channel endpoints (a person's accounts beyond Telegram), channel cursors, voice in the outbox.

Revision ID: 0007_endpoints
Revises: 0001
Create Date: 2026-12-04 23:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import actions.db.base

revision: str = "0007_endpoints"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "endpoints",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("address", sa.String(length=128), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("created_at", actions.db.base.UTCDateTime(), nullable=False),
        sa.Column("last_inbound_at", actions.db.base.UTCDateTime(), nullable=True),
        sa.Column("replies_since_inbound", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["residents.id"],
                                name=op.f("fk_endpoints_person_id_residents")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_endpoints")),
        sa.UniqueConstraint("channel", "address", name=op.f("uq_endpoints_channel_address")),
    )
    op.create_index(op.f("ix_endpoints_person_id"), "endpoints", ["person_id"], unique=False)
    op.create_table(
        "channel_cursors",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("updated_at", actions.db.base.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_channel_cursors")),
    )
    op.add_column("outbox", sa.Column("voice", sa.String(length=300), nullable=True))
    op.add_column("outbox", sa.Column("parts", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("parts")
        batch.drop_column("voice")
    op.drop_table("channel_cursors")
    op.drop_index(op.f("ix_endpoints_person_id"), table_name="endpoints")
    op.drop_table("endpoints")
