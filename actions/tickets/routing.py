"""Creating a ticket and routing it: who handles it (the grid worker, the team), the card and
buttons staff are shown."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from actions.core.context import Context, Tick
from actions.core.people import staff_chat_for, staff_with_role
from actions.core.state import offer_buttons
from actions.core.texts import Button, Keyboard
from actions.db.community import Building, Community, Resident, StaffRole, first_community
from actions.db.tickets import Ticket, TicketEvent
from actions.tickets.config import config
from actions.tickets.lookups import next_number
from actions.tickets.text import staff_card

log = logging.getLogger(__name__)


def reporter_community(ctx: Context) -> Community | None:
    """The community a ticket is reported in: the person's; for a newcomer (a new tenant, a
    passer-by reporting the gate's lamp, someone asking for help before registering) the first
    one, as actions.db.community.first_community rules for newcomers."""
    if ctx.person.community_id is None:
        return first_community(ctx.session)
    return ctx.session.get(Community, ctx.person.community_id)


@dataclass(frozen=True)
class NewTicket:
    """What a form collected for a new ticket."""

    kind: str
    category: str
    place: str
    description: str
    building: Building | None = None
    unit: str | None = None
    floor: str | None = None
    household_id: int | None = None
    urgent: bool = False  # the safety layer called the fault urgent: its shorter deadlines
    photo: str | None = None


def create_ticket(tick: Tick, *, reporter: Resident, community_id: int,
                  new: NewTicket) -> Ticket:
    """Record a ticket with its first history row, and send it to whoever handles it."""
    cfg = config(tick)
    category = cfg.category(new.kind, new.category)
    grid_id = new.building.grid_id if new.building else _home_grid(reporter)
    accept, resolve = category.accept, category.resolve
    if new.urgent:  # the first words promised it: 这个报修我们按紧急处理
        accept, resolve = min(accept, cfg.urgent_accept), min(resolve, cfg.urgent_resolve)
    ticket = Ticket(
        community_id=community_id, kind=new.kind, category=new.category,
        number=next_number(tick.session, community_id=community_id,
                           prefix=cfg.prefix[new.kind], day=tick.today),
        reporter_id=reporter.id, handling_role=category.role, team=category.team,
        grid_id=grid_id, building_id=new.building.id if new.building else None,
        household_id=new.household_id, unit=new.unit, floor=new.floor, place=new.place,
        description=new.description[:1000], photo=new.photo, created_at=tick.now,
        accept_due_at=tick.now + accept, resolve_due_at=tick.now + resolve)
    tick.session.add(ticket)
    tick.session.flush()
    tick.session.add(TicketEvent(ticket_id=ticket.id, at=tick.now, actor_id=reporter.id,
                                 status_from=None, status="new", note=""))
    tick.session.flush()
    log.info("ticket %s created (kind=%s)", ticket.id, ticket.kind)
    route(tick, ticket)
    return ticket


def _home_grid(person: Resident) -> int | None:
    return person.household.unit.building.grid_id if person.household else None


def handlers(session: Session, ticket: Ticket) -> list[Resident]:
    """Who hears of a ticket in private: its grid worker, and the role or team handling it."""
    people: list[Resident] = []
    by_grid = ticket.kind == "repair" or ticket.handling_role == "grid_worker"
    if ticket.grid_id is not None and by_grid:
        people += staff_with_role(session, community_id=ticket.community_id,
                                  role="grid_worker", grid_id=ticket.grid_id)
    if ticket.team:
        people += team_members(session, community_id=ticket.community_id, team=ticket.team,
                               roles=("team_leader",))
    elif ticket.handling_role != "grid_worker":
        people += staff_with_role(session, community_id=ticket.community_id,
                                  role=ticket.handling_role)
    if not people and ticket.grid_id is not None:  # a team with no leader: the grid worker
        people += staff_with_role(session, community_id=ticket.community_id,
                                  role="grid_worker", grid_id=ticket.grid_id)
    if not people:
        people += staff_with_role(session, community_id=ticket.community_id, role="admin")
    return list({p.id: p for p in people}.values())


def team_members(session: Session, *, community_id: int, team: str,
                 roles: tuple[str, ...] = ("team_leader", "volunteer")) -> list[Resident]:
    """People of a volunteer team holding some roles."""
    query = (select(Resident).join(StaffRole, StaffRole.person_id == Resident.id)
             .where(StaffRole.community_id == community_id, StaffRole.team == team,
                    StaffRole.role.in_(roles)))
    return list(session.scalars(query).unique())


def route(tick: Tick, ticket: Ticket, *, header: str = "ticket_staff_new") -> None:
    """Send a new (or reopened) ticket to its handlers and the staff group, with buttons.

    A reopened ticket that has an assignee goes back to that person only (and the group).
    """
    text = staff_card(tick, ticket, header=header)
    assignee = tick.session.get(Resident, ticket.assignee_id) if ticket.assignee_id else None
    people = [assignee] if assignee and ticket.reopened else handlers(tick.session, ticket)
    for person in people:
        show_card(tick, person, text, ticket)
    group = staff_chat_for(tick.session, community_id=ticket.community_id,
                           configured=tick.settings.staff_chat_id)
    if group is not None:
        tick.notify(group, text, buttons=staff_buttons(tick, ticket), photo=ticket.photo)


def staff_buttons(tick: Tick, ticket: Ticket) -> Keyboard:
    """接单 / 处理中 / 已解决 / 转派 / 不属于职责."""
    return [[staff_button(tick, ticket, "accept"), staff_button(tick, ticket, "progress"),
             staff_button(tick, ticket, "resolve")],
            [staff_button(tick, ticket, "transfer"), staff_button(tick, ticket, "reject")]]


def staff_button(tick: Tick, ticket: Ticket, step: str) -> Button:
    """One staff button of a ticket, with the typed words that press it (这单我接了, 修好了)."""
    action = {"accept": "t_accept", "progress": "t_progress", "resolve": "t_resolve",
              "transfer": "t_transfer", "reject": "t_reject"}[step]
    return Button(tick.t(f"button_ticket_{step}"), f"/{action}:{ticket.id}",
                  tick.t(f"says_ticket_{step}"))


def show_card(tick: Tick, person: Resident, text: str, ticket: Ticket) -> None:
    """A ticket's card to one staff member, privately: its buttons can also be typed
    (接单, 这单我接了, 已经修好了) until they write something else."""
    buttons = staff_buttons(tick, ticket)
    if tick.notify_person(person, text, buttons=buttons, photo=ticket.photo):
        offer_buttons(tick.session, person, buttons, tick.now, unless_in_form=True)
