"""The community and its people: street office, community, grid, building, unit, household.

One deployment serves a street office (街道) with several communities, so every record hangs
from a community. Staff and family contacts are people too: a `Resident` row is anyone the bot
knows; `household_id` is empty for those who do not live in the community.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from actions.db.base import Base

ROLES = ("admin", "grid_worker", "grid_leader", "building_leader", "canteen", "team_leader",
         "volunteer", "property")


class Community(Base):
    """A 社区, served by one community office."""

    __tablename__ = "communities"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    street_office: Mapped[str] = mapped_column(String(100), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")
    grids: Mapped[list[Grid]] = relationship(back_populates="community")


class Grid(Base):
    """A 网格: the area one grid worker looks after."""

    __tablename__ = "grids"
    __table_args__ = (UniqueConstraint("community_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    community: Mapped[Community] = relationship(back_populates="grids")


class BuildingGroup(Base):
    """A 楼组: a few buildings looked after by one building leader."""

    __tablename__ = "building_groups"
    __table_args__ = (UniqueConstraint("community_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))


class Building(Base):
    """A 楼栋, numbered as residents say it ("3", "10", "A")."""

    __tablename__ = "buildings"
    __table_args__ = (UniqueConstraint("community_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"), index=True)
    grid_id: Mapped[int] = mapped_column(ForeignKey("grids.id"), index=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("building_groups.id"))
    number: Mapped[str] = mapped_column(String(10))
    floors: Mapped[int] = mapped_column(default=6)
    grid: Mapped[Grid] = relationship()
    units: Mapped[list[Unit]] = relationship(back_populates="building")


class Unit(Base):
    """A 单元 (stairwell) of a building."""

    __tablename__ = "units"
    __table_args__ = (UniqueConstraint("building_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    building_id: Mapped[int] = mapped_column(ForeignKey("buildings.id"), index=True)
    number: Mapped[str] = mapped_column(String(10))
    building: Mapped[Building] = relationship(back_populates="units")


class Household(Base):
    """A 户: one flat; votes are counted per household."""

    __tablename__ = "households"
    __table_args__ = (UniqueConstraint("unit_id", "room"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    room: Mapped[str] = mapped_column(String(10))
    unit: Mapped[Unit] = relationship()

    def address(self) -> str:
        """As residents write it: 3栋2单元501."""
        return f"{self.unit.building.number}栋{self.unit.number}单元{self.room}"


class Resident(Base):
    """A person the bot knows: a resident, a staff member or a family contact."""

    __tablename__ = "residents"
    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int | None] = mapped_column(ForeignKey("communities.id"), index=True)
    household_id: Mapped[int | None] = mapped_column(ForeignKey("households.id"), index=True)
    telegram_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    invite_code: Mapped[str | None] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(50), default="")
    display_name: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str | None] = mapped_column(String(20))
    birth_year: Mapped[int | None]
    lives_alone: Mapped[bool] = mapped_column(default=False)
    needs_care: Mapped[bool] = mapped_column(default=False)
    verified: Mapped[bool] = mapped_column(default=False)
    traditional: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime]
    household: Mapped[Household | None] = relationship()
    roles: Mapped[list[StaffRole]] = relationship(back_populates="person")

    def address(self) -> str | None:
        """The registered address, or None."""
        return self.household.address() if self.household else None

    def label(self) -> str:
        """How staff see this person: the registered name, else the messenger's, else a number."""
        return self.name or self.display_name or f"居民#{self.id}"

    def age(self, year: int) -> int | None:
        """Age reached in the given year."""
        return year - self.birth_year if self.birth_year else None


class StaffRole(Base):
    """A role a person holds in one community, optionally limited to a grid, group or team."""

    __tablename__ = "staff_roles"
    __table_args__ = (UniqueConstraint("person_id", "community_id", "role", "grid_id",
                                       "building_group_id", "team"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("residents.id"), index=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"), index=True)
    role: Mapped[str] = mapped_column(String(30))
    grid_id: Mapped[int | None] = mapped_column(ForeignKey("grids.id"))
    building_group_id: Mapped[int | None] = mapped_column(ForeignKey("building_groups.id"))
    team: Mapped[str | None] = mapped_column(String(30))
    person: Mapped[Resident] = relationship(back_populates="roles")


class GroupChat(Base):
    """A messenger group bound to a building, a grid, the community, or its staff."""

    __tablename__ = "group_chats"
    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    title: Mapped[str] = mapped_column(String(100))
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # staff | community | grid | building | canteen
    grid_id: Mapped[int | None] = mapped_column(ForeignKey("grids.id"))
    building_id: Mapped[int | None] = mapped_column(ForeignKey("buildings.id"))


def first_community(session: Session, *, name: str | None = None) -> Community | None:
    """The named community; without a name, the first one (the only one of a single community).

    Where a person has no community yet (a newcomer, a CLI run without --community), this is
    the one rule for which community is meant.
    """
    query = select(Community).order_by(Community.id).limit(1)
    if name:
        query = select(Community).where(Community.name == name)
    return session.scalar(query)
