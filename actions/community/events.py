"""Events (社区活动): what is coming, signing up with capacity and a waiting list, cancelling
(the first waiting resident moves up and is told).

An event may repeat by an RFC 5545 RRULE (dateutil); its dated occurrences are made on demand
when someone looks ahead, and signups hang from an occurrence. Elsewhere: the places themselves
(occurrences, sign-ups, the waiting list) in event_places, staff tools (creating events,
attendance, crediting helpers) in events_staff, my sign-ups and the reminder the day
before in my_events, signing up for family in event_family, the events file in events_file.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from difflib import SequenceMatcher
from typing import Any

from sqlalchemy import select

from actions.community.common import (
    cn_numbers,
    community_of,
    ordinal_words,
    span_said,
    when_text,
    with_event_words,
)
from actions.community.event_family import HELPING, for_whom, joined_for
from actions.community.event_places import (
    eligible,
    ensure_occurrences,
    places_left,
    sign_up,
    waiting_position,
)
from actions.community.events_file import load_events as load_events  # `linli events import`
from actions.core.args import fetch
from actions.core.context import Context
from actions.core.errors import Refused
from actions.core.registry import HANDLERS, answer_rule, on
from actions.core.texts import Button, Keyboard, keyboard_from_json
from actions.db.community import Resident
from actions.db.community_life import EventOccurrence, EventSignup
from nlu import normalize

LOOK_AHEAD = timedelta(days=31)
JOIN_ASKED = "events_join_asked"  # state: when this chat last asked to join an event (see
# events_follow: 那防诈骗讲座呢, next, asks the same for that one)
FAR_AHEAD = timedelta(days=120)  # an event named by its title may be months away (冬至包饺子)
MAX_SEATS = 4
FILLER = set("我要想报名参加去个的那天给留号算一活动吧呢啊了")
# 我报了哪些活动 / 我报名的那些 / 我参加了什么: my own sign-ups, not the listing
ASKING = re.compile(r"哪些|哪几|什么|啥|吗|没有|几个|多少")
MINE = re.compile(r"(?:我(?:妈|爸|母亲|父亲|家老人)?|[她他])(?:都|还)?"
                  r"(?:报了|报的|报过|报上|报名了|报名的|参加了|参加的|约了)|我的报名|"
                  r"^我的活动")


# -- conversation ----------------------------------------------------------------------------

def _upcoming(ctx: Context, day: str | None = None,
              ahead: timedelta = LOOK_AHEAD) -> list[EventOccurrence]:
    cid = community_of(ctx)
    if day:
        start = datetime.combine(date.fromisoformat(day), time(0), tzinfo=ctx.settings.tz)
        return ensure_occurrences(ctx.session, community_id=cid, start=start,
                                  end=start + timedelta(days=1), tz=ctx.settings.tz)
    return ensure_occurrences(ctx.session, community_id=cid, start=ctx.now,
                              end=ctx.now + ahead, tz=ctx.settings.tz)


def _named(ctx: Context, *, strict: bool = False) -> tuple[list[EventOccurrence], str | None]:
    """The coming occurrences (on the day the message names), and the event its words name,
    looked for further ahead when it is not in the coming month."""
    day = ctx.entity("date")
    found = _upcoming(ctx, day)
    title = _matching_title(ctx, found, strict=strict)
    if title is None and not day:
        far = _upcoming(ctx, None, FAR_AHEAD)
        title = _matching_title(ctx, far, strict=strict)
        if title is not None:
            return far, title
    return found, title


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


def _listing(ctx: Context, found: list[EventOccurrence], key: str) -> None:
    shown = _one_per_event(found)[:8]
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
    ctx.reply(key, lines=lines, buttons=rows)


def _one_per_event(found: list[EventOccurrence]) -> list[EventOccurrence]:
    """Weekly classes would crowd the list: show each event's next occurrence."""
    firsts: dict[int, EventOccurrence] = {}
    for occurrence in found:
        firsts.setdefault(occurrence.event_id, occurrence)
    return list(firsts.values())


def title_words(title: str) -> str:
    """Typed words that name an event: its title, or two characters of it in a row that are
    not filler (讲座, 饺子)."""
    pairs = {title[i:i + 2] for i in range(len(title) - 1)}
    words = [title, *sorted(p for p in pairs if set(p) - FILLER)]
    return "|".join(re.escape(w) for w in words)


def short_when(ctx: Context, occurrence: EventOccurrence) -> str:
    local = occurrence.starts_at.astimezone(ctx.settings.tz)
    return f"{local.month}/{local.day}"


def named_occurrence(ctx: Context) -> EventOccurrence | None:
    """The next occurrence of the event the words name (on the day they name), if any."""
    found, title = _named(ctx)
    return next((o for o in found if o.event.title == title), None) if title else None


