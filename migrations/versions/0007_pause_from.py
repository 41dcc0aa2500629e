"""A check-in pause may start later (away from tomorrow): checkin_enrolments.paused_from.

Revision ID: 0007_pause_from
Revises: 0004_checkins
Create Date: 2026-12-04 23:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_pause_from"
down_revision: str | None = "0004_checkins"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("checkin_enrolments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("paused_from", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("checkin_enrolments", schema=None) as batch_op:
        batch_op.drop_column("paused_from")
