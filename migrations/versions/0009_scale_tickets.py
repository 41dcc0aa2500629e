"""The open tickets of a community, oldest first (issue 16): `/tickets` counts them and shows the
first twenty; a street office's community has a thousand open among its five thousand.

Revision ID: 0009_scale_tickets
Revises: 0008_scale
Create Date: 2026-12-05 02:20:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009_scale_tickets"
down_revision: str | None = "0008_scale"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = "0002_tickets"


def upgrade() -> None:
    op.create_index("ix_tickets_open", "tickets", ["community_id", "status", "created_at"],
                    unique=False)


def downgrade() -> None:
    op.drop_index("ix_tickets_open", table_name="tickets")
