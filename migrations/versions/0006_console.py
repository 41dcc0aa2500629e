"""The staff console: one-time login links and browser sessions (hashed secrets only).

Revision ID: 0006_console
Revises: 0001
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import actions.db.base

revision: str = "0006_console"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = actions.db.base.UTCDateTime


def _table(name: str, *extra: sa.Column[object]) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", UTC(), nullable=False),
        sa.Column("expires_at", UTC(), nullable=False),
        *extra,
        sa.ForeignKeyConstraint(["person_id"], ["residents.id"],
                                name=op.f(f"fk_{name}_person_id_residents")),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
        sa.UniqueConstraint("token_hash", name=op.f(f"uq_{name}_token_hash")),
    )
    op.create_index(op.f(f"ix_{name}_person_id"), name, ["person_id"], unique=False)


def upgrade() -> None:
    _table("console_links", sa.Column("used_at", UTC(), nullable=True))
    _table("console_sessions", sa.Column("last_seen_at", UTC(), nullable=False),
           sa.Column("ended_at", UTC(), nullable=True))


def downgrade() -> None:
    for name in ("console_sessions", "console_links"):
        op.drop_index(op.f(f"ix_{name}_person_id"), table_name=name)
        op.drop_table(name)
