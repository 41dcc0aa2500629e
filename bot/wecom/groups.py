"""Setting up who is who on WeCom: members linked to people, group robots bound to groups.

`linli wecom link` and `linli wecom group` call these; tests do too.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from actions.core.people import find_building
from actions.db.community import GroupChat, Resident
from actions.db.endpoints import Endpoint, endpoint_for, link_account

KINDS = ("staff", "community", "grid", "building", "canteen")


class SetupError(Exception):
    """What the operator asked for cannot be done; the message says why."""


def link_member(session: Session, *, handle: str, userid: str, now: datetime) -> Endpoint:
    """Make a person (by name) a WeCom member reached by app messages."""
    person = session.scalar(select(Resident).where(Resident.name == handle).limit(1))
    if person is None:
        raise SetupError(f"nobody called {handle!r}")
    return link_account(session, person=person, channel="wecom_app", address=userid, now=now,
                        primary=True)


def bind_robot(session: Session, *, key: str, title: str, kind: str, community_id: int,
               now: datetime, building: str | None = None) -> GroupChat:
    """Bind a group robot (its webhook key) to a group of the community: notices meant for
    that group (announcements, staff alerts, kitchen lists) go through the robot."""
    if kind not in KINDS:
        raise SetupError(f"kind must be one of {', '.join(KINDS)}")
    endpoint = endpoint_for(session, channel="wecom_robot", address=key, now=now, name=title)
    group = session.scalar(select(GroupChat).where(GroupChat.chat_id == endpoint.chat_id))
    if group is None:
        group = GroupChat(chat_id=endpoint.chat_id, title=title, kind=kind,
                          community_id=community_id)
        session.add(group)
    group.title, group.kind, group.community_id = title, kind, community_id
    if building is not None:
        found = find_building(session, community_id=community_id, number=building)
        if found is None:
            raise SetupError(f"no building {building!r}")
        group.building_id, group.grid_id = found.id, found.grid_id
    session.flush()
    return group
