"""`expect`: what must hold after a play, read from the database and the recorded messages.

Every check returns a list of one-line reasons (empty: it holds). A reason says what was
expected and what was found, e.g. "ticket {reporter: 王秀英, building: 7}: 王秀英's tickets:
[BX-... 楼道灯 building 5 new]".
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING, Any

import opencc
from sqlalchemy import select
from sqlalchemy.orm import Session

from actions.core.safety import EMERGENCY_KINDS as EMERGENCY_RECORDED
from actions.core.safety import layer_kind
from actions.db import session_scope
from actions.db.canteen import CanteenBooking
from actions.db.checkins import CheckinEnrolment, CheckinRound
from actions.db.community import Building, GroupChat, Resident, StaffRole
from actions.db.community_life import (
    Event,
    EventOccurrence,
    EventSignup,
    Question,
    TeamRequest,
    Vote,
)
from actions.db.mailbox import MailboxItem
from actions.db.tickets import Emergency, Ticket, TicketFollower
from bot.wiring import Linli
from tests.conversations.given import day_of, moment, spec

if TYPE_CHECKING:
    from tests.conversations.harness import RecordingChat

CHECKS = {
    "ticket": spec("reporter kind facility service building unit floor status urgent photo "
                   "reopened score assignee", "reporter"),
    "tickets": spec("reporter count", "reporter count"),
    "follower": spec("person of", "person of"),
    "emergency": spec("person kind", "person"),
    "emergencies": spec("count", "count"),
    "booking": spec("person date meal portions delivery", "person"),
    "bookings": spec("person count", "person count"),
    "letter": spec("author anonymous contains", "author"),
    "letters": spec("author count", "author count"),
    "vote": spec("person choice", "person choice"),
    "checkin": spec("elder date status answer", "elder status"),
    "paused": spec("elder until", "elder"),
    "not_paused": spec("elder", "elder"),
    "event": spec("person event status", "person event status"),
    "team_request": spec("person team", "person team"),
    "team": spec("person team member", "person team member"),
    "name": spec("who is", "who is"),
    "said": spec("to contains not_contains last", "to"),
    "silent": spec("to after", "to"),
}
# The kinds an emergency is recorded as (actions.core.safety); a script's kind also accepts
# the kinds recorded for it under another name (unconscious: unreachable).
EMERGENCY_KINDS = {kind: {kind} | {recorded for recorded in EMERGENCY_RECORDED
                                   if layer_kind(recorded) == kind}
                   for kind in EMERGENCY_RECORDED}
URGENT_BY = {"accept": 60}  # minutes: a ticket is urgent when it must be taken within the hour


class Play:
    """What a check reads: a session, the chat's records, the play's end time."""

    def __init__(self, linli: Linli, chat: RecordingChat, session: Session) -> None:
        self.linli, self.chat, self.session = linli, chat, session
        self.now = linli.clock.now()
        self.today = self.now.astimezone(linli.settings.tz).date()

    def telegram_id(self, name: Any) -> int:
        """A script name's account, as the console chat picks it (read in this session: a
        second session would wait on this one's lock under SQLite)."""
        found = self.session.scalar(select(Resident.telegram_id).where(
            Resident.name == str(name), Resident.telegram_id.is_not(None)))
        return int(found) if found else 700_000_000 + zlib.crc32(str(name).encode()) % 10_000_000

    def person(self, name: Any) -> Resident:
        """A person by script name: a demo name, or a newcomer's account."""
        found = self.session.scalar(select(Resident).where(
            Resident.telegram_id == self.telegram_id(name)))
        if found is None:
            raise CheckError(f"nobody called {name!r} took part")
        return found

    def chat_of(self, name: Any) -> int:
        """A person's chat, or a group's by its title."""
        title = str(name).strip("[]")
        group = self.session.scalar(select(GroupChat.chat_id).where(GroupChat.title == title))
        return int(group) if group is not None else self.telegram_id(name)


class CheckError(Exception):
    """A check that names nobody or something impossible (a mistake in the suite)."""


def check(linli: Linli, chat: RecordingChat, key: str, fields: dict[str, Any]) -> list[str]:
    """Run one expect entry; reasons it does not hold (empty when it does)."""
    label = f"{key} {_short(fields)}"
    with session_scope(linli.sessions) as session:
        try:
            found = RUN[key](Play(linli, chat, session), fields)
        except CheckError as exc:
            return [f"suite error: {label}: {exc}"]
    return [] if found is None else [f"{label}: {found}"]


