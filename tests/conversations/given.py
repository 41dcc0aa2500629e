"""`given`: facts that exist before a play, made with the capabilities' own functions.

Each maker receives a Tick at the fact's moment (`at`, else the play's start), so whatever the
capability sends because of it (a ticket's card to staff, a vote's buttons) is queued as it
would be; the console delivers it before the play starts, unrecorded, so staff can press the
buttons they were shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from actions.core.context import Tick
from actions.core.people import find_building, staff_with_role
from actions.db import session_scope
from actions.db.community import Community, Resident, StaffRole, first_community
from actions.db.community_life import Announcement, Event, Question
from actions.db.mailbox import MailboxItem
from bot.console import ConsoleChat
from bot.wiring import Linli

SHANGHAI = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class Spec:
    """The fields a given or expect key accepts, and those it needs."""

    fields: frozenset[str]
    required: frozenset[str]


def spec(fields: str, required: str = "") -> Spec:
    """A Spec from space-separated names."""
    return Spec(frozenset(fields.split()), frozenset(required.split()))


GIVEN = {
    "announcement": spec("by text at to", "by text"),
    "ticket": spec("reporter facility service building unit description at status assignee",
                   "reporter"),
    "booking": spec("person date meal portions delivery", "person date"),
    "letter": spec("author text anonymous kind answer at", "author text"),
    "event_signup": spec("person event", "person event"),
    "vote": spec("by question options closes to", "by question"),
    "team_member": spec("person team", "person team"),
}


class GivenError(Exception):
    """A given fact that cannot be made (an unknown person, a refused booking)."""


def moment(value: Any, *, default: datetime | None = None) -> datetime:
    """A community-time moment from 'YYYY-MM-DD HH:MM' (or a YAML date / date-time)."""
    if value is None and default is not None:
        return default
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=SHANGHAI)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, 9, 0, tzinfo=SHANGHAI)
    return datetime.strptime(str(value).strip(), "%Y-%m-%d %H:%M").replace(tzinfo=SHANGHAI)


def day_of(value: Any) -> date:
    """A date from '2026-11-19' (or a YAML date)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value).strip())


def person(session: Session, name: str) -> Resident:
    """A person of the demo community by name."""
    found = session.scalars(select(Resident).where(Resident.name == str(name))).first()
    if found is None:
        raise GivenError(f"nobody is called {name!r}")
    return found


def community(session: Session) -> Community:
    """The demo community."""
    found = first_community(session)
    if found is None:
        raise GivenError("no community was seeded")
    return found


def apply_given(linli: Linli, chat: ConsoleChat, facts: list[dict[str, Any]], *,
                start: datetime) -> None:
    """Make every fact, each in its own unit of work, in order."""
    conversation = linli.conversation
    for fact in facts:
        key, fields = next(iter(fact.items()))
        at = moment(fields.get("at"), default=start)
        with session_scope(linli.sessions) as session:
            tick = Tick(session, linli.settings, conversation.texts, at)
            MAKERS[key](tick, fields)
    chat.deliver()


def _announcement(tick: Tick, fields: dict[str, Any]) -> None:
    from actions.community.announcements import send

    home = community(tick.session)
    scope, building_id = "community", None
    target = str(fields.get("to") or "community")
    if target.startswith("building"):
        scope = "building"
        building = find_building(tick.session, community_id=home.id,
                                 number=target.split()[-1])
        if building is None:
            raise GivenError(f"no building in {target!r}")
        building_id = building.id
    item = Announcement(community_id=home.id, scope=scope, building_id=building_id,
                        text=str(fields["text"]), send_at=tick.now,
                        created_by=person(tick.session, fields["by"]).id, created_at=tick.now)
    tick.session.add(item)
    tick.session.flush()
    send(tick, item)


def _ticket(tick: Tick, fields: dict[str, Any]) -> None:
    from actions.tickets.lifecycle import set_status
    from actions.tickets.routing import NewTicket, create_ticket, handlers

    reporter = person(tick.session, fields["reporter"])
    kind = "help" if fields.get("service") else "repair"
    category = str(fields.get("service") or fields.get("facility") or "")
    if not category:
        raise GivenError("a ticket needs a facility or a service")
    building = None
    number = fields.get("building")
    if number is not None:
        building = find_building(tick.session, community_id=community(tick.session).id,
                                 number=str(number))
        if building is None:
            raise GivenError(f"no building {number!r}")
    unit = str(fields["unit"]) if fields.get("unit") is not None else None
    place = f"{number}栋{unit}单元" if unit else (f"{number}栋" if number else "")
    new = NewTicket(kind=kind, category=category, place=place,
                    description=str(fields.get("description") or f"{place}{category}"),
                    building=building, unit=unit)
    ticket = create_ticket(tick, reporter=reporter, community_id=reporter.community_id
                           or community(tick.session).id, new=new)
    status = str(fields.get("status") or "new")
    assignee = (person(tick.session, fields["assignee"]) if fields.get("assignee")
                else next(iter(handlers(tick.session, ticket)), None))
    steps = {"new": [], "assigned": ["assigned"], "in_progress": ["assigned", "in_progress"],
             "resolved": ["assigned", "resolved"], "closed": ["assigned", "resolved", "closed"]}
    if status not in steps:
        raise GivenError(f"unknown ticket status {status!r}")
    if fields.get("assignee") or status != "new":
        ticket.assignee_id = assignee.id if assignee else None
    for step in steps[status]:
        actor = reporter if step == "closed" else assignee
        set_status(tick, ticket, status=step, actor=actor,
                   reason="已确认" if step == "closed" else None)


