"""Events (社区活动): what is coming (this week, in December, the lecture's card) and a question
about a coming event by its name.

An event may repeat by an RFC 5545 RRULE (dateutil); its dated occurrences are made on demand
when someone looks ahead, and signups hang from an occurrence. Elsewhere: finding the event
words name in event_lookup, signing up in event_join, the places themselves (occurrences,
sign-ups, the waiting list) in event_places, staff tools (creating events, attendance,
crediting helpers) in events_staff, my sign-ups and the reminder the day before in my_events,
signing up for family in event_family, the events file in events_file.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from actions.community.common import (
    cn_numbers,
    community_of,
    ordinal_words,
    span_said,
    when_text,
)
from actions.community.event_lookup import (
    may_name_event,
    named,
    one_per_event,
    remember_event,
    said_cancelled,
    said_past,
    short_when,
    title_words,
    upcoming,
)
from actions.community.event_places import ensure_occurrences, places_left
from actions.community.events_file import load_events as load_events  # `linli events import`
from actions.core.context import Context
from actions.core.registry import HANDLERS, answer_rule, on
from actions.core.texts import Button, Keyboard
from actions.db.community_life import EventOccurrence
from nlu import normalize

MINE = re.compile(r"(?:我(?:妈|爸|母亲|父亲|家老人)?|[她他])(?:都|还)?"
                  r"(?:报了|报的|报过|报上|报名了|报名的|参加了|参加的|约了)|我的报名|"
                  r"^我的活动")


def _line(ctx: Context, occurrence: EventOccurrence, *, until: bool = False) -> str:
    event = occurrence.event
    left = places_left(ctx.session, occurrence)
    room = "" if left is None else (ctx.t("events_line_full") if left <= 0
                                    else ctx.t("events_line_places", left=left))
    who = ctx.t("events_line_min_age", min_age=event.min_age) if event.min_age else ""
    when = when_text(occurrence.starts_at, ctx.settings.tz)
    if until:  # an event's own card says when it ends too (讲座几点结束)
        end = (occurrence.starts_at + timedelta(minutes=event.duration_minutes)).astimezone(
            ctx.settings.tz)
        when = ctx.t("events_when_until", when=when, end=f"{end.hour}:{end.minute:02d}")
    return ctx.t("events_line", when=when, title=event.title, place=event.place, room=room,
                 who=who)


def listing(ctx: Context, found: list[EventOccurrence], key: str) -> None:
    shown = one_per_event(found)[:8]
    lines = "\n".join(_line(ctx, o) for o in shown)
    picking = key == "events_pick"  # the question is which one: typing a title answers it
    rows: Keyboard = [[Button(ctx.t("button_event_join", title=o.event.title,
                                    when=short_when(ctx, o)), f"/ev_join:{o.id}",
                              "|".join(filter(None, [title_words(o.event.title) if picking
                                                     else "", ordinal_words(i)])))]
                      for i, o in enumerate(shown)]
    teams = {r.team for r in ctx.person.roles if r.role == "volunteer"}
    rows += [[Button(ctx.t("button_event_help", title=o.event.title, when=short_when(ctx, o)),
                     f"/ev_help:{o.id}")]
             for o in shown if o.event.team in teams]
    rows.append([Button(ctx.t("button_my_events"), "/my_events")])
    if picking:  # 就那个包饺子的, an event further ahead than the list: see events_follow
        ctx.state[PICKING] = ctx.now.isoformat()
    ctx.reply(key, lines=lines, buttons=rows)


PICKING = "events_picking"  # state: when this chat was last asked which event to join


@on("query_events")
def query_events(ctx: Context) -> None:
    """What is coming (on a day, when the message names one); my own sign-ups when asked."""
    if MINE.search(normalize(ctx.text)):
        HANDLERS["my_events"](ctx)
        return
    day = ctx.entity("date")
    found, title = named(ctx)
    if title:
        event_card(ctx, [o for o in found if o.event.title == title])
        return
    if said_past(ctx) or said_cancelled(ctx):  # 讲座是哪天, held or called off
        return
    month = MONTH.search(normalize(ctx.text))
    span = None if day else span_said(ctx)
    if month and not day:  # 12月有什么活动: that month's
        found = _in_month(ctx, int(cn_numbers(month.group(1))))
    elif span is not None:  # 下礼拜 / 这周末 / 下个月有啥活动: those days'
        found = ensure_occurrences(ctx.session, community_id=community_of(ctx),
                                   start=max(span[0], ctx.now), end=span[1], tz=ctx.settings.tz)
        day = "span" if not found else None  # none then: say so, then what is coming
    if not found and day:  # 周六没有: say so, then what is coming
        ctx.reply("events_none_on_day")
        found = upcoming(ctx)
    if not found:
        ctx.reply("events_none")
        return
    if day and day != "span" and len(one_per_event(found)) == 1 \
            and ABOUT_EVENT.search(normalize(ctx.text)):
        event_card(ctx, found)  # 周五上午那个活动几点结束: the one event that day, its card
        return
    listing(ctx, found, "events_list")


def event_card(ctx: Context, found: list[EventOccurrence]) -> None:
    """One event's card: its coming dates (when it starts and ends, where, places left), its
    note, a join button for each of the first three."""
    rows = [[Button(ctx.t("button_event_join_day", when=short_when(ctx, o)),
                    f"/ev_join:{o.id}")] for o in found[:3]]
    note = found[0].event.note if found else ""
    if found:
        remember_event(ctx, found[0])
    ctx.reply("events_of_title", lines="\n".join(_line(ctx, o, until=True) for o in found[:5]),
              note=ctx.t("events_note", note=note) if note else "", buttons=rows)


MONTH = re.compile(r"(1[0-2]|[1-9]|十[一二]|[一二三四五六七八九十])\s*月(?:份)?"
                   r"(?![0-9一二三四五六七八九十]|底|初|中)")


def _in_month(ctx: Context, month: int) -> list[EventOccurrence]:
    """The occurrences in a month named (this year's, or next year's when it is past)."""
    if not 1 <= month <= 12:
        return []
    year = ctx.today.year + (month < ctx.today.month)
    start = datetime.combine(date(year, month, 1), time(0), tzinfo=ctx.settings.tz)
    end = datetime.combine(date(year + month // 12, month % 12 + 1, 1), time(0),
                           tzinfo=ctx.settings.tz)
    return ensure_occurrences(ctx.session, community_id=community_of(ctx), start=max(start,
                              ctx.now), end=end, tz=ctx.settings.tz)


# a question about an event's time, place or places (教用手机的课在哪上, 有课吗)
ABOUT_EVENT = re.compile(r"在哪|哪儿|哪里|几楼|哪个屋|哪屋|几点|什么时候|啥时候|哪天|几号|"
                         r"有课吗|有没有课|"
                         r"名额|还能报|能报吗|要报名吗|开课|位置|空位|人多|满了|满没|"
                         r"多大岁数|多少岁|几岁|年龄|岁数|要带|带什么|带啥|带东西|收费|收钱|"
                         r"要钱|花钱")
# intents whose reading a question naming an event overrides (a help request for 手机教学)
OVERRIDABLE = {"request_help", "out_of_scope", "faq", "nlu_fallback", "feedback",
               "query_announcements", "query_menu"}


@answer_rule
def asked_about_an_event(ctx: Context) -> bool:
    """A question about a coming event by its name (智能手机课在哪上), read as something else."""
    if ctx.intent not in OVERRIDABLE or not ABOUT_EVENT.search(normalize(ctx.text)) \
            or ctx.person.community_id is None or not may_name_event(ctx):
        return False  # 垃圾几点收: no event's title in it, no dates looked up
    text = normalize(ctx.text)
    title = named(ctx, strict=True)[1] or named(ctx)[1]
    # a short match counts with the kind of event said too (手机 ... 课 for 智能手机课)
    if title is None or (len(title) > 3 and title not in text and title[-1] not in text
                         and not named(ctx, strict=True)[1]):
        return False
    if ctx.intent == "request_help" and not any(title[i:i + 2] in text
                                                for i in range(len(title) - 1)):
        return False  # 上门理发什么时候能来: the 理发 service asked for, not the 义剪 event
    query_events(ctx)
    return True