def _short(fields: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{k}: {v}" for k, v in fields.items()) + "}"


def _words(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise CheckError(f"expected true or false, got {value!r}")


# -- tickets ------------------------------------------------------------------------------------

def _ticket_facts(play: Play, ticket: Ticket) -> dict[str, Any]:
    building = play.session.get(Building, ticket.building_id) if ticket.building_id else None
    assignee = play.session.get(Resident, ticket.assignee_id) if ticket.assignee_id else None
    minutes = (ticket.accept_due_at - ticket.created_at).total_seconds() / 60
    return {"kind": ticket.kind, "facility": ticket.category if ticket.kind == "repair" else None,
            "service": ticket.category if ticket.kind == "help" else None,
            "building": building.number if building else None, "unit": ticket.unit,
            "floor": ticket.floor, "status": ticket.status,
            "urgent": minutes <= URGENT_BY["accept"],
            "photo": ticket.photo is not None, "reopened": ticket.reopened > 0,
            "score": ticket.score, "assignee": assignee.label() if assignee else None}


def _tickets_of(play: Play, name: Any) -> list[Ticket]:
    reporter = play.person(name)
    return list(play.session.scalars(select(Ticket).where(
        Ticket.reporter_id == reporter.id).order_by(Ticket.id)))


def _ticket(play: Play, fields: dict[str, Any]) -> str | None:
    wanted = {k: v for k, v in fields.items() if k != "reporter"}
    described = []
    for ticket in _tickets_of(play, fields["reporter"]):
        facts = _ticket_facts(play, ticket)
        if all(_same(facts[k], v) for k, v in wanted.items()):
            return None
        described.append(ticket.number + " " + " ".join(
            f"{k}={facts[k]}" for k in wanted))
    return f"no such ticket; found [{'; '.join(described) or 'none'}]"


def _same(found: Any, wanted: Any) -> bool:
    if isinstance(wanted, list):  # any of these (e.g. score: [4, 5] for 挺满意的)
        return any(_same(found, one) for one in wanted)
    if isinstance(wanted, bool) or isinstance(found, bool):
        return bool(found == wanted)
    if wanted is None:
        return found is None
    return found is not None and str(found) == str(wanted)


def _tickets(play: Play, fields: dict[str, Any]) -> str | None:
    found = _tickets_of(play, fields["reporter"])
    if len(found) == int(fields["count"]):
        return None
    return f"found {len(found)}: " + "; ".join(f"{t.number} {t.category} {t.status}"
                                               for t in found)


def _follower(play: Play, fields: dict[str, Any]) -> str | None:
    follower, reporter = play.person(fields["person"]), play.person(fields["of"])
    found = play.session.scalar(select(TicketFollower.id).join(
        Ticket, Ticket.id == TicketFollower.ticket_id).where(
        TicketFollower.person_id == follower.id, Ticket.reporter_id == reporter.id))
    if found is not None:
        return None
    own = _tickets_of(play, fields["person"])
    return "not a follower; own tickets: " + (", ".join(f"{t.category}" for t in own) or "none")


# -- emergencies --------------------------------------------------------------------------------

def _emergency(play: Play, fields: dict[str, Any]) -> str | None:
    subject = play.person(fields["person"])
    kinds = EMERGENCY_KINDS.get(str(fields.get("kind")), set()) if fields.get("kind") else None
    if fields.get("kind") and not kinds:
        raise CheckError(f"unknown emergency kind {fields['kind']!r}")
    raised = list(play.session.scalars(select(Emergency).order_by(Emergency.id)))
    about = [e for e in raised if _is_about(play, e, subject)]
    if any(kinds is None or e.kind in kinds for e in about):
        return None
    seen = [f"{play.session.get_one(Resident, e.person_id).label()}:{e.kind}" for e in raised]
    return f"found [{', '.join(seen) or 'no emergency'}]"


def _is_about(play: Play, item: Emergency, subject: Resident) -> bool:
    """The one in danger is the emergency's person (the safety layer records the elder a
    contact writes of, not the contact)."""
    return item.person_id == subject.id


def _emergencies(play: Play, fields: dict[str, Any]) -> str | None:
    raised = list(play.session.scalars(select(Emergency)))
    if len(raised) == int(fields["count"]):
        return None
    return f"found {len(raised)}: " + "; ".join(f"{e.kind} «{e.text[:30]}»" for e in raised)


# -- canteen ------------------------------------------------------------------------------------

def _active_bookings(play: Play, name: Any) -> list[CanteenBooking]:
    who = play.person(name)
    return list(play.session.scalars(select(CanteenBooking).where(
        CanteenBooking.resident_id == who.id, CanteenBooking.status == "booked")
        .order_by(CanteenBooking.day)))


def _booking_text(b: CanteenBooking) -> str:
    return f"{b.day} {b.meal} x{b.portions}{' delivered' if b.delivery else ''}"


def _booking(play: Play, fields: dict[str, Any]) -> str | None:
    found = _active_bookings(play, fields["person"])
    for b in found:
        facts = {"date": b.day.isoformat(), "meal": b.meal, "portions": b.portions,
                 "delivery": b.delivery}
        wanted = {k: (day_of(v).isoformat() if k == "date" else v)
                  for k, v in fields.items() if k != "person"}
        if all(_same(facts[k], v) for k, v in wanted.items()):
            return None
    return f"active bookings: [{'; '.join(_booking_text(b) for b in found) or 'none'}]"


def _bookings(play: Play, fields: dict[str, Any]) -> str | None:
    found = _active_bookings(play, fields["person"])
    if len(found) == int(fields["count"]):
        return None
    return f"found {len(found)}: [{'; '.join(_booking_text(b) for b in found)}]"


# -- mailbox ------------------------------------------------------------------------------------

def _letters_of(play: Play, name: Any) -> list[MailboxItem]:
    who = play.person(name)
    return list(play.session.scalars(select(MailboxItem).where(
        MailboxItem.person_id == who.id).order_by(MailboxItem.id)))


def _letter(play: Play, fields: dict[str, Any]) -> str | None:
    found = _letters_of(play, fields["author"])
    words = _words(fields.get("contains"))
    for item in found:
        if "anonymous" in fields and item.anonymous != _bool(fields["anonymous"]):
            continue
        if all(w in item.text for w in words):
            return None
    seen = "; ".join(f"{'anonymous ' if i.anonymous else ''}«{i.text[:40]}»" for i in found)
    return f"letters: [{seen or 'none'}]"


def _letters(play: Play, fields: dict[str, Any]) -> str | None:
    found = _letters_of(play, fields["author"])
    if len(found) == int(fields["count"]):
        return None
    return f"found {len(found)}: " + "; ".join(f"«{i.text[:30]}»" for i in found)


# -- community life -----------------------------------------------------------------------------

def _vote(play: Play, fields: dict[str, Any]) -> str | None:
    who = play.person(fields["person"])
    if who.household_id is None:
        return f"{who.label()} has no household"
    votes = play.session.execute(select(Vote, Question).join(
        Question, Question.id == Vote.question_id).where(
        Vote.household_id == who.household_id)).all()
    chosen = [str(q.options[v.option]) if 0 <= v.option < len(q.options) else "?"
              for v, q in votes]
    if str(fields["choice"]).strip() in (c.strip() for c in chosen):
        return None
    return f"household votes: [{', '.join(chosen) or 'none'}]"


def _event(play: Play, fields: dict[str, Any]) -> str | None:
    who = play.person(fields["person"])
    rows = play.session.execute(select(EventSignup.status, Event.title).join(
        EventOccurrence, EventOccurrence.id == EventSignup.occurrence_id).join(
        Event, Event.id == EventOccurrence.event_id).where(
        EventSignup.person_id == who.id)).all()
    mine = [status for status, title in rows if title == str(fields["event"])]
    if str(fields["status"]) in mine:
        return None
    return "sign-ups: [" + ", ".join(f"{t}:{s}" for s, t in rows) + "]"


def _team_request(play: Play, fields: dict[str, Any]) -> str | None:
    who = play.person(fields["person"])
    teams = list(play.session.scalars(select(TeamRequest.team).where(
        TeamRequest.person_id == who.id)))
    return None if str(fields["team"]) in teams else f"requests: [{', '.join(teams)}]"


def _team(play: Play, fields: dict[str, Any]) -> str | None:
    who = play.person(fields["person"])
    teams = list(play.session.scalars(select(StaffRole.team).where(
        StaffRole.person_id == who.id, StaffRole.role == "volunteer")))
    if (str(fields["team"]) in teams) == _bool(fields["member"]):
        return None
    return f"teams: [{', '.join(t or '' for t in teams)}]"


# -- check-ins ----------------------------------------------------------------------------------

def _enrolment(play: Play, name: Any) -> CheckinEnrolment:
    elder = play.person(name)
    found = play.session.scalar(select(CheckinEnrolment).where(
        CheckinEnrolment.elder_id == elder.id))
    if found is None:
        raise CheckError(f"{name} is not enrolled for check-ins")
    return found


def _checkin(play: Play, fields: dict[str, Any]) -> str | None:
    enrolment = _enrolment(play, fields["elder"])
    day = day_of(fields["date"]) if fields.get("date") else play.today
    row = play.session.scalar(select(CheckinRound).where(
        CheckinRound.enrolment_id == enrolment.id, CheckinRound.day == day))
    if row is None:
        return f"no round on {day}"
    wrong = row.status != str(fields["status"]) and not (
        fields["status"] == "answered" and _answered_late(row))
    wrong = wrong or ("answer" in fields and row.answer != str(fields["answer"]))
    return f"round of {day}: status={row.status} answer={row.answer}" if wrong else None


def _answered_late(row: CheckinRound) -> bool:
    """The elder answered herself after her contacts were asked: her answer closed the
    escalation (status closed, by her), and she did answer."""
    return row.status == "closed" and row.answer is not None and row.closed_by == row.elder_id


def _paused_until(play: Play, name: Any) -> date | None:
    until = _enrolment(play, name).paused_until
    return until if until is not None and until >= play.today else None


def _paused(play: Play, fields: dict[str, Any]) -> str | None:
    until = _paused_until(play, fields["elder"])
    if until is None:
        return "not paused"
    if "until" in fields and until != day_of(fields["until"]):
        return f"paused until {until}"
    return None


def _not_paused(play: Play, fields: dict[str, Any]) -> str | None:
    until = _paused_until(play, fields["elder"])
    return None if until is None else f"paused until {until}"


# -- people and words ---------------------------------------------------------------------------

def _name(play: Play, fields: dict[str, Any]) -> str | None:
    tid = play.telegram_id(fields["who"])
    who = play.session.scalar(select(Resident).where(Resident.telegram_id == tid))
    stored = who.name if who is not None else None
    wanted = fields["is"]
    if (wanted is None and not stored) or (wanted is not None and stored == str(wanted)):
        return None
    return f"stored name: {stored!r}"


def _received(play: Play, name: Any, after: datetime | None = None) -> list[str]:
    chat_id = play.chat_of(name)
    return [simplified(r.text) for r in play.chat.received
            if r.chat_id == chat_id and (after is None or r.at >= after)]


@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    """Text in simplified characters (a reply to a traditional writer is traditional)."""
    return str(_t2s().convert(text))


def _said(play: Play, fields: dict[str, Any]) -> str | None:
    texts = _received(play, fields["to"])
    if not texts:
        return "nothing was said to them"
    looked = texts[-1:] if fields.get("last") and _bool(fields["last"]) else texts
    wanted = [simplified(w) for w in _words(fields.get("contains"))]
    unwanted = [simplified(w) for w in _words(fields.get("not_contains"))]
    has = any(all(w in t for w in wanted) for t in looked)
    bad = [w for w in unwanted if any(w in t for t in looked)]
    if has and not bad:
        return None
    shown = " / ".join(t.replace("\n", " ")[:80] for t in looked[-3:])
    why = f"said {bad}" if has else "not said"
    return f"{why}; {'last' if fields.get('last') else 'last 3'}: «{shown}»"


def _silent(play: Play, fields: dict[str, Any]) -> str | None:
    after = moment(fields["after"]) if fields.get("after") else None
    texts = _received(play, fields["to"], after)
    return None if not texts else f"{len(texts)} sent, first «{texts[0][:60]}»"


RUN: dict[str, Callable[[Play, dict[str, Any]], str | None]] = {
    "ticket": _ticket, "tickets": _tickets, "follower": _follower, "emergency": _emergency,
    "emergencies": _emergencies, "booking": _booking, "bookings": _bookings,
    "letter": _letter, "letters": _letters, "vote": _vote, "checkin": _checkin,
    "paused": _paused, "not_paused": _not_paused, "event": _event,
    "team_request": _team_request, "team": _team, "name": _name, "said": _said, "silent": _silent,
}
