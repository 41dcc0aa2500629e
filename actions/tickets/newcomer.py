"""A newcomer's open help requests, made before she registered, get the address she registers
(the read-back promised it: 提交后我问您住哪儿) and go on to her building's grid worker."""

from __future__ import annotations

from sqlalchemy import select

from actions.core.context import Context
from actions.db.community import Resident
from actions.db.tickets import OPEN_STATUSES, Ticket
from actions.tickets.routing import handlers, show_card
from actions.tickets.text import person_label, staff_card


def place_open_requests(ctx: Context, person: Resident) -> None:
    """Give her placeless open help requests her new address, tell whoever handles them now
    (the group saw them when they came in), and say so to her."""
    home = person.household
    if home is None:
        return
    for ticket in ctx.session.scalars(select(Ticket).where(
            Ticket.reporter_id == person.id, Ticket.kind == "help",
            Ticket.status.in_(OPEN_STATUSES), Ticket.building_id.is_(None))):
        building = home.unit.building
        ticket.building_id, ticket.grid_id = building.id, building.grid_id
        ticket.unit, ticket.household_id = home.unit.number, home.id
        ticket.place = person.address() or ""
        people = handlers(ctx.session, ticket)
        text = staff_card(ctx, ticket, header="ticket_staff_address_added")
        for handler in people:
            show_card(ctx, handler, text, ticket)
        ctx.reply("register_request_placed", number=ticket.number,
                  who="、".join(person_label(p) for p in people[:2])
                  or ctx.t("fallback_community_staff"))