def names_event(ctx: Context) -> bool:
    """Whether the words name a coming event (我报的那个讲座: an event, not a ticket)."""
    return _named(ctx)[1] is not None


@on("query_events")
def query_events(ctx: Context) -> None:
    """What is coming (on a day, when the message names one); my own sign-ups when asked."""
    if MINE.search(normalize(ctx.text)):
        HANDLERS["my_events"](ctx)
        return
    day = ctx.entity("date")
    found, title = _named(ctx)
    if title:
        found = [o for o in found if o.event.title == title]
        rows = [[Button(ctx.t("button_event_join_day", when=short_when(ctx, o)),
                        f"/ev_join:{o.id}")] for o in found[:3]]
        note = found[0].event.note if found else ""
        if found:
            remember_event(ctx, found[0])
        ctx.reply("events_of_title",
                  lines="\n".join(_line(ctx, o, until=True) for o in found[:5]),
                  note=ctx.t("events_note", note=note) if note else "", buttons=rows)
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
        found = _upcoming(ctx)
    if not found:
        ctx.reply("events_none")
        return
    _listing(ctx, found, "events_list")


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
ABOUT_EVENT = re.compile(r"在哪|哪儿|哪里|几点|什么时候|啥时候|哪天|几号|有课吗|有没有课|"
                         r"名额|还能报|能报吗|要报名吗|开课")
# intents whose reading a question naming an event overrides (a help request for 手机教学)
OVERRIDABLE = {"request_help", "out_of_scope", "faq", "nlu_fallback", "feedback",
               "query_announcements", "query_menu"}


@answer_rule
def asked_about_an_event(ctx: Context) -> bool:
    """A question about a coming event by its name (智能手机课在哪上), read as something else."""
    if ctx.intent not in OVERRIDABLE or not ABOUT_EVENT.search(normalize(ctx.text)) \
            or ctx.person.community_id is None:
        return False
    text = normalize(ctx.text)
    title = _named(ctx, strict=True)[1] or _named(ctx)[1]
    # a short match counts with the kind of event said too (手机 ... 课 for 智能手机课)
    if title is None or (len(title) > 3 and title not in text and title[-1] not in text
                         and not _named(ctx, strict=True)[1]):
        return False
    if ctx.intent == "request_help" and not any(title[i:i + 2] in text
                                                for i in range(len(title) - 1)):
        return False  # 上门理发什么时候能来: the 理发 service asked for, not the 义剪 event
    query_events(ctx)
    return True


def _matching_title(ctx: Context, found: list[EventOccurrence], *,
                    strict: bool = False) -> str | None:
    """The event the message names (包饺子 -> 冬至包饺子, 八十岁生日会 -> 80岁生日会, 理发 ->
    义剪 by data/event_words.yml)."""
    text = with_event_words(ctx, normalize(ctx.text).replace("八十", "80").replace("九十", "90"))
    best, score = None, 0
    for title in {o.event.title for o in found}:
        match = SequenceMatcher(None, title, text).find_longest_match()
        common = title[match.a: match.a + match.size]
        least = min(3 if strict else 2, len(title))  # strict: 3 characters, or the title
        if match.size >= least and set(common) - FILLER and match.size > score:
            best, score = title, match.size
    return best


@on("join_event")
def join_event(ctx: Context) -> None:
    """Sign up for the event the message names, or offer the coming ones."""
    if MINE.search(normalize(ctx.text)) and ASKING.search(ctx.text):  # 我报了哪些
        HANDLERS["my_events"](ctx)
        return
    offered = _offered_join(ctx)
    if offered is not None:  # 那给我报一个 / 我要报第一个, under a listing or an event's card
        _join(ctx, offered, 1)
        return
    found, title = _named(ctx)
    recalled = None if title or ctx.entity("date") else recalled_event(ctx)
    if recalled is not None:  # 我还是去吧 再给我报上, just after cancelling it: that one again
        _join(ctx, recalled, 1, for_whom(ctx))
        return
    wanted = _wanted_not_refused(ctx, title) if title else None
    if wanted is not None:  # 生日会我去不了 年龄不够 那书法班呢 给我报个: the second one
        found, title = _upcoming(ctx, None, FAR_AHEAD), wanted
    several = _several_named(ctx) if title else []
    if len(several) > 1:  # 讲座和包饺子都给我报上
        for occurrence in several:
            try:
                _join(ctx, occurrence, 1, for_whom(ctx))
            except Refused as refused:
                ctx.say(refused.render(ctx.texts))
        return
    if not title and not (ctx.entity("date") and len(_one_per_event(found)) == 1):
        if not found:
            ctx.reply("events_none")
            return
        _listing(ctx, found, "events_pick")
        return
    title = title or found[0].event.title  # 26号给我报个名: the one event that day
    occurrence = next(o for o in found if o.event.title == title)
    if HELPING.search(normalize(ctx.text)) and occurrence.event.team in {
            r.team for r in ctx.person.roles if r.role == "volunteer"}:
        ctx.args = str(occurrence.id)  # 包饺子那天我去帮忙: a volunteer of the team helps
        HANDLERS["ev_help"](ctx)
        return
    seats = int(ctx.entity("count") or seats_said(normalize(ctx.text)))
    _join(ctx, occurrence, max(1, min(seats, MAX_SEATS)), for_whom(ctx))


