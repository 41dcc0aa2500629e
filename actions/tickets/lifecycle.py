"""Tickets shared by repairs and help requests: categories and SLAs, numbers, routing, lifecycle.

    new 待受理 -> assigned 已派单 -> in_progress 处理中 -> resolved 已解决 -> closed 已关闭
    or closed with a reason (重复 / 不属于职责 / 无需处理); "还没好" reopens a resolved ticket.

Every change is a `TicketEvent` row and a short push to the reporter and the followers, written
in the same unit of work as the change, so nothing is lost across a restart. The staff side
(buttons, commands) is in actions.tickets.staff, scheduled work in actions.tickets.jobs, the
resident's follow-up and queries in actions.ticket_resident.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from actions.core.context import Tick
from actions.core.datafiles import load_yaml
from actions.core.errors import Refused
from actions.core.people import has_role, roles_of, staff_chat_for, staff_with_role
from actions.core.state import offer_buttons
from actions.core.texts import Button, Keyboard
from actions.db.community import Building, Resident, StaffRole
from actions.db.conversation import DialogueState
from actions.db.sequences import take_number
from actions.db.tickets import OPEN_STATUSES, Ticket, TicketEvent, TicketFollower
from actions.tickets.text import staff_card, what

log = logging.getLogger(__name__)

NUMBER = re.compile(r"(?<![0-9A-Za-z])(B[XZ])-?(\d{8})-?(\d{3})(?!\d)", re.IGNORECASE)
SPAN = re.compile(r"^(\d+)\s*([mhd])$")
UNITS = {"m": "minutes", "h": "hours", "d": "days"}
ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Category:
    """How one facility or service is handled: by whom, and how fast."""

    name: str
    kind: str  # repair | help
    role: str
    team: str | None
    accept: timedelta
    resolve: timedelta
    minutes: int = 60  # time-bank minutes a volunteer earns for a confirmed help request


@dataclass(frozen=True)
class TicketConfig:
    """data/tickets.yml, read once."""

    prefix: dict[str, str]
    duplicate_days: int
    reopen_days: int
    confirm_days: int
    digest_at: time
    escalate_to: tuple[str, ...]
    categories: dict[tuple[str, str], Category]
    words: dict[str, dict[str, list[str]]]

    def category(self, kind: str, name: str) -> Category:
        """The category by name, or the kind's catch-all 其他."""
        return self.categories.get((kind, name)) or self.categories[(kind, "其他")]

    def names(self, kind: str) -> list[str]:
        """Category names of a kind, in data order."""
        return [name for k, name in self.categories if k == kind]

    def named(self, kind: str, text: str) -> str | None:
        """The category the words name: exactly, or by its words; None when none fits."""
        name = text.strip()
        return name if name in self.names(kind) else self.guess(kind, name)

    def guess(self, kind: str, text: str) -> str | None:
        """A category named in free words ("灯不亮" -> 楼道灯), or None."""
        for name in self.names(kind):
            if name != "其他" and name in text:
                return name
        for name, words in self.words.get(kind, {}).items():
            if any(word in text for word in words):
                return name
        return None



def parse_span(value: str) -> timedelta:
    """30m / 4h / 2d as a timedelta."""
    match = SPAN.match(str(value).strip())
    if not match:
        raise ValueError(f"not a time span: {value!r} (e.g. 30m, 4h, 2d)")
    return timedelta(**{UNITS[match.group(2)]: int(match.group(1))})


def load_config(data_dir: str) -> TicketConfig:
    """data/tickets.yml: categories, deadlines, numbering."""
    return load_yaml(data_dir, "tickets.yml", _config)


def _config(raw: dict[str, Any]) -> TicketConfig:
    categories = {}
    for kind, section in (("repair", "facilities"), ("help", "services")):
        for name, spec in raw[section].items():
            categories[(kind, name)] = Category(
                name, kind, spec.get("role") or "team_leader", spec.get("team"),
                parse_span(spec["accept"]), parse_span(spec["resolve"]),
                int(spec.get("minutes", 60)))
    hour, minute = (int(p) for p in str(raw["digest_at"]).split(":"))
    return TicketConfig(
        prefix=dict(raw["prefix"]), duplicate_days=int(raw["duplicate_days"]),
        reopen_days=int(raw["reopen_days"]), confirm_days=int(raw["confirm_days"]),
        digest_at=time(hour, minute), escalate_to=tuple(raw["escalate_to"]),
        categories=categories,
        words={"repair": raw.get("facility_words", {}), "help": raw.get("service_words", {})})


def config(tick: Tick) -> TicketConfig:
    """The ticket configuration of this deployment."""
    return load_config(tick.settings.data_dir)


