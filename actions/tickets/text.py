"""How tickets read: short words for residents, cards and history for staff, ages and times."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from actions.core.context import Context, Tick
from actions.core.dates import day_label
from actions.core.texts import span_text
from actions.db.community import Resident
from actions.db.tickets import Ticket, TicketFollower


def what(ticket: Ticket) -> str:
    """Short words for a ticket, as the resident said it: 楼道灯（3栋2单元）."""
    return f"{ticket.category}（{ticket.place}）" if ticket.place else ticket.category


def age_text(tick: Tick, delta: timedelta) -> str:
    """A duration as people say it: 25分钟, 5小时, 3天 (不到1分钟)."""
    return span_text(tick.texts, delta)


def ago_text(tick: Tick, moment: datetime) -> str:
    """How long ago: 刚刚, 25分钟前, 3天前."""
    return span_text(tick.texts, tick.now - moment, ago=True)


def dated_text(ctx: Context, text: str) -> str:
    """The words with each day they name as a date, read now (后天上午 -> 11月20日（周五）上午):
    a ticket is read days later, when 后天 would mean another day. The days come from this
    message's parse, so `text` is this message's words (or part of them)."""
    for entity in ctx.parse.get("entities", []):
        if entity.get("entity") != "date" or "start" not in entity or entity.get("role"):
            continue
        words = ctx.text[int(entity["start"]):int(entity["end"])]
        day = date.fromisoformat(str(entity["value"]))
        if words and words in text and words != day_label(day):
            text = text.replace(words, day_label(day), 1)
    return text


def local_text(tick: Tick, moment: datetime) -> str:
    """A moment in community time: 11月18日 09:05."""
    local = moment.astimezone(tick.settings.tz)
    return tick.t("date_month_day_time", month=local.month, day=local.day,
                  time=f"{local:%H:%M}")


def status_label(tick: Tick, ticket: Ticket) -> str:
    """待受理 / 已派单 / ... (with the close reason)."""
    label = tick.t(f"ticket_status_{ticket.status}")
    if ticket.close_reason:
        return tick.t("ticket_status_with_reason", status=label, reason=ticket.close_reason)
    return label


def person_label(person: Resident) -> str:
    """A person's name for staff-facing text."""
    return person.label()


def overdue(ticket: Ticket, now: datetime) -> bool:
    """Past its accept or resolve deadline while open."""
    if not ticket.is_open:
        return False
    late_accept = ticket.accepted_at is None and now > ticket.accept_due_at
    return late_accept or now > ticket.resolve_due_at


def staff_card(tick: Tick, ticket: Ticket, *, header: str, personal: bool = True) -> str:
    """The ticket as staff see it: what, where, who reported (with phone and address only
    when `personal`: for the people who handle it), status, deadline."""
    reporter = tick.session.get_one(Resident, ticket.reporter_id)
    assignee = tick.session.get(Resident, ticket.assignee_id) if ticket.assignee_id else None
    count = tick.session.scalar(select(func.count()).select_from(TicketFollower).where(
        TicketFollower.ticket_id == ticket.id)) or 0
    return tick.t(header, number=ticket.number, what=what(ticket),
                  kind=tick.t(f"ticket_kind_{ticket.kind}"),
                  description=ticket.description or tick.t("ticket_card_no_description"),
                  reporter=person_label(reporter),
                  phone=(reporter.phone or tick.t("ticket_card_no_phone")) if personal
                  else tick.t("ticket_card_handlers_only"),
                  address=(reporter.address() or tick.t("fallback_unregistered")) if personal
                  else tick.t("ticket_card_handlers_only"),
                  status=status_label(tick, ticket),
                  assignee=person_label(assignee) if assignee else tick.t(
                      "ticket_card_unassigned"),
                  age=age_text(tick, tick.now - ticket.created_at),
                  accept_due=local_text(tick, ticket.accept_due_at),
                  resolve_due=local_text(tick, ticket.resolve_due_at),
                  photo=tick.t("ticket_card_photo_yes" if ticket.photo
                               else "ticket_card_photo_no"),
                  plus=tick.t("ticket_card_plus", count=count) if count else "")


def history_text(tick: Tick, ticket: Ticket, *, for_staff: bool) -> str:
    """Every change of a ticket, one line each (residents do not see staff notes or names)."""
    lines = []
    for event in ticket.events:
        actor = tick.session.get(Resident, event.actor_id) if event.actor_id else None
        if event.status_from == event.status:  # not a change: a +1 or a score
            label = tick.t("ticket_history_plus_one") if event.note == "+1" else event.note
            note = ""
        else:
            label, note = tick.t(f"ticket_status_{event.status}"), event.note
        line = f"{local_text(tick, event.at)} {label}"
        if for_staff:
            name = person_label(actor) if actor else tick.t("ticket_actor_system")
            line += f" · {name}" + (f" · {note}" if note else "")
        lines.append(line)
    return "\n".join(lines)