LAST_EVENT = "events_last"  # state: the event this chat last spoke of (id, when)
AGAIN = re.compile(r"^那|再|还是|重新|又|刚才|那个|这个")


def remember_event(ctx: Context, occurrence: EventOccurrence) -> None:
    """Keep the occurrence just spoken of, so 再给我报上 a moment later means it."""
    ctx.state[LAST_EVENT] = [occurrence.id, ctx.now.isoformat()]


def recalled_event(ctx: Context, *, again: bool = True) -> EventOccurrence | None:
    """The occurrence spoken of in the last half hour, when the words point back to it (with
    `again`: 再 / 还是 / 那)."""
    last = ctx.state.get(LAST_EVENT)
    if not last or (again and not AGAIN.search(normalize(ctx.text))) \
            or ctx.now - datetime.fromisoformat(last[1]) > timedelta(minutes=30):
        return None
    occurrence = fetch(ctx.session, EventOccurrence, str(last[0]))
    if occurrence is None or occurrence.starts_at <= ctx.now:
        return None
    return occurrence


NOT_THIS = re.compile(r"不了|不够|不成|不去|不能|没法|报不上|去不")


def _wanted_not_refused(ctx: Context, title: str) -> str | None:
    """Words naming two events, the one they first name given up (去不了, 年龄不够): the other
    one, named in a part that is not given up; None when the words are not like that."""
    parts = [p for p in re.split(r"[，,。；;！!？?\s]+", normalize(ctx.text)) if p]
    if len(parts) < 2:
        return None
    ahead = _upcoming(ctx, None, FAR_AHEAD)
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
    return 2 if TWO.search(text) else 1


def _several_named(ctx: Context) -> list[EventOccurrence]:
    """讲座和包饺子都给我报上: the next occurrence of each event named, when the words join
    two or more (和 / 跟 / 、 / 还有)."""
    text = normalize(ctx.text)
    if not re.search(r"[和跟、]|还有", text):
        return []
    ahead = _one_per_event(_upcoming(ctx, None, FAR_AHEAD))
    return [o for o in ahead if _common(o.event.title, text) >= 2]


def _common(title: str, text: str) -> int:
    """The longest piece of the title in the text that is not filler alone."""
    match = SequenceMatcher(None, title, text).find_longest_match()
    piece = title[match.a: match.a + match.size]
    return match.size if set(piece) - FILLER else 0


ORDINAL = re.compile(r"第\s*([一二三四五六七八1-8])\s*(?:个|项|条|场)")


def _offered_join(ctx: Context) -> EventOccurrence | None:
    """The occurrence the words pick among the 报名 buttons offered last: the only one, or the
    one counted (第一个), when the words name no event themselves."""
    offered = [b.data.partition(":")[2] for row in keyboard_from_json(ctx.state.get("buttons")
                                                                      or [])
               for b in row if b.data.startswith("/ev_join:")]
    if not offered or _matching_title(ctx, _upcoming(ctx, ahead=FAR_AHEAD)):
        return None
    counted = ORDINAL.search(normalize(ctx.text)) or ORDINAL.search(ctx.text)
    if counted:
        index = "一二三四五六七八".find(counted.group(1))
        index = index if index >= 0 else int(counted.group(1)) - 1
        raw = offered[index] if index < len(offered) else None
    else:
        raw = offered[0] if len(offered) == 1 else None
    occurrence = fetch(ctx.session, EventOccurrence, raw) if raw else None
    if occurrence is None or occurrence.event.community_id != community_of(ctx):
        return None
    return occurrence


@on("ev_join")
def join_button(ctx: Context) -> None:
    """The 报名 button under a listing."""
    occurrence = fetch(ctx.session, EventOccurrence, ctx.args)
    if occurrence is None or occurrence.event.community_id != community_of(ctx):
        ctx.reply("stale_button")
        return
    _join(ctx, occurrence, 1)


def _join(ctx: Context, occurrence: EventOccurrence, seats: int,
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
    elif signup.status == "going":
        ctx.reply("events_joined", **values, buttons=cancel_button)
    else:
        ctx.reply("events_waiting", position=waiting_position(ctx.session, signup), **values,
                  buttons=cancel_button)
