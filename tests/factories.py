"""Factories for test records (append new ones; never rewrite others')."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from actions.core.people import find_building, find_or_create_household
from actions.db.canteen import CanteenDelivery, CanteenMenu
from actions.db.community import Building, Community, Resident, StaffRole
from actions.db.community_life import Event

_ids = itertools.count(800_000_001)
NOW = datetime(2026, 11, 18, 1, 0, tzinfo=UTC)


def community(session: Session, name: str = "幸福里社区") -> Community:
    """A community by name (the demo one by default)."""
    return session.scalars(select(Community).where(Community.name == name)).one()


def make_resident(session: Session, *, name: str = "测试居民", building: str = "3",
                  unit: str = "1", room: str = "101", birth_year: int = 1960,
                  verified: bool = True, lives_alone: bool = False, needs_care: bool = False,
                  telegram_id: int | None = None, community_name: str = "幸福里社区"
                  ) -> Resident:
    """A resident of the demo community with an address and a messenger account."""
    home = community(session, community_name)
    found: Building | None = find_building(session, community_id=home.id, number=building)
    assert found is not None, f"no building {building}"
    household = find_or_create_household(session, building=found, unit=unit, room=room)
    person = Resident(name=name, display_name=name, community_id=home.id,
                      household_id=household.id, birth_year=birth_year, verified=verified,
                      lives_alone=lives_alone, needs_care=needs_care, phone="13900000000",
                      telegram_id=telegram_id if telegram_id is not None else next(_ids),
                      created_at=NOW)
    session.add(person)
    session.flush()
    return person


def make_elder(session: Session, **kwargs: object) -> Resident:
    """An elder over 80 living alone."""
    values: dict[str, object] = {"name": "独居老人", "birth_year": 1942, "lives_alone": True,
                                 "needs_care": True}
    values.update(kwargs)
    return make_resident(session, **values)  # type: ignore[arg-type]


def make_staff(session: Session, *, role: str, name: str = "工作人员", grid_id: int | None = None,
               team: str | None = None, community_name: str = "幸福里社区") -> Resident:
    """A staff member with one role in a community."""
    home = community(session, community_name)
    person = Resident(name=name, display_name=name, community_id=home.id, telegram_id=next(_ids),
                      created_at=NOW)
    session.add(person)
    session.flush()
    session.add(StaffRole(person_id=person.id, community_id=home.id, role=role,
                          grid_id=grid_id, team=team))
    session.flush()
    return person


def make_canteen_menu(session: Session, *, day: date, meal: str = "午餐",
                      dishes: tuple[str, ...] = ("红烧肉", "宫保鸡丁", "醋溜白菜", "西红柿炒鸡蛋",
                                                 "紫菜蛋花汤", "米饭"),
                      community_name: str = "幸福里社区") -> CanteenMenu:
    """A published canteen menu for one meal (replacing the demo one of that day)."""
    home = community(session, community_name)
    menu = session.scalar(select(CanteenMenu).where(
        CanteenMenu.community_id == home.id, CanteenMenu.day == day, CanteenMenu.meal == meal))
    if menu is None:
        menu = CanteenMenu(community_id=home.id, day=day, meal=meal, updated_at=NOW)
        session.add(menu)
    menu.dishes = list(dishes)
    session.flush()
    return menu


def allow_delivery(session: Session, person: Resident) -> None:
    """Mark a resident for canteen meals delivered home."""
    session.add(CanteenDelivery(resident_id=person.id, granted_at=NOW))
    session.flush()


def make_event(session: Session, *, title: str = "测试活动", starts_at: datetime | None = None,
               capacity: int | None = None, min_age: int | None = None,
               rrule: str | None = None, team: str | None = None, helper_minutes: int = 60,
               community_name: str = "幸福里社区") -> Event:
    """An event of the demo community (by default one-off, Friday 2026-11-20 14:00 local)."""
    start = starts_at or datetime(2026, 11, 20, 6, 0, tzinfo=UTC)
    event = Event(community_id=community(session, community_name).id, title=title,
                  place="社区活动室", starts_at=start,
                  capacity=capacity, min_age=min_age, rrule=rrule, team=team,
                  helper_minutes=helper_minutes, created_at=NOW)
    session.add(event)
    session.flush()
    return event
