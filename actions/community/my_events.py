"""A resident's own sign-ups: /my_events with cancel buttons, cancelling in words
(包饺子那个我去不了了; whoever moves up from the waiting list is told), and the reminder the
day before."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import select

from actions.community.common import when_text, with_event_words
from actions.community.event_family import for_whom
from actions.community.event_lookup import (
    FAR_AHEAD,
    names_event,
    recalled_event,
    remember_event,
    short_when,
    title_words,
    upcoming,
)
from actions.community.event_places import cancel, promote, waiting_position
from actions.community.events import query_events
from actions.core.args import fetch
from actions.core.context import Context, Tick
from actions.core.registry import ANSWER_RULES, answer_rule, job, on
from actions.core.safety import speaking
from actions.core.state import offer_buttons
from actions.core.texts import Button
from actions.db.community_life import EventOccurrence, EventSignup
from nlu import normalize


def coming_signups(ctx: Context) -> list[EventSignup]:
    """The coming sign-ups of the writer, or of the elder a family member speaks of (我妈)."""
    return list(ctx.session.scalars(
        select(EventSignup).join(EventOccurrence)
        .where(EventSignup.person_id == for_whom(ctx).id, EventSignup.status != "cancelled",
               EventOccurrence.cancelled.is_(False), EventOccurrence.starts_at > ctx.now)
        .order_by(EventOccurrence.starts_at)))


def has_coming_signups(ctx: Context) -> bool:
    """Whether the writer (or the elder a family member speaks of) is signed up for anything."""
    return bool(coming_signups(ctx))


# 我报上了吗 right after a sign-up's card (its cancel button is still offered): that sign-up
SIGNED_UP = re.compile(r"报上了?[吗没嘛]|报好了?[吗没嘛]|报成了?[吗没嘛]|报名成功了?[吗没嘛]")


# 我排第几了 / 还要等多久: the waiting list, for someone on it
PLACE_IN_LINE = re.compile(r"排第几|排到第?几|第几位|第几个|排到了?[吗没]|排上了?[吗没]|还要等|"
                           r"轮到我|候补")


@answer_rule
def did_i_sign_up(ctx: Context) -> bool:
    """我报上了吗, asked under an event's card, is about the event (not a repair report);
    我排第几了, from someone waiting, is about her place in line."""
    text = normalize(ctx.text)
    offered = json.dumps(ctx.state.get("buttons") or [])
    asks = (SIGNED_UP.search(text) and ("/ev_" in offered or recalled_event(ctx, again=False))) \
        or (
        PLACE_IN_LINE.search(text) and any(s.status == "waiting" for s in coming_signups(ctx)))
    if not asks:
        return False
    _listing(ctx, cancelling=False)
    return True


@on("my_events")
def my_events(ctx: Context) -> None:
    """/my_events: my coming signups, each with a cancel button."""
    _listing(ctx, cancelling=False)


def _listing(ctx: Context, *, cancelling: bool) -> None:
    """My coming signups with cancel buttons; when the question is which to cancel, typing a
    title presses its button."""
    mine = coming_signups(ctx)
    whom = for_whom(ctx)
    other = whom is not ctx.person
    if not mine:
        ctx.reply("events_mine_none_for" if other else "events_mine_none", name=whom.label())
        return
    lines = [ctx.t("events_mine_line", when=when_text(s.occurrence.starts_at, ctx.settings.tz),
                   title=s.occurrence.event.title, place=s.occurrence.event.place,
                   status=ctx.t("events_status_waiting",
                                position=waiting_position(ctx.session, s))
                   if s.status == "waiting" else ctx.t("events_status_going")) for s in mine]
    rows = [[Button(ctx.t("button_event_cancel_one", title=s.occurrence.event.title,
                          when=short_when(ctx, s.occurrence)), f"/ev_cancel:{s.id}",
                    title_words(s.occurrence.event.title) if cancelling else "")]
            for s in mine]
    ctx.reply("events_mine_for" if other else "events_mine", lines="\n".join(lines),
              buttons=rows, name=whom.label())


# 算了不去了 没意思, read as a bare no: with a sign-up coming and nothing asked, giving it up
GIVING_UP = re.compile(r"不去了|去不了|去不成|不想去|不参加了|不想参加|不报了|不凑热闹了|"
                       r"(?:就|也|还是|我|俺)不(?:包|去|来|参加|凑|听|学|剪|过)了|"
                       r"(?:[帮给替](?:我|她|他|俺)?|给?我?)(?:退|撤)(?:了|掉|下|一下)")
# intents a message giving up a named sign-up is often read as (饺子就不包了: 包饺子, joining)
NAMING_INTENTS = ("join_event", "query_events", "book_meal", "cancel_meal")
# 生日会去不了 那书法班呢 给我报个: giving one up to join another
STILL_JOINING = re.compile(r"[给帮]我报|报上|报个|算我|我要报|想报")
# 换成书法班 / 改报包饺子: what comes before is given up, what follows is wanted (event_change)
SWAP = re.compile(r"换成|改成|换到|改到|改报|换报|改去|换去|换个|换一个")
# 改到下礼拜二 / 下回再去: the same event's next date
LATER = re.compile(r"下(?:个|一个)?(?:礼拜|星期|周|次|回)|下一次|下一回|改天|往后挪")


@answer_rule
def giving_up(ctx: Context) -> bool:
    """不去了 with nothing asked and a sign-up coming is cancelling it (one: that one; several:
    my list to pick from), never a 好的，不办了 that leaves the place taken; 冬至那天有事
    饺子就不包了, read as joining, gives up the sign-up it names."""
    if ctx.state.get("buttons") or not GIVING_UP.search(normalize(ctx.text)):
        return False
    if ctx.intent in NAMING_INTENTS:
        text = normalize(ctx.text)
        said = with_event_words(ctx, text)  # 剪头发那个不去了: 义剪
        if STILL_JOINING.search(text) or not any(names_title(said, s.occurrence.event.title)
                                                 for s in coming_signups(ctx)):
            return False
    elif ctx.intent not in ("deny", "nlu_fallback", "out_of_scope") or not coming_signups(ctx):
        return False
    cancel_in_words(ctx)
    return True


# 好的 一定去, typed after the reminder the day before (nothing said since): see you tomorrow
WILL_COME = re.compile(r"一定去|肯定去|准时|会去|去的|按时|记住了|知道了|记着呢|忘不了|好的|好嘞|"
                       r"收到|谢谢|没问题|明天见")


@answer_rule
def reminder_answered(ctx: Context) -> bool:
    """An answer to the day-before reminder (the last thing this chat got): 明天见."""
    if ctx.intent not in ("affirm", "thank", "checkin_ok", "join_event", "nlu_fallback") \
            or ctx.state.get("buttons") or ctx.state.get("context") \
            or not WILL_COME.search(normalize(ctx.text)) or GIVING_UP.search(normalize(ctx.text)):
        return False
    last = ctx.state.get("last_seen")
    reminded = [s for s in coming_signups(ctx) if s.reminded_at is not None and s.status == "going"
                and (last is None or _aware(s.reminded_at) > _aware(datetime.fromisoformat(last)))]
    if not reminded:
        return False
    occurrence = reminded[0].occurrence
    ctx.reply("events_see_you", title=occurrence.event.title, place=occurrence.event.place,
              when=when_text(occurrence.starts_at, ctx.settings.tz))
    return True


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@on("cancel_event")
def cancel_in_words(ctx: Context) -> None:
    """包饺子那个我去不了了: the one coming signup the words name is cancelled; else my list."""
    mine = coming_signups(ctx)
    if CHECKING.search(normalize(ctx.text)) and not GIVING_UP_ANY.search(normalize(ctx.text)):
        my_events(ctx)  # 我报的讲座是明天吧: checking a sign-up, not giving it up
        return
    if not mine and QUESTION.search(normalize(ctx.text)) and names_event(ctx):
        query_events(ctx)  # 生日会我家老太太能去不: a question about it, nothing to cancel
        return
    said = with_event_words(ctx, normalize(ctx.text))  # 写毛笔字那个: 书法班
    named = [s for s in mine if names_title(said, s.occurrence.event.title)]
    if (not named and len(mine) == 1 and not names_event(ctx)) or EVERY.search(
            normalize(ctx.text)):
        named = mine  # 取消报名 with one sign-up coming (not 讲座去不了 for another); 都取消吧
    if len(named) == 1 and named[0].seats > 1 and FEWER.search(normalize(ctx.text)):
        _fewer(ctx, named[0])  # 我老伴去不了了 改成一个人吧: the sign-up stays, one place less
        return
    if named and (len(named) == 1 or EVERY.search(normalize(ctx.text)) or SEVERAL.search(
            normalize(ctx.text))):
        for signup in named:
            cancel_signup(ctx, signup)
    else:
        _listing(ctx, cancelling=True)


QUESTION = re.compile(r"吗|能去不|行不|可以不|[？?]$|能不能|可不可以")
CHECKING = re.compile(r"吧[？?]?$|是不是|对吧|对不对|几点|哪天|几号|什么时候|啥时候|在哪|是明天|"
                      r"是今天|是后天")
GIVING_UP_ANY = re.compile(r"取消|不去|去不|退|不参加|不报|撤|算了|不想|有事|不了|不成|不要|别|"
                           r"不用")
EVERY = re.compile(r"都取消|全部取消|全取消|全都取消|都不去了|全都不去|都退了|统统|都去不了|"
                   r"全部退")
SEVERAL = re.compile(r"[和跟、]|还有")


FEWER = re.compile(r"改成一个人|改成一位|就我一个|只我一个|我一个人去|就我自己去|只去一个|少一个|"
                   r"少一位|(?:老伴|老头|老太|爱人|老婆|老公|媳妇|孙子|孙女|外孙|他|她)[^ 我]{0,3}"
                   r"(?:去不了|去不成|不去|来不了|不来)")
ALONE = re.compile(r"一个人|一位|就我|只我|我自己")


def _fewer(ctx: Context, signup: EventSignup) -> None:
    occurrence = signup.occurrence
    signup.seats = 1 if ALONE.search(normalize(ctx.text)) else signup.seats - 1
    ctx.session.flush()
    _tell_moved_up(ctx, occurrence, promote(ctx.session, occurrence=occurrence))
    ctx.reply("events_fewer_seats", title=occurrence.event.title, seats=signup.seats)


def names_title(text: str, title: str) -> bool:
    """Whether the words name the event: its title, or two characters of it in a row."""
    return title in text or any(title[i:i + 2] in text for i in range(len(title) - 1))


@on("ev_cancel")
def cancel_button(ctx: Context) -> None:
    """Cancel my own signup; whoever moves up from the waiting list is told."""
    signup = fetch(ctx.session, EventSignup, ctx.args)
    if signup is None or signup.status == "cancelled" or signup.person_id not in (
            ctx.person.id, getattr(speaking(ctx).about, "id", None)):
        ctx.reply("events_nothing_to_cancel")
        return
    if _names_another(ctx, signup) or (ctx.text and (SWAP.search(ctx.text) or LATER.search(
            ctx.text))):  # 包饺子那天去不了 书法班给我报上 / 改到下礼拜二, typed under 取消报名
        ctx.parse["explicit"] = False  # the words read as words first: a swap, another's
        ctx.args = ""
        if any(rule(ctx) for rule in ANSWER_RULES):
            return
        if not _names_own(ctx, signup) and _names_another(ctx, signup):
            cancel_in_words(ctx)  # another sign-up named: that one
            return
    if signup.seats > 1 and FEWER.search(normalize(ctx.text)):  # typed beside the button
        _fewer(ctx, signup)
        return
    cancel_signup(ctx, signup)


def _names_another(ctx: Context, signup: EventSignup) -> bool:
    """Typed words that name a coming event other than the one of the button they pressed."""
    if not ctx.text:
        return False
    said = with_event_words(ctx, normalize(ctx.text))
    return any(names_title(said, o.event.title) for o in upcoming(ctx, None, FAR_AHEAD)
               if o.event_id != signup.occurrence.event_id)


def _names_own(ctx: Context, signup: EventSignup) -> bool:
    return names_title(with_event_words(ctx, normalize(ctx.text)), signup.occurrence.event.title)


def cancel_signup(ctx: Context, signup: EventSignup) -> None:
    occurrence = signup.occurrence
    remember_event(ctx, occurrence)  # 我还是去吧 再给我报上, a moment later
    _tell_moved_up(ctx, occurrence, cancel(ctx.session, signup=signup))
    ctx.reply("events_cancelled", title=occurrence.event.title)


def _tell_moved_up(ctx: Context, occurrence: EventOccurrence, moved: list[EventSignup]) -> None:
    for signup in moved:
        ctx.notify_person(signup.person, ctx.t(
            "events_moved_up", title=occurrence.event.title, place=occurrence.event.place,
            when=when_text(occurrence.starts_at, ctx.settings.tz)))


REMIND_AT = time(10, 0)  # community time, the day before


@job("event_reminders")
def remind(tick: Tick) -> None:
    """From 10:00 the day before, remind everyone going (once: reminded_at and a dedupe key)."""
    moment = datetime.combine(tick.today, REMIND_AT, tzinfo=tick.settings.tz)
    if tick.local_now < moment:
        return
    tomorrow = datetime.combine(tick.today + timedelta(days=1), time(0), tzinfo=tick.settings.tz)
    due = tick.session.scalars(
        select(EventSignup).join(EventOccurrence)
        .where(EventSignup.status == "going", EventSignup.reminded_at.is_(None),
               EventSignup.queued_at < moment, EventOccurrence.cancelled.is_(False),
               EventOccurrence.starts_at >= tomorrow,
               EventOccurrence.starts_at < tomorrow + timedelta(days=1)))
    for signup in due:
        occurrence = signup.occurrence
        signup.reminded_at = tick.now
        buttons = [[Button(tick.t("button_event_coming"), f"/ev_coming:{signup.id}",
                           tick.t("says_event_coming")),
                    Button(tick.t("button_event_cancel"), f"/ev_cancel:{signup.id}",
                           tick.t("says_event_cancel"))]]
        if tick.notify_person(signup.person, tick.t(
                "events_reminder", title=occurrence.event.title, place=occurrence.event.place,
                when=when_text(occurrence.starts_at, tick.settings.tz)), buttons=buttons,
                dedupe_key=f"event-remind:{occurrence.id}:{signup.person_id}"):
            offer_buttons(tick.session, signup.person, buttons, tick.now)  # 好的 一定去 typed


@on("ev_coming")
def coming(ctx: Context) -> None:
    """一定去, pressed or typed under the reminder: see you tomorrow."""
    signup = fetch(ctx.session, EventSignup, ctx.args)
    if signup is None or signup.status == "cancelled" or signup.person_id != ctx.person.id:
        ctx.reply("events_nothing_to_cancel")
        return
    occurrence = signup.occurrence
    ctx.reply("events_see_you", title=occurrence.event.title, place=occurrence.event.place,
              when=when_text(occurrence.starts_at, ctx.settings.tz))
