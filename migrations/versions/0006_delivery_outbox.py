"""Index announcement_deliveries.outbox_id:
retention deletes old outbox rows, and each deletion looks up
the rows pointing to it (without the index, a scan of announcement_deliveries a row).

Revision ID: 0006_delivery_outbox
Revises: 0005_community_life
Create Date: 2026-12-04 23:45:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006_delivery_outbox"
down_revision: str | None = "0005_community_life"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(op.f("ix_announcement_deliveries_outbox_id"), "announcement_deliveries",
                    ["outbox_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_announcement_deliveries_outbox_id"),
                  table_name="announcement_deliveries")
