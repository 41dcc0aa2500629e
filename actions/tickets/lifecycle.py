"""Tickets shared by repairs and help requests: categories and SLAs, numbers, routing, lifecycle.

    new 待受理 -> assigned 已派单 -> in_progress 处理中 -> resolved 已解决 -> closed 已关闭
    or closed with a reason (重复 / 不属于职责 / 无需处理); "还没好" reopens a resolved ticket.

Every change is a `TicketEvent` row and a short push to the reporter and the followers, written
in the same unit of work as the change, so nothing is lost across a restart. Here: status
changes and who may act. Categories and SLAs are in actions.tickets.config, numbers, look-ups
and followers in actions.tickets.lookups, creating and routing in actions.tickets.routing; the
staff side (buttons, commands) is in actions.tickets.staff, scheduled work in
actions.tickets.jobs, the resident's follow-up and queries in actions.ticket_resident.
"""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from actions.core.context import Tick
from actions.core.errors import Refused
from actions.core.people import has_role, roles_of
from actions.core.state import offer_buttons
from actions.core.texts import Button, Keyboard
from actions.db.community import Resident
from actions.db.tickets import Ticket, TicketEvent
from actions.tickets.lookups import followers
from actions.tickets.text import what

log = logging.getLogger(__name__)

def set_status(tick: Tick, ticket: Ticket, *, status: str, actor: Resident | None,
               note: str = "", reason: str | None = None, push: bool = True) -> None:
    """Change a ticket's status: one history row, timestamps, and a push to its residents."""
    before = ticket.status
    ticket.status = status
    ticket.close_reason = reason if status == "closed" else None
    if status in ("assigned", "in_progress") and ticket.accepted_at is None:
        ticket.accepted_at = tick.now
    if status == "resolved":
        ticket.resolved_at = tick.now
    if status == "closed":
        ticket.closed_at = tick.now
    tick.session.add(TicketEvent(ticket_id=ticket.id, at=tick.now,
                                 actor_id=actor.id if actor else None, status_from=before,
                                 status=status, note=(reason or note)[:300]))
    tick.session.flush()
    log.info("ticket %s: %s -> %s", ticket.id, before, status)
    if push:
        push_change(tick, ticket, actor=actor, note=note)


def push_change(tick: Tick, ticket: Ticket, *, actor: Resident | None, note: str = "") -> None:
    """Tell the reporter and every follower, briefly, what just happened."""
    key = f"ticket_push_{ticket.status}"
    if ticket.status == "closed":
        key = f"ticket_push_closed_{_reason_key(ticket.close_reason)}"
    if ticket.status == "assigned" and ticket.assignee_id is not None:
        actor_shown = tick.session.get(Resident, ticket.assignee_id)
    else:
        actor_shown = actor
    values = {"number": ticket.number, "what": what(ticket), "note": note,
              "who": (actor_shown.name if actor_shown and actor_shown.name
                      else tick.t("fallback_staff")),
              "done": tick.t(f"ticket_done_{ticket.kind}")}
    text = tick.t(key, **values)
    reporter = tick.session.get_one(Resident, ticket.reporter_id)
    if ticket.status == "resolved":
        ask = tick.t(f"ticket_ask_fixed_{ticket.kind}", **values)
        if tick.notify_person(reporter, ask, buttons=followup_buttons(tick, ticket)):
            offer_buttons(tick.session, reporter, followup_buttons(tick, ticket), tick.now)
    elif not (actor and actor.id == reporter.id):  # the reporter knows what they just did
        tick.notify_person(reporter, text)
    for person in followers(tick.session, ticket):
        tick.notify_person(person, text)


def _reason_key(reason: str | None) -> str:
    return {"重复": "duplicate", "不属于职责": "not_ours", "无需处理": "no_need",
            "已确认": "confirmed", "自动": "auto"}.get(reason or "", "other")


def followup_buttons(tick: Tick, ticket: Ticket) -> Keyboard:
    """修好了 / 还没好 (办好了 / 还没办好 for help requests)."""
    return [[Button(tick.t(f"button_ticket_fixed_{ticket.kind}"), f"/t_fixed:{ticket.id}",
                    tick.t(f"says_ticket_fixed_{ticket.kind}")),
             Button(tick.t(f"button_ticket_not_fixed_{ticket.kind}"),
                    f"/t_notfixed:{ticket.id}", tick.t(f"says_ticket_not_fixed_{ticket.kind}"))]]


# -- who may act ------------------------------------------------------------------------------
STAFF_ROLES = ("admin", "grid_worker", "grid_leader", "building_leader", "property",
               "team_leader", "canteen", "volunteer")


def may_act(session: Session, *, person: Resident, ticket: Ticket) -> bool:
    """Whether the person handles this ticket: the one it was given or transferred to, or
    whoever does its kind of work in its grid or team (admin always)."""
    if ticket.assignee_id == person.id:
        return True
    roles = ["grid_worker", "grid_leader"]
    if ticket.team:  # the team's own people; other teams' leaders may not
        if any(role.team == ticket.team for role in roles_of(
                session, person_id=person.id, community_id=ticket.community_id)):
            return True
    else:
        roles.append(ticket.handling_role)
    return has_role(session, person_id=person.id, community_id=ticket.community_id,
                    roles=roles, grid_id=ticket.grid_id)


def require_may_act(session: Session, *, person: Resident, ticket: Ticket) -> None:
    """Raise Refused unless the person handles this ticket (see may_act)."""
    if not may_act(session, person=person, ticket=ticket):
        raise Refused.keyed("refused_no_permission")


def staff_communities(session: Session, person: Resident) -> list[int]:
    """The communities where a person holds a staff role."""
    return sorted({r.community_id for r in roles_of(session, person_id=person.id)})


def require_staff(session: Session, person: Resident) -> list[int]:
    """The person's staff communities; Refused for residents."""
    ids = staff_communities(session, person)
    if not ids:
        raise Refused.keyed("refused_staff_only")
    return ids
