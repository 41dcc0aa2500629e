"""Time-bank credit for a confirmed help request: the volunteer who resolved it earns the
service's minutes (once per ticket), whether the resident (办好了) or staff confirmed it."""

from __future__ import annotations

from sqlalchemy import select

from actions.community.common import fmt_minutes
from actions.community.timebank import credit_service
from actions.core.context import Context
from actions.core.people import roles_of
from actions.db.community import Resident
from actions.db.tickets import Ticket, TicketEvent
from actions.tickets.config import config

VOLUNTEER_ROLES = ("volunteer", "team_leader")


def credit_resolver(ctx: Context, ticket: Ticket) -> None:
    """A confirmed help request: its resolver earns the service's minutes, once per ticket."""
    resolver = resolver_of(ctx, ticket)
    if ticket.kind != "help" or ticket.close_reason != "已确认" or resolver is None:
        return
    if not any(r.role in VOLUNTEER_ROLES for r in roles_of(
            ctx.session, person_id=resolver.id, community_id=ticket.community_id)):
        return
    reporter = ctx.session.get_one(Resident, ticket.reporter_id)
    minutes = config(ctx).category("help", ticket.category).minutes
    entry = credit_service(ctx.session, volunteer_id=resolver.id, minutes=minutes,
                           reason=ctx.t("helpreq_credit_reason", name=reporter.name,
                                        service=ticket.category, number=ticket.number),
                           ref=f"ticket:{ticket.number}", now=ctx.now, by=ctx.person.id)
    if entry is not None:
        ctx.notify_person(resolver, ctx.t("helpreq_credited", name=reporter.name,
                                          service=ticket.category,
                                          minutes=fmt_minutes(minutes)))


def resolver_of(ctx: Context, ticket: Ticket) -> Resident | None:
    """Who last pressed 已解决 on a ticket (else its assignee)."""
    actor = ctx.session.scalar(select(TicketEvent.actor_id).where(
        TicketEvent.ticket_id == ticket.id, TicketEvent.status == "resolved")
        .order_by(TicketEvent.id.desc()).limit(1)) or ticket.assignee_id
    return ctx.session.get(Resident, actor) if actor is not None else None
