"""The elder canteen: menus, per-meal capacity counters, bookings, delivery eligibility.

Revision ID: 0003_canteen
Revises: 0001
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import actions.db.base

revision: str = "0003_canteen"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "canteen_slots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("meal", sa.String(length=10), nullable=False),
        sa.Column("booked", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["community_id"], ["communities.id"],
                                name=op.f("fk_canteen_slots_community_id_communities")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_canteen_slots")),
        sa.UniqueConstraint("community_id", "day", "meal",
                            name=op.f("uq_canteen_slots_community_id_day_meal")),
    )
    with op.batch_alter_table("canteen_slots", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_canteen_slots_community_id"), ["community_id"],
                              unique=False)

    op.create_table(
        "canteen_bookings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("resident_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("meal", sa.String(length=10), nullable=False),
        sa.Column("portions", sa.Integer(), nullable=False),
        sa.Column("delivery", sa.Boolean(), nullable=False),
        sa.Column("address", sa.String(length=100), nullable=False),
        sa.Column("price_label", sa.String(length=30), nullable=False),
        sa.Column("unit_price_fen", sa.Integer(), nullable=False),
        sa.Column("extra_price_fen", sa.Integer(), nullable=False),
        sa.Column("total_fen", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("booked_at", actions.db.base.UTCDateTime(), nullable=False),
        sa.Column("cancelled_at", actions.db.base.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["community_id"], ["communities.id"],
                                name=op.f("fk_canteen_bookings_community_id_communities")),
        sa.ForeignKeyConstraint(["resident_id"], ["residents.id"],
                                name=op.f("fk_canteen_bookings_resident_id_residents")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_canteen_bookings")),
        sa.UniqueConstraint("resident_id", "day", "meal",
                            name=op.f("uq_canteen_bookings_resident_id_day_meal")),
    )
    with op.batch_alter_table("canteen_bookings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_canteen_bookings_community_id"), ["community_id"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_canteen_bookings_day"), ["day"], unique=False)
        batch_op.create_index(batch_op.f("ix_canteen_bookings_resident_id"), ["resident_id"],
                              unique=False)

    op.create_table(
        "canteen_delivery",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("resident_id", sa.Integer(), nullable=False),
        sa.Column("granted_by_id", sa.Integer(), nullable=True),
        sa.Column("granted_at", actions.db.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["granted_by_id"], ["residents.id"],
                                name=op.f("fk_canteen_delivery_granted_by_id_residents")),
        sa.ForeignKeyConstraint(["resident_id"], ["residents.id"],
                                name=op.f("fk_canteen_delivery_resident_id_residents")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_canteen_delivery")),
        sa.UniqueConstraint("resident_id", name=op.f("uq_canteen_delivery_resident_id")),
    )
    op.create_table(
        "canteen_menus",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("meal", sa.String(length=10), nullable=False),
        sa.Column("dishes", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", actions.db.base.UTCDateTime(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["community_id"], ["communities.id"],
                                name=op.f("fk_canteen_menus_community_id_communities")),
        sa.ForeignKeyConstraint(["updated_by_id"], ["residents.id"],
                                name=op.f("fk_canteen_menus_updated_by_id_residents")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_canteen_menus")),
        sa.UniqueConstraint("community_id", "day", "meal",
                            name=op.f("uq_canteen_menus_community_id_day_meal")),
    )
    with op.batch_alter_table("canteen_menus", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_canteen_menus_community_id"), ["community_id"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_canteen_menus_day"), ["day"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("canteen_menus", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_canteen_menus_day"))
        batch_op.drop_index(batch_op.f("ix_canteen_menus_community_id"))
    op.drop_table("canteen_menus")
    op.drop_table("canteen_delivery")
    with op.batch_alter_table("canteen_bookings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_canteen_bookings_resident_id"))
        batch_op.drop_index(batch_op.f("ix_canteen_bookings_day"))
        batch_op.drop_index(batch_op.f("ix_canteen_bookings_community_id"))
    op.drop_table("canteen_bookings")
    with op.batch_alter_table("canteen_slots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_canteen_slots_community_id"))
    op.drop_table("canteen_slots")
