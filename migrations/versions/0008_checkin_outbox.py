"""Index checkin_rounds.outbox_id:
retention deletes old outbox rows, and each deletion looks up
the rows pointing to it (without the index, a scan of checkin_rounds a row).

Revision ID: 0008_checkin_outbox
Revises: 0007_pause_from
Create Date: 2026-12-04 23:45:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008_checkin_outbox"
down_revision: str | None = "0007_pause_from"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(op.f("ix_checkin_rounds_outbox_id"), "checkin_rounds",
                    ["outbox_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_checkin_rounds_outbox_id"),
                  table_name="checkin_rounds")
