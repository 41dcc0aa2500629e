"""Signing up for an event in words (给我报个讲座, 我和老伴都去, 第一个) or by the 报名 button,
with the capacity and the waiting list minded."""

from __future__ import annotations

import re
from datetime import timedelta
from difflib import SequenceMatcher
from typing import Any

from sqlalchemy import select

from actions.community.common import cn_numbers, community_of, when_text
from actions.community.event_family import HELPING, for_whom, joined_for
from actions.community.event_lookup import (
    FAR_AHEAD,
    FILLER,
    matching_title,
    named,
    one_per_event,
    recalled_event,
    remember_event,
    said_past,
    upcoming,
)
from actions.community.event_places import eligible, sign_up, waiting_position
from actions.community.events import MINE, listing
from actions.community.notices_asked import recent_notices
from actions.core.args import fetch
from actions.core.context import Context
from actions.core.errors import Refused
from actions.core.registry import HANDLERS, answer_rule, on
from actions.core.texts import Button, keyboard_from_json
from actions.db.community import Resident
from actions.db.community_life import EventOccurrence, EventSignup
from nlu import normalize

JOIN_ASKED = "events_join_asked"  # state: when this chat last asked to join an event (see
# events_follow: 那防诈骗讲座呢, next, asks the same for that one)
MAX_SEATS = 4
# 我报了哪些活动 / 我报名的那些 / 我参加了什么: my own sign-ups, not the listing
ASKING = re.compile(r"哪些|哪几|什么|啥|吗|没有|几个|多少")
# 讲座还剩几个名额 / 还有位置吗: asking about the places
PLACES_ASKED = re.compile(r"(?:还剩|剩下?|还有)(?:几个|多少|几)(?:个)?(?:名额|位置|空位|座)?|"
                          r"(?:名额|位置|空位)(?:还有|够|满了)?(?:吗|没|不)")
WHERE_WHEN = re.compile(r"在哪|哪儿|哪里|几楼|哪个屋|几点|什么时候|啥时候|哪天|几号|来着")


@on("join_event")
def join_event(ctx: Context) -> None:
    """Sign up for the event the message names, or offer the coming ones."""
    text = normalize(ctx.text)
    if MINE.search(text) and (ASKING.search(text) or WHERE_WHEN.search(text)):
        HANDLERS["my_events"](ctx)  # 我报了哪些 / 我报的那个书法班在几楼: my sign-ups, where
        return
    if PLACES_ASKED.search(text) and not SIGNING_UP.search(text):
        HANDLERS["query_events"](ctx)  # 讲座还剩几个名额: a question, not a sign-up
        return
    offered = _offered_join(ctx)
    if offered is not None:  # 那给我报一个 / 帮我妈报个名, under a listing or an event's card
        join_occurrence(ctx, offered, 1, for_whom(ctx))
        return
    found, title = named(ctx)
    recalled = None if title or ctx.entity("date") else recalled_event(ctx)
    if recalled is not None:  # 我还是去吧 再给我报上, just after cancelling it: that one again
        join_occurrence(ctx, recalled, 1, for_whom(ctx))
        return
    noticed = None if title or ctx.entity("date") else _noticed(ctx)
    if noticed is not None:  # 我想去 怎么报名, after a notice of the lecture: the lecture
        join_occurrence(ctx, noticed, int(seats_said(normalize(ctx.text))), for_whom(ctx))
        return
    wanted = _wanted_not_refused(ctx, title) if title else None
    if wanted is not None:  # 生日会我去不了 年龄不够 那书法班呢 给我报个: the second one
        found, title = upcoming(ctx, None, FAR_AHEAD), wanted
    several = _severalnamed(ctx) if title else []
    if len(several) > 1:  # 讲座和包饺子都给我报上
        for occurrence in several:
            try:
                join_occurrence(ctx, occurrence, 1, for_whom(ctx))
            except Refused as refused:
                ctx.say(refused.render(ctx.texts))
        return
    if not title and not (ctx.entity("date") and len(one_per_event(found)) == 1):
        if said_past(ctx):  # 防诈骗讲座我还能报吗, the day after it was held
            return
        if not found:
            ctx.reply("events_none")
            return
        listing(ctx, found, "events_pick")
        return
    title = title or found[0].event.title  # 26号给我报个名: the one event that day
    occurrence = next(o for o in found if o.event.title == title)
    if HELPING.search(normalize(ctx.text)) and occurrence.event.team in {
            r.team for r in ctx.person.roles if r.role == "volunteer"}:
        ctx.args = str(occurrence.id)  # 包饺子那天我去帮忙: a volunteer of the team helps
        HANDLERS["ev_help"](ctx)
        return
    seats = int(ctx.entity("count") or seats_said(normalize(ctx.text)))
    join_occurrence(ctx, occurrence, max(1, min(seats, MAX_SEATS)), for_whom(ctx))



NOTICE_FRESH = timedelta(days=3)


