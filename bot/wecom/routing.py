"""When 微信客服 may not reach a resident (48 hours after their last message, or 5 replies
used), a person who can phone them gets the message instead, said as such: the resident's grid
worker, or the staff chat; an evening check-in becomes a phone-call task for the building
leader (then the grid worker)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from actions.core.outbox import queue_message
from actions.core.people import staff_chat_for, staff_with_role
from actions.core.texts import Texts
from actions.db.community import Resident
from actions.db.conversation import OutboxMessage


def window_open(last_inbound_at: datetime | None, replies: int, now: datetime, *,
                hours: float = 48, limit: int = 5) -> bool:
    """Whether 微信客服 still lets a reply through."""
    if last_inbound_at is None or replies >= limit:
        return False
    return (now - last_inbound_at).total_seconds() < hours * 3600


def _grid_workers(session: Session, person: Resident) -> list[Resident]:
    household = person.household
    if household is None or person.community_id is None:
        return []
    return staff_with_role(session, community_id=person.community_id, role="grid_worker",
                           grid_id=household.unit.building.grid_id)


def _building_leaders(session: Session, person: Resident) -> list[Resident]:
    building = person.household.unit.building if person.household else None
    if building is None or building.group_id is None or person.community_id is None:
        return []
    return [p for p in staff_with_role(session, community_id=person.community_id,
                                       role="building_leader")
            if any(r.role == "building_leader" and r.building_group_id == building.group_id
                   for r in p.roles)]


def callers(session: Session, person: Resident, *, checkin: bool) -> list[Resident]:
    """Who phones the resident: building leaders first for a check-in, else grid workers."""
    people = _building_leaders(session, person) if checkin else []
    return people or _grid_workers(session, person)


def route_to_person(session: Session, msg: OutboxMessage, person: Resident | None,
                    texts: Texts, *, configured_staff: int | None, now: datetime) -> bool:
    """Queue what could not go to the resident for someone who can call them; False when
    there is nobody at all (no caller reachable and no staff chat)."""
    checkin = (msg.dedupe_key or "").startswith("checkin:")
    unknown = texts.render("fallback_unregistered")
    text = texts.render("window_closed_checkin" if checkin else "window_closed_staff",
                        who=person.label() if person else unknown,
                        address=(person.address() if person else None) or unknown,
                        phone=(person.phone if person else None) or unknown, text=msg.text)
    targets = [p.telegram_id for p in (callers(session, person, checkin=checkin)
                                       if person else []) if p.telegram_id is not None]
    if not targets:
        staff = staff_chat_for(session, community_id=person.community_id if person else None,
                               configured=configured_staff)
        targets = [staff] if staff is not None else []
    for chat_id in targets:
        queue_message(session, chat_id=chat_id, text=text, now=now,
                      dedupe_key=f"window:{msg.id}:{chat_id}")
    return bool(targets)