# -- numbers and lookups ----------------------------------------------------------------------
def next_number(session: Session, *, community_id: int, prefix: str, day: date) -> str:
    """The next number of the day in a community: BX-20261118-007."""
    stem = f"{prefix}-{day:%Y%m%d}-"

    def given_before() -> int:
        return session.scalar(select(func.count()).select_from(Ticket).where(
            Ticket.community_id == community_id, Ticket.number.like(stem + "%"))) or 0

    number = take_number(session, key=f"{community_id}:{stem}", existing=given_before)
    return f"{stem}{number:03d}"


def normalize_number(text: str) -> str | None:
    """A ticket number found in text, written the canonical way."""
    match = NUMBER.search(text)
    if not match:
        return None
    return f"{match.group(1).upper()}-{match.group(2)}-{match.group(3)}"


def find_by_number(session: Session, *, number: str,
                   community_ids: list[int] | None = None) -> Ticket | None:
    """A ticket by its number (within some communities, when given)."""
    query = select(Ticket).where(Ticket.number == number)
    if community_ids is not None:
        query = query.where(Ticket.community_id.in_(community_ids))
    return session.scalars(query.order_by(Ticket.id)).first()


def find_duplicate(session: Session, *, community_id: int, category: str,
                   building_id: int | None, unit: str | None, household_id: int | None,
                   place: str, since: datetime) -> Ticket | None:
    """An open repair of the same facility at the same place, reported since a moment."""
    query = select(Ticket).where(
        Ticket.community_id == community_id, Ticket.kind == "repair",
        Ticket.category == category, Ticket.status.in_(OPEN_STATUSES),
        Ticket.created_at >= since).order_by(Ticket.id)
    for ticket in session.scalars(query):
        if household_id is not None or ticket.household_id is not None:
            if ticket.household_id == household_id:
                return ticket
        elif building_id is not None:
            if ticket.building_id == building_id and (
                    not unit or not ticket.unit or unit == ticket.unit):
                return ticket
        elif ticket.building_id is None and ticket.place == place:
            return ticket
    return None


def followers(session: Session, ticket: Ticket) -> list[Resident]:
    """Residents who said "+1" to a ticket."""
    return list(session.scalars(select(Resident).join(
        TicketFollower, TicketFollower.person_id == Resident.id).where(
        TicketFollower.ticket_id == ticket.id).order_by(TicketFollower.id)))


def add_follower(session: Session, *, ticket: Ticket, person: Resident, now: datetime) -> bool:
    """Add a "+1"; False when the person already reported or follows it."""
    if person.id == ticket.reporter_id or session.scalar(select(TicketFollower.id).where(
            TicketFollower.ticket_id == ticket.id, TicketFollower.person_id == person.id)):
        return False
    session.add(TicketFollower(ticket_id=ticket.id, person_id=person.id, added_at=now))
    session.add(TicketEvent(ticket_id=ticket.id, at=now, actor_id=person.id,
                            status_from=ticket.status, status=ticket.status, note="+1"))
    return True


def involves(session: Session, ticket: Ticket, person: Resident) -> bool:
    """Whether the person reported or follows the ticket (what a resident may see)."""
    return person.id == ticket.reporter_id or any(
        f.id == person.id for f in followers(session, ticket))


# -- creating and routing ---------------------------------------------------------------------
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
    photo: str | None = None


def create_ticket(tick: Tick, *, reporter: Resident, community_id: int,
                  new: NewTicket) -> Ticket:
    """Record a ticket with its first history row, and send it to whoever handles it."""
    cfg = config(tick)
    category = cfg.category(new.kind, new.category)
    grid_id = new.building.grid_id if new.building else _home_grid(reporter)
    ticket = Ticket(
        community_id=community_id, kind=new.kind, category=new.category,
        number=next_number(tick.session, community_id=community_id,
                           prefix=cfg.prefix[new.kind], day=tick.today),
        reporter_id=reporter.id, handling_role=category.role, team=category.team,
        grid_id=grid_id, building_id=new.building.id if new.building else None,
        household_id=new.household_id, unit=new.unit, floor=new.floor, place=new.place,
        description=new.description[:1000], photo=new.photo, created_at=tick.now,
        accept_due_at=tick.now + category.accept, resolve_due_at=tick.now + category.resolve)
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
    if tick.notify_person(person, text, buttons=buttons, photo=ticket.photo) \
            and not _in_a_form(tick.session, person):
        offer_buttons(tick.session, person, buttons, tick.now)


def _in_a_form(session: Session, person: Resident) -> bool:
    """Whether the person's private chat has a form open (its own answers come first)."""
    stored = session.scalar(select(DialogueState.data).where(
        DialogueState.resident_id == person.id, DialogueState.chat_id == person.telegram_id))
    return bool(stored and (stored.get("form") or stored.get("stack")))


# -- changing status --------------------------------------------------------------------------
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
