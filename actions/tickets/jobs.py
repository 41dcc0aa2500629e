"""Scheduled work on tickets: SLA escalation, closing unconfirmed tickets, the 08:30 digest.

Each job reads what is due from the rows and records what it did (an escalation row, a status
change, a JobRun key), so running twice, or after a restart, repeats nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from actions.core.context import Tick
from actions.core.people import staff_chat_for, staff_with_role
from actions.core.registry import job
from actions.core.state import offer_buttons
from actions.db.community import Community, Resident
from actions.db.conversation import JobRun
from actions.db.tickets import OPEN_STATUSES, Ticket, TicketEscalation
from actions.tickets.config import config
from actions.tickets.lifecycle import set_status
from actions.tickets.routing import staff_buttons
from actions.tickets.text import age_text, overdue, staff_card, status_label, what

DIGEST_LIMIT = 15


@job("ticket_sla")
def escalate_overdue(tick: Tick) -> None:
    """Escalate each missed deadline once: to the grid leader, one span later to the admin."""
    cfg = config(tick)
    overdue_open = (Ticket.status.in_(OPEN_STATUSES), Ticket.accept_due_at <= tick.now)
    # what was escalated already, for every overdue ticket at once (one query, not one a stage)
    done = {(t, s, lv, c) for t, s, lv, c in tick.session.execute(
        select(TicketEscalation.ticket_id, TicketEscalation.stage, TicketEscalation.level,
               TicketEscalation.cycle)
        .join(Ticket, Ticket.id == TicketEscalation.ticket_id).where(*overdue_open))}
    for ticket in tick.session.scalars(select(Ticket).where(*overdue_open)):
        category = cfg.category(ticket.kind, ticket.category)
        if ticket.accepted_at is None:
            _escalate_stage(tick, ticket, "accept", ticket.accept_due_at, category.accept, done)
        _escalate_stage(tick, ticket, "resolve", ticket.resolve_due_at, category.resolve, done)


def _escalate_stage(tick: Tick, ticket: Ticket, stage: str, due: datetime,
                    span: timedelta, done: set[tuple[int, str, int, int]]) -> None:
    roles = config(tick).escalate_to
    for level, role in enumerate(roles, start=1):
        if tick.now < due + span * (level - 1):
            return
        if (ticket.id, stage, level, ticket.reopened) in done:
            continue
        tick.session.add(TicketEscalation(ticket_id=ticket.id, stage=stage, level=level,
                                          cycle=ticket.reopened, at=tick.now))
        tick.session.flush()
        _send_escalation(tick, ticket, stage, level, role, span)


def _send_escalation(tick: Tick, ticket: Ticket, stage: str, level: int, role: str,
                     span: timedelta) -> None:
    people = staff_with_role(tick.session, community_id=ticket.community_id, role=role)
    if not people and role != "admin":
        people = staff_with_role(tick.session, community_id=ticket.community_id, role="admin")
    head = tick.t(f"ticket_escalation_{stage}", number=ticket.number, what=what(ticket),
                  age=age_text(tick, tick.now - ticket.created_at), limit=age_text(tick, span),
                  status=status_label(tick, ticket))
    text = head + "\n" + staff_card(tick, ticket, header="ticket_staff_card")
    buttons = staff_buttons(tick, ticket)
    for person in people:
        key = f"t-esc:{ticket.id}:{stage}:{ticket.reopened}:{level}:{person.id}"
        if tick.notify_person(person, text, buttons=buttons, dedupe_key=key):
            # the card shown last is the one a typed 接单 means, not an earlier ticket's
            offer_buttons(tick.session, person, buttons, tick.now)
    group = staff_chat_for(tick.session, community_id=ticket.community_id,
                           configured=tick.settings.staff_chat_id)
    if group is not None and level == 1:
        tick.notify(group, head, dedupe_key=f"t-esc:{ticket.id}:{stage}:{ticket.reopened}:g")


@job("ticket_autoclose")
def close_unconfirmed(tick: Tick) -> None:
    """A resolved ticket nobody answered "修好了吗？" for a week is closed."""
    limit = tick.now - timedelta(days=config(tick).confirm_days)
    query = select(Ticket).where(Ticket.status == "resolved", Ticket.resolved_at <= limit)
    for ticket in tick.session.scalars(query):
        set_status(tick, ticket, status="closed", actor=None, reason="自动", push=False)


@job("ticket_digest")
def daily_digest(tick: Tick) -> None:
    """Once a day after 08:30: open and overdue tickets, to each community's staff group."""
    if tick.local_now.time() < config(tick).digest_at:
        return
    for community in tick.session.scalars(select(Community)):
        key = f"ticket_digest:{community.id}:{tick.today:%Y%m%d}"
        if tick.session.scalar(select(JobRun.id).where(JobRun.key == key)) is not None:
            continue
        try:
            with tick.session.begin_nested():
                tick.session.add(JobRun(key=key, ran_at=tick.now))
        except IntegrityError:
            continue
        _send_digest(tick, community)


def _send_digest(tick: Tick, community: Community) -> None:
    chat = staff_chat_for(tick.session, community_id=community.id,
                          configured=tick.settings.staff_chat_id)
    if chat is None:
        return
    tickets = list(tick.session.scalars(select(Ticket).where(
        Ticket.community_id == community.id, Ticket.status.in_(OPEN_STATUSES))
        .order_by(Ticket.created_at)))
    if not tickets:
        return
    late = [t for t in tickets if overdue(t, tick.now)]
    lines = [tick.t("ticket_digest_line", number=t.number, what=what(t),
                    status=status_label(tick, t), age=age_text(tick, tick.now - t.created_at),
                    assignee=_assignee(tick, t))
             for t in late[:DIGEST_LIMIT]]
    since = tick.now - timedelta(days=1)
    new = sum(1 for t in tickets if t.created_at >= since)
    day = tick.t("date_month_day", month=tick.today.month, day=tick.today.day)
    text = tick.t("ticket_digest", day=day,
                  open=len(tickets), new=new, late=len(late),
                  lines="\n".join(lines) if lines else tick.t("ticket_digest_none_late"))
    tick.notify(chat, text, dedupe_key=f"ticket_digest:{community.id}:{tick.today:%Y%m%d}")


def _assignee(tick: Tick, ticket: Ticket) -> str:
    if ticket.assignee_id is None:
        return " · " + tick.t("ticket_digest_unassigned")
    person = tick.session.get(Resident, ticket.assignee_id)
    return f" · {person.name}" if person else ""