def _booking(tick: Tick, fields: dict[str, Any]) -> None:
    from actions.canteen.service import book_day, canteen_of_community

    who = person(tick.session, fields["person"])
    canteen = canteen_of_community(tick.session, community_id=community(tick.session).id,
                                   data_dir=tick.settings.data_dir)
    if canteen is None:
        raise GivenError("the demo community has no canteen")
    day, meal = day_of(fields["date"]), str(fields.get("meal") or "午餐")
    # a meal booked before the play: booked early enough to be within the canteen's rules
    cutoff = canteen.rules.cutoff_at(day, meal, tick.settings.tz) - timedelta(hours=1)
    now = min(tick.now, cutoff)
    book_day(tick.session, canteen=canteen, person=who, day=day, meal=meal,
             portions=int(fields.get("portions") or 1), delivery=bool(fields.get("delivery")),
             now=now, local=now.astimezone(tick.settings.tz), texts=tick.texts)


def _letter(tick: Tick, fields: dict[str, Any]) -> None:
    from actions.mailbox import answer_due, tell_staff

    writer = person(tick.session, fields["author"])
    home = community(tick.session)
    stem = f"XX-{tick.local_now:%Y%m%d}-"
    taken = tick.session.scalars(select(MailboxItem.id).where(
        MailboxItem.number.like(stem + "%"))).all()
    answer = fields.get("answer")
    answerer = next(iter(staff_with_role(tick.session, community_id=home.id, role="admin")),
                    None)
    item = MailboxItem(
        community_id=home.id, number=f"{stem}{len(taken) + 1:03d}", person_id=writer.id,
        anonymous=bool(fields.get("anonymous")), kind=str(fields.get("kind") or "建议"),
        text=str(fields["text"]), status="answered" if answer else "received",
        created_at=tick.now, due_at=answer_due(tick.now, tick.settings.tz),
        answer=str(answer) if answer else None,
        answered_by=answerer.id if answer and answerer else None,
        answered_at=tick.now if answer else None)
    tick.session.add(item)
    tick.session.flush()
    if not answer:  # the office is shown the letter (with 回复 / 处理中), as on its day
        tell_staff(tick, item)


def _event_signup(tick: Tick, fields: dict[str, Any]) -> None:
    from actions.community.event_places import ensure_occurrences, sign_up

    who = person(tick.session, fields["person"])
    title = str(fields["event"])
    home = community(tick.session)
    found = [o for o in ensure_occurrences(tick.session, community_id=home.id, start=tick.now,
                                           end=tick.now + timedelta(days=90),
                                           tz=tick.settings.tz)
             if o.event.title == title]
    if not found:
        titles = tick.session.scalars(select(Event.title)).all()
        raise GivenError(f"no coming event {title!r} (events: {', '.join(titles)})")
    sign_up(tick.session, occurrence=found[0], person=who, now=tick.now)


def _vote(tick: Tick, fields: dict[str, Any]) -> None:
    from actions.community.deliberation_opening import publish

    home = community(tick.session)
    building_id = None
    target = str(fields.get("to") or "community")
    if target.startswith("building"):
        building = find_building(tick.session, community_id=home.id, number=target.split()[-1])
        if building is None:
            raise GivenError(f"no building in {target!r}")
        building_id = building.id
    options = [str(o) for o in fields.get("options") or ["同意", "不同意"]]
    closes = moment(fields.get("closes"), default=tick.now + timedelta(days=3))
    question = Question(community_id=home.id, building_id=building_id,
                        title=str(fields["question"]), options=options, closes_at=closes,
                        created_by=person(tick.session, fields["by"]).id, created_at=tick.now)
    tick.session.add(question)
    tick.session.flush()
    publish(tick, question)


def _team_member(tick: Tick, fields: dict[str, Any]) -> None:
    who = person(tick.session, fields["person"])
    home = community(tick.session)
    tick.session.add(StaffRole(person_id=who.id, community_id=home.id, role="volunteer",
                               team=str(fields["team"])))
    tick.session.flush()


MAKERS: dict[str, Callable[[Tick, dict[str, Any]], None]] = {
    "announcement": _announcement, "ticket": _ticket, "booking": _booking, "letter": _letter,
    "event_signup": _event_signup, "vote": _vote, "team_member": _team_member,
}