def _noticed(ctx: Context) -> EventOccurrence | None:
    """The one coming event the latest fresh notice to this person names (a notice naming
    several names none)."""
    ahead = one_per_event(upcoming(ctx, None, FAR_AHEAD))
    for notice in recent_notices(ctx, NOTICE_FRESH):
        text = normalize(notice.text)
        hits = [o for o in ahead if _common(o.event.title, text) >= min(3, len(o.event.title))]
        if hits:
            return hits[0] if len(hits) == 1 else None
    return None


NOT_THIS = re.compile(r"不了|不够|不成|不去|不能|没法|报不上|去不")
# 我也报插花: joining words with an event's name, the NLU unsure (a title it never saw)
JOINING = re.compile(r"报名|报个|报一个|给我报|我也报|我报|报上|参加|算我|我也去|我去|"
                     r"占(?:个|一个)?(?:位|座|名额)|留(?:个|一个)?(?:位|座|名额)")
UNSURE = ("nlu_fallback", "out_of_scope")
# 饺子那个活动 冬至那天 给我占个位: read as asking about the event it names (the words that
# ask for a place were too unsure alone), a place asked for in so many words
HOLD_PLACE = re.compile(r"(?:给|帮|替)我.{0,2}(?:占|留|报)|算我一个|我要报名|我报名")
SIGNING_UP = re.compile(r"报名|报一下|报个|报一个|报上|[给帮替].{0,2}报")


@answer_rule
def joining_a_named_event(ctx: Context) -> bool:
    """我也报插花, read as nothing sure (or as a help request: 帮我妈报一下那个手机课): joining
    the coming event it names."""
    text = normalize(ctx.text)
    if ctx.person.community_id is None or NOT_THIS.search(text):
        return False
    said = JOINING.search(text) if ctx.intent in UNSURE else \
        HOLD_PLACE.search(text) if ctx.intent == "query_events" else None
    unsure = said and not ASKING.search(text) and named(ctx)[1]
    # 帮我妈报一下那个手机课: a place in the class, not a help request for 手机教学
    as_help = ctx.intent == "request_help" and SIGNING_UP.search(text) \
        and named(ctx, strict=True)[1]
    if not (unsure or as_help):
        return False
    ctx.parse["intent"] = {"name": "join_event", "confidence": 1.0}
    join_event(ctx)
    return True


def _wanted_not_refused(ctx: Context, title: str) -> str | None:
    """Words naming two events, the one they first name given up (去不了, 年龄不够): the other
    one, named in a part that is not given up; None when the words are not like that."""
    parts = [p for p in re.split(r"[，,。；;！!？?\s]+", normalize(ctx.text)) if p]
    if len(parts) < 2:
        return None
    ahead = upcoming(ctx, None, FAR_AHEAD)
    others = {o.event.title for o in ahead if o.event.title != title}
    refused = any(_common(title.replace("80", "八十"), p) >= 2 or _common(title, p) >= 2
                  for p in parts if NOT_THIS.search(p))
    kept = {t for t in others for p in parts if not NOT_THIS.search(p) and _common(t, p) >= 2}
    return next(iter(kept)) if refused and len(kept) == 1 else None


SEATS = re.compile(r"([1-4一二两三四])\s*(?:个人|个|位|口人|口|张|份)")
TWO = re.compile(r"(?:我|俺)(?:和|跟|带|同)(?:老伴|老头|老太|爱人|老婆|老公|媳妇|孙子|孙女|外孙)"
                 r"|老两口")


def seats_said(text: str) -> int:
    """两个人 / 我和老伴 / 一家三口: the places asked for (1 when the words give none)."""
    found = SEATS.search(text)
    if found:
        return int(cn_numbers(found.group(1).replace("两", "二")))
    we = WE_FEW.search(text)
    if we:  # 我们仨都去: three; 我带俩邻居: three with me
        return {"俩": 2, "仨": 3}[we.group(2)] + (1 if we.group(1) == "带" else 0)
    return 2 if TWO.search(text) else 1


WE_FEW = re.compile(r"(我们|咱们|咱|俺们|我们家|带)(俩|仨)")


def _severalnamed(ctx: Context) -> list[EventOccurrence]:
    """讲座和包饺子都给我报上: the next occurrence of each event named, when the words join
    two or more (和 / 跟 / 、 / 还有)."""
    text = normalize(ctx.text)
    if not re.search(r"[和跟、]|还有", text):
        return []
    ahead = one_per_event(upcoming(ctx, None, FAR_AHEAD))
    return [o for o in ahead if _common(o.event.title, text) >= 2]


def _common(title: str, text: str) -> int:
    """The longest piece of the title in the text that is not filler alone."""
    match = SequenceMatcher(None, title, text).find_longest_match()
    piece = title[match.a: match.a + match.size]
    return match.size if set(piece) - FILLER else 0


ORDINAL = re.compile(r"第\s*([一二三四五六七八1-8])\s*(?:个|项|条|场)")


