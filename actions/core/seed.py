"""Loads the demo community (data/demo/community.yml) into an empty database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from actions.core.datafiles import load_yaml
from actions.core.people import find_or_create_household
from actions.core.registry import SEEDERS, load_capabilities
from actions.db.community import (
    Building,
    BuildingGroup,
    Community,
    Grid,
    GroupChat,
    Resident,
    StaffRole,
    Unit,
)

GRID_ROLES = {"grid_worker"}
GROUP_ROLES = {"building_leader"}
TEAM_ROLES = {"team_leader", "volunteer"}


@dataclass(frozen=True)
class DemoUser:
    """A person of the demo, as the console lists them."""

    handle: str
    telegram_id: int
    about: str
    address: str


def load_demo_file(data_dir: Path) -> dict[str, Any]:
    """The demo community description."""
    return load_yaml(data_dir, "demo/community.yml", dict)


def is_empty(session: Session) -> bool:
    """No community yet."""
    return not session.scalar(select(func.count()).select_from(Community))


def seed_demo(session: Session, *, data_dir: Path, now: datetime) -> Community:
    """Create the demo community, its buildings, people and roles."""
    spec = load_demo_file(data_dir)
    community = Community(**spec["community"])
    session.add(community)
    session.flush()
    grids = _grids(session, community, spec)
    groups = _groups(session, community, spec)
    buildings = _buildings(session, community, spec, grids, groups)
    _group_chats(session, community, spec, buildings)
    for item in spec["people"]:
        _person(session, community, item, buildings, grids, groups, now)
    session.flush()
    load_capabilities()
    for load in SEEDERS.values():
        load(session, community, data_dir, now)
    return community


def demo_users(data_dir: Path) -> list[DemoUser]:
    """The demo people, for `linli chat --users`."""
    users = []
    for item in load_demo_file(data_dir)["people"]:
        addr = item.get("address")
        address = f"{addr[0]}栋{addr[1]}单元{addr[2]}" if addr else "不住本社区"
        users.append(DemoUser(item["handle"], int(item["tg"]), item.get("about", ""), address))
    return users


def _grids(session: Session, community: Community, spec: dict[str, Any]) -> dict[str, Grid]:
    grids = {name: Grid(community_id=community.id, name=name) for name in spec["grids"]}
    session.add_all(grids.values())
    session.flush()
    return grids


def _groups(session: Session, community: Community,
            spec: dict[str, Any]) -> dict[str, BuildingGroup]:
    groups = {name: BuildingGroup(community_id=community.id, name=name)
              for name in spec["building_groups"]}
    session.add_all(groups.values())
    session.flush()
    return groups


def _buildings(session: Session, community: Community, spec: dict[str, Any],
               grids: dict[str, Grid], groups: dict[str, BuildingGroup]) -> dict[str, Building]:
    grid_of = {str(n): grids[g] for g, numbers in spec["grids"].items() for n in numbers}
    group_of = {str(n): groups[g] for g, numbers in spec["building_groups"].items()
                for n in numbers}
    buildings = {}
    for number, grid in grid_of.items():
        building = Building(community_id=community.id, grid_id=grid.id, number=number,
                            group_id=group_of[number].id, floors=spec["floors"])
        session.add(building)
        session.flush()
        for unit in range(1, spec["units_per_building"] + 1):
            session.add(Unit(building_id=building.id, number=str(unit)))
        buildings[number] = building
    session.flush()
    return buildings


def _group_chats(session: Session, community: Community, spec: dict[str, Any],
                 buildings: dict[str, Building]) -> None:
    for chat in spec["group_chats"]:
        building = buildings.get(str(chat.get("building", "")))
        session.add(GroupChat(chat_id=chat["chat_id"], title=chat["title"], kind=chat["kind"],
                              community_id=community.id,
                              building_id=building.id if building else None))


def _person(session: Session, community: Community, item: dict[str, Any],
            buildings: dict[str, Building], grids: dict[str, Grid],
            groups: dict[str, BuildingGroup], now: datetime) -> None:
    person = Resident(name=item["handle"], display_name=item["handle"], telegram_id=item["tg"],
                      phone=item.get("phone"), birth_year=item.get("birth_year"),
                      lives_alone=item.get("lives_alone", False),
                      needs_care=item.get("needs_care", False),
                      verified=item.get("verified", False), community_id=community.id,
                      created_at=now)
    if "address" in item:
        building, unit, room = item["address"]
        household = find_or_create_household(session, building=buildings[str(building)],
                                             unit=str(unit), room=str(room))
        person.household_id = household.id
    session.add(person)
    session.flush()
    for role, *scope in item.get("roles", []):
        where = scope[0] if scope else None
        session.add(StaffRole(
            person_id=person.id, community_id=community.id, role=role,
            grid_id=grids[where].id if role in GRID_ROLES and where else None,
            building_group_id=groups[where].id if role in GROUP_ROLES and where else None,
            team=where if role in TEAM_ROLES else None))
