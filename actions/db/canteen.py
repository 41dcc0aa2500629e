"""The elder canteen (长者食堂): menus, per-meal capacity counters, bookings, delivery eligibility.

- `CanteenMenu`: the dishes of one meal on one day; `version` grows with every change so a
  change notice to those who booked is sent once per version.
- `CanteenSlot`: how many portions of one meal on one day are already taken. Capacity is
  enforced by one conditional UPDATE on this row (`booked + n <= capacity`), which PostgreSQL
  serializes by row lock, so simultaneous bookings can never overbook.
- `CanteenBooking`: one resident's portions of one meal on one day, with the price computed
  from the rules at booking time. One row per (resident, day, meal): a cancelled booking is
  reused when the resident books again, so a doubled delivery can never make two.
- `CanteenDelivery`: residents staff marked eligible for meals delivered to their home.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, String, UniqueConstraint, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, joinedload, mapped_column, relationship

from actions.db.base import Base
from actions.db.community import Resident


class CanteenMenu(Base):
    """What one meal on one day serves (dishes in order: meat, meat, veg, veg, soup, staple)."""

    __tablename__ = "canteen_menus"
    __table_args__ = (UniqueConstraint("community_id", "day", "meal"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"), index=True)
    day: Mapped[date] = mapped_column(index=True)
    meal: Mapped[str] = mapped_column(String(10))
    dishes: Mapped[list[Any]] = mapped_column(default=list)
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime]
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("residents.id"))


class CanteenSlot(Base):
    """Portions already taken for one meal on one day (the row that capacity locks on)."""

    __tablename__ = "canteen_slots"
    __table_args__ = (UniqueConstraint("community_id", "day", "meal"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"), index=True)
    day: Mapped[date]
    meal: Mapped[str] = mapped_column(String(10))
    booked: Mapped[int] = mapped_column(default=0)


class CanteenBooking(Base):
    """A resident's meal: how many portions, eat in or delivered, and the price agreed."""

    __tablename__ = "canteen_bookings"
    __table_args__ = (UniqueConstraint("resident_id", "day", "meal"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"), index=True)
    resident_id: Mapped[int] = mapped_column(ForeignKey("residents.id"), index=True)
    day: Mapped[date] = mapped_column(index=True)
    meal: Mapped[str] = mapped_column(String(10))
    portions: Mapped[int]
    delivery: Mapped[bool] = mapped_column(default=False)
    address: Mapped[str] = mapped_column(String(100), default="")  # where to deliver
    price_label: Mapped[str] = mapped_column(String(30), default="")
    unit_price_fen: Mapped[int] = mapped_column(default=0)  # the resident's own portion
    extra_price_fen: Mapped[int] = mapped_column(default=0)  # each further portion
    total_fen: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(String(12), default="booked")  # booked | cancelled
    booked_at: Mapped[datetime]
    cancelled_at: Mapped[datetime | None]
    resident: Mapped[Resident] = relationship()

    @property
    def active(self) -> bool:
        """Booked and not cancelled."""
        return self.status == "booked"


class CanteenDelivery(Base):
    """A resident whose meals may be delivered home (marked by staff)."""

    __tablename__ = "canteen_delivery"
    id: Mapped[int] = mapped_column(primary_key=True)
    resident_id: Mapped[int] = mapped_column(ForeignKey("residents.id"), unique=True)
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("residents.id"))
    granted_at: Mapped[datetime]


# -- repository functions (they never commit) --------------------------------------------------

def menus_between(session: Session, *, community_id: int, first: date, last: date,
                  meal: str | None = None) -> list[CanteenMenu]:
    """The published menus of a span of days, in day order."""
    query = select(CanteenMenu).where(CanteenMenu.community_id == community_id,
                                      CanteenMenu.day >= first, CanteenMenu.day <= last)
    if meal is not None:
        query = query.where(CanteenMenu.meal == meal)
    return list(session.scalars(query.order_by(CanteenMenu.day, CanteenMenu.meal)))


def menu_of(session: Session, *, community_id: int, day: date, meal: str) -> CanteenMenu | None:
    """The menu of one meal on one day."""
    return session.scalar(select(CanteenMenu).where(
        CanteenMenu.community_id == community_id, CanteenMenu.day == day,
        CanteenMenu.meal == meal))


def bookings_of(session: Session, *, resident_id: int, first: date,
                last: date | None = None) -> list[CanteenBooking]:
    """A resident's active bookings from a day on, in day order."""
    query = select(CanteenBooking).where(CanteenBooking.resident_id == resident_id,
                                         CanteenBooking.status == "booked",
                                         CanteenBooking.day >= first)
    if last is not None:
        query = query.where(CanteenBooking.day <= last)
    return list(session.scalars(query.order_by(CanteenBooking.day, CanteenBooking.meal)))


def bookings_on(session: Session, *, community_id: int, day: date,
                meal: str | None = None, with_residents: bool = False) -> list[CanteenBooking]:
    """Everyone's active bookings of a day (one meal, when given); `with_residents` loads who
    booked in the same query (a list naming them must not ask once a booking)."""
    query = select(CanteenBooking).where(CanteenBooking.community_id == community_id,
                                         CanteenBooking.day == day,
                                         CanteenBooking.status == "booked")
    if meal is not None:
        query = query.where(CanteenBooking.meal == meal)
    if with_residents:
        query = query.options(joinedload(CanteenBooking.resident))
    return list(session.scalars(query.order_by(CanteenBooking.id)))


def booking_row(session: Session, *, resident_id: int, day: date, meal: str,
                lock: bool = False) -> CanteenBooking | None:
    """The resident's row for a meal (active or cancelled), locked for update when asked."""
    query = select(CanteenBooking).where(CanteenBooking.resident_id == resident_id,
                                         CanteenBooking.day == day, CanteenBooking.meal == meal)
    return session.scalar(query.with_for_update() if lock else query)


def taken(session: Session, *, community_id: int, day: date, meal: str) -> int:
    """Portions already booked for a meal."""
    return session.scalar(select(CanteenSlot.booked).where(
        CanteenSlot.community_id == community_id, CanteenSlot.day == day,
        CanteenSlot.meal == meal)) or 0


def reserve(session: Session, *, community_id: int, day: date, meal: str, portions: int,
            capacity: int) -> bool:
    """Take portions if they fit under capacity; False when full. Safe under concurrency."""
    _ensure_slot(session, community_id=community_id, day=day, meal=meal)
    result = session.execute(
        update(CanteenSlot)
        .where(CanteenSlot.community_id == community_id, CanteenSlot.day == day,
               CanteenSlot.meal == meal, CanteenSlot.booked + portions <= capacity)
        .values(booked=CanteenSlot.booked + portions)
        .execution_options(synchronize_session=False))
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def release(session: Session, *, community_id: int, day: date, meal: str, portions: int) -> None:
    """Give portions back (a cancellation)."""
    session.execute(
        update(CanteenSlot)
        .where(CanteenSlot.community_id == community_id, CanteenSlot.day == day,
               CanteenSlot.meal == meal)
        .values(booked=CanteenSlot.booked - portions)
        .execution_options(synchronize_session=False))


def _ensure_slot(session: Session, *, community_id: int, day: date, meal: str) -> None:
    """Create the counter row once; a concurrent creator simply wins."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(insert(CanteenSlot)
                    .values(community_id=community_id, day=day, meal=meal, booked=0)
                    .on_conflict_do_nothing(index_elements=["community_id", "day", "meal"]))


def may_deliver(session: Session, *, resident_id: int) -> bool:
    """Whether staff marked the resident for home delivery."""
    return session.scalar(select(CanteenDelivery.id).where(
        CanteenDelivery.resident_id == resident_id)) is not None
