"""Staff move one date of an event (周五的讲座改到下周一上午九点半 / 讲座推迟到下周五了 时间不变):
after a confirming press the date moves, the places taken stay, and everyone signed up or
waiting is told the new time (and reminded again the day before it).

A one-off event moves itself. One date of a repeating event becomes an event of its own on the
new day, and the places move to it, so the other weeks stay as they were."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlalchemy import select

from actions.community.common import parse_when, when_text, whole_message
from actions.community.event_lookup import named_occurrence
from actions.community.events_staff import may_run
from actions.core.args import record_id
from actions.core.context import Context
from actions.core.errors import Refused
from actions.core.people import audit
from actions.core.registry import answer_rule, on
from actions.core.texts import Button
from actions.db.community_life import Event, EventOccurrence, EventSignup
from nlu import normalize

MOVED = re.compile(r"(?:改到|改在|改成|推迟到|推到|延期到|延到|顺延到|提前到|挪到|换到|调到|"
                   r"改期到)")
ASKING = re.compile(r"吗|么|[？?]|能不能|可不可以|行不行")
STAFF_ROLES = ("admin", "grid_worker", "grid_leader", "team_leader")
STAMP = "%Y%m%d%H%M"


def _is_staff(ctx: Context) -> bool:
    return ctx.person.community_id is not None and any(
        r.role in STAFF_ROLES for r in ctx.person.roles)


@answer_rule(when=_is_staff)
def moved_in_words(ctx: Context) -> bool:
    """Staff write that a coming date moves: offer the move (one press)."""
    text = normalize(ctx.text)
    move = MOVED.search(text)
    if move is None or ASKING.search(text):
        return False
    occurrence = _named_before(ctx, move.start())
    if occurrence is None or not may_run(ctx, occurrence.event):
        return False
    moment = _new_moment(ctx, whole_message(ctx)[move.end():], occurrence)
    if moment is None or moment <= ctx.now or moment == occurrence.starts_at:
        return False
    ctx.state.pop("later", None)  # 时间不变 / 通知一下报名的人: part of the move
    people = _signed_up(ctx, occurrence)
    ctx.reply("events_move_confirm", title=occurrence.event.title, count=len(people),
              when=when_text(occurrence.starts_at, ctx.settings.tz),
              to=when_text(moment, ctx.settings.tz),
              buttons=[[Button(ctx.t("button_event_move"),
                               f"/event_move:{occurrence.id}:{moment.strftime(STAMP)}"),
                        Button(ctx.t("button_event_move_keep"), "/event_move_keep")]])
    return True


def _named_before(ctx: Context, end: int) -> EventOccurrence | None:
    """The occurrence the words before the move word name (周五的讲座), not the new day."""
    whole = ctx.parse
    ctx.parse = dict(whole, text=ctx.text[:end], entities=[
        e for e in whole.get("entities", []) if int(e.get("start", 0)) < end])
    try:
        return named_occurrence(ctx)
    finally:
        ctx.parse = whole


def _new_moment(ctx: Context, said: str, occurrence: EventOccurrence) -> datetime | None:
    """下周一上午九点半; 下周五 (时间不变): the day said at the old time of day."""
    found = parse_when(said, today=ctx.today, tz=ctx.settings.tz)
    if found is not None:
        return found
    local = occurrence.starts_at.astimezone(ctx.settings.tz)
    return parse_when(f"{said} {local.hour}:{local.minute:02d}", today=ctx.today,
                      tz=ctx.settings.tz)


def _signed_up(ctx: Context, occurrence: EventOccurrence) -> list[EventSignup]:
    return list(ctx.session.scalars(select(EventSignup).where(
        EventSignup.occurrence_id == occurrence.id, EventSignup.status != "cancelled")))


@on("event_move")
def move(ctx: Context) -> None:
    """Confirmed: the date moves with its places; everyone signed up or waiting is told."""
    occurrence, moment = _pressed(ctx)
    old = when_text(occurrence.starts_at, ctx.settings.tz)
    people = _signed_up(ctx, occurrence)
    moved = _moved_occurrence(ctx, occurrence, moment)
    for signup in people:
        signup.occurrence_id = moved.id
        signup.reminded_at = None  # reminded again the day before the new date
    values: dict[str, Any] = {"title": moved.event.title, "when": old,
                              "to": when_text(moment, ctx.settings.tz)}
    for signup in people:
        ctx.notify_person(signup.person, ctx.t("events_moved", place=moved.event.place,
                                               **values))
    audit(ctx.session, actor_id=ctx.person.id, community_id=moved.event.community_id,
          now=ctx.now, action="event_date_move", target=f"event_occurrence:{moved.id}",
          detail={"told": len(people)})
    ctx.reply("events_moved_done", count=len(people), **values)


def _pressed(ctx: Context) -> tuple[EventOccurrence, datetime]:
    raw_id, _, stamp = ctx.args.partition(":")
    occurrence_id = record_id(raw_id)
    occurrence = ctx.session.get(EventOccurrence, occurrence_id) if occurrence_id else None
    try:
        moment = datetime.strptime(stamp, STAMP).replace(tzinfo=ctx.settings.tz)
    except ValueError:
        occurrence = None
    if occurrence is None or occurrence.event.community_id != ctx.person.community_id \
            or occurrence.cancelled or occurrence.starts_at <= ctx.now or moment <= ctx.now:
        raise Refused(ctx.t("stale_button"))
    if not may_run(ctx, occurrence.event):
        raise Refused(ctx.t("events_staff_only"))
    return occurrence, moment


def _moved_occurrence(ctx: Context, occurrence: EventOccurrence,
                      moment: datetime) -> EventOccurrence:
    """A one-off event moves itself; a repeating one's date becomes a one-off of its own."""
    event = occurrence.event
    if not event.rrule:
        event.starts_at = occurrence.starts_at = moment
        ctx.session.flush()
        return occurrence
    occurrence.cancelled = True
    single = Event(community_id=event.community_id, title=event.title, place=event.place,
                   starts_at=moment, duration_minutes=event.duration_minutes,
                   capacity=event.capacity, min_age=event.min_age, team=event.team,
                   helper_minutes=event.helper_minutes, note=event.note,
                   created_by=ctx.person.id, created_at=ctx.now)
    ctx.session.add(single)
    ctx.session.flush()
    made = EventOccurrence(event_id=single.id, starts_at=moment)
    ctx.session.add(made)
    ctx.session.flush()
    return made


@on("event_move_keep")
def keep(ctx: Context) -> None:
    """Not moved after all."""
    ctx.reply("events_move_kept")
