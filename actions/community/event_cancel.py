"""Staff call off one date of an event (周五的讲座取消了 通知一下报名的人, or /cancel_event): after
a confirming press, the date is marked cancelled, it leaves the listings and the reminders, and
everyone signed up or waiting is told."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from actions.community.common import community_of, when_text
from actions.community.event_family import for_whom
from actions.community.event_lookup import named_occurrence, short_when
from actions.community.event_places import ensure_occurrences
from actions.community.events_staff import may_run
from actions.core.args import fetch
from actions.core.context import Context
from actions.core.errors import Refused
from actions.core.people import audit
from actions.core.registry import answer_rule, on
from actions.core.texts import Button
from actions.db.community_life import EventOccurrence, EventSignup
from nlu import normalize
from nlu.dates import find_dates

# 讲座取消了 / 书法班这周停一次 / 取消周五的讲座: calling it off, not asking whether it is
CALLED_OFF = re.compile(r"取消|停办|停一次|不办了|不开了|停课|暂停")
ASKING = re.compile(r"吗|么|没有?$|是不是|[？?]")
STAFF_ROLES = ("admin", "grid_worker", "grid_leader", "team_leader")
AHEAD = timedelta(days=31)


@answer_rule
def called_off_in_words(ctx: Context) -> bool:
    """Staff write that a coming event is off: offer to cancel that date (one press)."""
    text = normalize(ctx.text)
    if not CALLED_OFF.search(text) or ASKING.search(text) or ctx.person.community_id is None \
            or not any(r.role in STAFF_ROLES for r in ctx.person.roles):
        return False
    occurrence = named_occurrence(ctx)
    if occurrence is None or not may_run(ctx, occurrence.event) or _mine(ctx, occurrence) \
            or for_whom(ctx) is not ctx.person:  # 钱淑珍的生日会给她取消了: her place only
        return False
    # 讲座取消了 通知一下报名的人: telling them is part of calling it off, not a request of its own
    later = ctx.state.get("later") or []
    ctx.state["later"] = [part for part in later if not TELL.search(str(part.get("text", "")))]
    _confirm(ctx, occurrence)
    return True


TELL = re.compile(r"通知|告诉|说一声|发个?消息")


def _mine(ctx: Context, occurrence: EventOccurrence) -> bool:
    """Staff signed up themselves: 讲座我去不了 取消吧 is their own place."""
    return ctx.session.scalar(select(EventSignup.id).where(
        EventSignup.occurrence_id == occurrence.id, EventSignup.person_id == ctx.person.id,
        EventSignup.status != "cancelled")) is not None


@on("cancel_event_date")
def pick(ctx: Context) -> None:
    """/cancel_event_date: the coming dates this person runs, one button each."""
    cid = community_of(ctx)
    if ctx.args.isdecimal():
        occurrence = _occurrence(ctx, ctx.args)
        _confirm(ctx, occurrence)
        return
    coming = [o for o in ensure_occurrences(ctx.session, community_id=cid, start=ctx.now,
                                            end=ctx.now + AHEAD, tz=ctx.settings.tz)
              if may_run(ctx, o.event)]
    if not coming:
        raise Refused(ctx.t("events_staff_only"))
    named = _named_in_args(ctx, coming)
    if len(named) == 1:
        _confirm(ctx, named[0])
        return
    rows = [[Button(ctx.t("button_event_call_off_pick", title=o.event.title,
                          when=short_when(ctx, o)), f"/cancel_event_date:{o.id}")]
            for o in (named or coming)[:10]]
    unmatched = ctx.args.strip() and not named
    ctx.reply("events_call_off_not_found" if unmatched else "events_call_off_pick",
              words=ctx.args.strip(), buttons=rows)


def _named_in_args(ctx: Context, coming: list[EventOccurrence]) -> list[EventOccurrence]:
    """/cancel_event_date 书法班 11月24日 (or 周二的书法班, 明天的讲座): the coming dates whose
    title and day the words name; a title alone names each of its dates, a day alone each
    event that day."""
    words = normalize(ctx.args).strip()
    if not words:
        return []
    found = find_dates(words, ctx.today, past=False)
    days = {d for m in found for d in m.days}
    rest = words
    for match in found:
        rest = rest.replace(words[match.start:match.end], " ")
    rest = re.sub(r"[的那次场一期取消停]", " ", rest)
    tokens = [t for t in rest.split() if len(t) >= 2]
    tz = ctx.settings.tz
    return [o for o in coming
            if (not days or o.starts_at.astimezone(tz).date() in days)
            and (not tokens or _titled(o.event.title, tokens))
            and (days or tokens)]


def _titled(title: str, tokens: list[str]) -> bool:
    """Whether one of the words is in the event's title, or the title in one of them."""
    name = normalize(title)
    return any(t in name or name in t for t in tokens)


def _occurrence(ctx: Context, raw: str) -> EventOccurrence:
    occurrence = fetch(ctx.session, EventOccurrence, raw)
    if occurrence is None or occurrence.event.community_id != ctx.person.community_id \
            or occurrence.cancelled or occurrence.starts_at <= ctx.now:
        raise Refused(ctx.t("stale_button"))
    if not may_run(ctx, occurrence.event):
        raise Refused(ctx.t("events_staff_only"))
    return occurrence


def _confirm(ctx: Context, occurrence: EventOccurrence) -> None:
    people = _signed_up(ctx, occurrence)
    ctx.reply("events_call_off_confirm", title=occurrence.event.title, count=len(people),
              when=when_text(occurrence.starts_at, ctx.settings.tz),
              buttons=[[Button(ctx.t("button_event_call_off"), f"/event_date_off:{occurrence.id}",
                               ctx.t("says_event_call_off")),
                        Button(ctx.t("button_event_keep"), "/event_date_keep",
                               ctx.t("says_event_keep"))]])


def _signed_up(ctx: Context, occurrence: EventOccurrence) -> list[EventSignup]:
    return list(ctx.session.scalars(select(EventSignup).where(
        EventSignup.occurrence_id == occurrence.id, EventSignup.status != "cancelled")))


@on("event_date_off")
def call_off(ctx: Context) -> None:
    """Confirmed: the date is off; everyone signed up or waiting is told."""
    occurrence = _occurrence(ctx, ctx.args)
    occurrence.cancelled = True
    people = _signed_up(ctx, occurrence)
    values: dict[str, Any] = {"title": occurrence.event.title,
                              "when": when_text(occurrence.starts_at, ctx.settings.tz)}
    for signup in people:
        ctx.notify_person(signup.person, ctx.t("events_called_off", **values))
    audit(ctx.session, actor_id=ctx.person.id, community_id=occurrence.event.community_id,
          now=ctx.now, action="event_date_cancel", target=f"event_occurrence:{occurrence.id}",
          detail={"told": len(people)})
    ctx.reply("events_called_off_done", count=len(people), **values)


@on("event_date_keep")
def keep(ctx: Context) -> None:
    """Not cancelled after all."""
    ctx.reply("events_call_off_kept")