def offered_ids(ctx: Context) -> list[str]:
    """The occurrences of the 报名 buttons offered last, in the order shown."""
    return [b.data.partition(":")[2] for row in keyboard_from_json(ctx.state.get("buttons")
                                                                   or [])
            for b in row if b.data.startswith("/ev_join:")]


def _offered_join(ctx: Context) -> EventOccurrence | None:
    """The occurrence the words pick among the 报名 buttons offered last: the only one, the
    one counted (第一个), or the one on the day said (周五那个), when the words name no event
    themselves."""
    offered = offered_ids(ctx)
    if not offered or matching_title(ctx, upcoming(ctx, ahead=FAR_AHEAD)):
        return None
    counted = ORDINAL.search(normalize(ctx.text)) or ORDINAL.search(ctx.text)
    if counted:
        index = "一二三四五六七八".find(counted.group(1))
        index = index if index >= 0 else int(counted.group(1)) - 1
        raw = offered[index] if index < len(offered) else None
    elif len(offered) > 1:
        return offered_on_day(ctx, offered)
    else:
        raw = offered[0]
    occurrence = fetch(ctx.session, EventOccurrence, raw) if raw else None
    if occurrence is None or occurrence.event.community_id != community_of(ctx):
        return None
    return occurrence


HALF_DAY = {"上午": range(0, 12), "早上": range(0, 12), "下午": range(12, 18),
            "晚上": range(18, 24)}


def offered_on_day(ctx: Context, offered: list[str]) -> EventOccurrence | None:
    """周五那个 / 下午那个 / 26号的: the one offered occurrence on the day (and half day) said."""
    day, text = ctx.entity("date"), normalize(ctx.text)
    half = next((hours for word, hours in HALF_DAY.items() if word in text), None)
    if day is None and half is None:
        return None
    found = [o for o in (fetch(ctx.session, EventOccurrence, raw) for raw in offered)
             if o is not None and o.event.community_id == community_of(ctx)]
    local = [(o, o.starts_at.astimezone(ctx.settings.tz)) for o in found]
    picked = [o for o, at in local if (day is None or at.date().isoformat() == day)
              and (half is None or at.hour in half)]
    return picked[0] if len(picked) == 1 else None


@on("ev_join")
def join_button(ctx: Context) -> None:
    """The 报名 button under a listing."""
    occurrence = fetch(ctx.session, EventOccurrence, ctx.args)
    if occurrence is None or occurrence.event.community_id != community_of(ctx):
        ctx.reply("stale_button")
        return
    join_occurrence(ctx, occurrence, 1)


def join_occurrence(ctx: Context, occurrence: EventOccurrence, seats: int,
          person: Resident | None = None) -> None:
    event = occurrence.event
    ctx.state[JOIN_ASKED] = ctx.now.isoformat()  # 那防诈骗讲座呢 next: join that one too
    remember_event(ctx, occurrence)
    who = person or ctx.person
    values: dict[str, Any] = {"title": event.title, "place": event.place, "seats": seats,
                              "when": when_text(occurrence.starts_at, ctx.settings.tz)}
    if occurrence.starts_at <= ctx.now or occurrence.cancelled:
        raise Refused(ctx.t("events_past", **values))
    if not eligible(event, who, occurrence.starts_at.astimezone(ctx.settings.tz).date()):
        raise Refused(ctx.t("events_not_eligible", min_age=event.min_age, **values))
    existing = ctx.session.scalar(select(EventSignup.status).where(
        EventSignup.occurrence_id == occurrence.id, EventSignup.person_id == who.id))
    signup = sign_up(ctx.session, occurrence=occurrence, person=who, seats=seats, now=ctx.now)
    if who is not ctx.person:
        joined_for(ctx, who, signup, existing, values)
        return
    cancel_button = [[Button(ctx.t("button_event_cancel"), f"/ev_cancel:{signup.id}",
                             ctx.t("says_event_cancel"))]]
    if existing in ("going", "waiting"):
        ctx.reply("events_already", **values, buttons=cancel_button)
    elif signup.status == "going":  # 我和老伴都去: the places said back
        ctx.reply("events_joined_seats" if signup.seats > 1 else "events_joined", **values,
                  buttons=cancel_button)
    else:
        ctx.reply("events_waiting", position=waiting_position(ctx.session, signup), **values,
                  buttons=cancel_button)


# 那给我排个队吧 / 有人退了告诉我: a place on the waiting list of the event just spoken of
QUEUE = re.compile(r"排(?:个|上|一下|一个)?队|候补|等(?:空位|名额|位置)|"
                   r"有人退.{0,6}(?:叫|告诉|通知|喊)我")


@answer_rule
def queueing_for_it(ctx: Context) -> bool:
    """排个队, just after hearing about an event (full, most likely): its waiting list."""
    text = normalize(ctx.text)
    if ctx.person.community_id is None or not QUEUE.search(text) or ASKING.search(text):
        return False
    occurrence = recalled_event(ctx, again=False)
    if occurrence is None:
        return False
    join_occurrence(ctx, occurrence, 1, for_whom(ctx))
    return True
