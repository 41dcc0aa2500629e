"""Indexes that make queries cost what is due (issue 16): the unsent outbox rows, and dialogue
states by age (for retention). The columns pointing to outbox rows are indexed on their own
capabilities' branches (0008_checkin_outbox, 0006_delivery_outbox).

Revision ID: 0008_scale
Revises: 0001
Create Date: 2026-12-04 23:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_scale"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UNSENT = sa.text("sent_at IS NULL AND failed_at IS NULL")


def upgrade() -> None:
    op.create_index("ix_outbox_due", "outbox", ["sent_at"], unique=False,
                    sqlite_where=UNSENT, postgresql_where=UNSENT)
    op.create_index(op.f("ix_dialogue_states_updated_at"), "dialogue_states", ["updated_at"],
                    unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_dialogue_states_updated_at"), table_name="dialogue_states")
    op.drop_index("ix_outbox_due", table_name="outbox")
