"""Announcements asked about later: 停水是哪天来着, 免费体检在哪儿做, 楼道杂物啥时候清理.

The intent query_announcements lists the recent announcements that reached the person, the
ones sharing words with the question first. A question about what a notice said is often read
as something else (体检 as a canteen question, 清理 as an event), so an answer rule takes a
question that shares words with a recent notice unless it is clearly another request.
"""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from actions.community.common import when_text
from actions.community.event_lookup import names_event
from actions.community.events import MINE
from actions.community.my_events import has_coming_signups
from actions.core.context import Context
from actions.core.registry import HANDLERS, answer_rule, on
from actions.db.community_life import Announcement
from actions.db.tickets import OPEN_STATUSES, Ticket
from nlu import normalize

RECENT = timedelta(days=30)
QUESTION = re.compile(r"哪天|几号|几月|什么时候|啥时|啥前儿|几点|在哪|哪儿|哪里|来着|是不是|吗|"
                      r"不$|没$|么|多久|要不要|用不用|咋|怎么|几天")
# words too common to tie a question to a notice
COMMON = {"社区", "小区", "时候", "什么", "哪天", "一下", "通知", "今天", "明天", "我们", "大家",
          "请问", "是哪", "那个", "这个"}
# intents whose handler answers better than a notice could: a question shares words with a
# notice and is still this (请问体检那天食堂开吗 is a canteen question when surely read so)
SURE = 0.8
OVERRIDABLE = {"query_announcements", "faq", "query_events", "out_of_scope", "nlu_fallback",
               "greet", "help", "affirm", "deny", "thank", "query_menu"}


@on("query_announcements")
def announced_to_me(ctx: Context) -> None:
    """停水是哪天来着: the announcements of the last 30 days that reached this person's
    community, grid or building; the ones sharing words with the question first."""
    recent = _recent(ctx)
    question = normalize(ctx.text)
    about_events = MINE.search(question) or names_event(ctx)
    shares = any(_shared(question, a.text) for a in recent)
    if not shares and (about_events or has_coming_signups(ctx)):
        # 我报名的活动是哪天来着 / 下周二几点来着 after signing up: an event, not a notice
        HANDLERS["query_events" if about_events else "my_events"](ctx)
        return
    if not recent:
        ctx.reply("ann_heard_none")
        return
    _answer(ctx, recent)


@answer_rule
def asked_about_a_notice(ctx: Context) -> bool:
    """A question sharing words with a recent notice (免费体检在哪儿做 要空腹不) is answered
    from the notice, unless another request was read surely."""
    text = normalize(ctx.text)
    if ctx.intent == "query_announcements" or not QUESTION.search(text):
        return False
    confidence = float(ctx.parse.get("intent", {}).get("confidence", 0.0))
    after_own = ctx.intent == "query_report"  # 燃气公司哪天上门: a notice's visit, or my repair's
    if ctx.intent not in OVERRIDABLE and confidence >= 0.5 and not after_own:
        return False
    recent = _recent(ctx)
    best = max((_shared(text, a.text) for a in recent), default=0)
    if best < 2 and not (best == 1 and (confidence < SURE or _no_event_named(ctx))):
        return False
    if after_own and (best < STRONG_SHARE and not _facility_announced(ctx, recent)
                      or _has_open_tickets(ctx)):
        return False
    _answer(ctx, recent)
    return True


def _no_event_named(ctx: Context) -> bool:
    """義診是幾號, read surely as an events question, that names no event: the notice's."""
    return ctx.intent == "query_events" and not MINE.search(normalize(ctx.text)) \
        and not names_event(ctx)


def _facility_announced(ctx: Context, recent: list[Announcement]) -> bool:
    """电梯停到啥时候 with no repair of one's own: the facility a recent notice speaks of."""
    facility = ctx.entity("facility")
    if not facility:
        return False
    return any(facility in normalize(a.text) for a in recent)


STRONG_SHARE = 3  # pieces shared with a notice that make it what a 哪天上门 question is about


def _has_open_tickets(ctx: Context) -> bool:
    """Whether the person has a repair or help request in progress (then 哪天上门 is about it)."""
    return ctx.session.scalar(select(Ticket.id).where(
        Ticket.reporter_id == ctx.person.id,
        Ticket.status.in_((*OPEN_STATUSES, "resolved"))).limit(1)) is not None


def recent_notices(ctx: Context, within: timedelta) -> list[Announcement]:
    """The notices that reached this person within the time given, the latest first."""
    return [a for a in _recent(ctx) if a.send_at >= ctx.now - within]


def _recent(ctx: Context) -> list[Announcement]:
    if ctx.person.community_id is None:
        return []
    return [a for a in ctx.session.scalars(select(Announcement).where(
        Announcement.community_id == ctx.person.community_id, Announcement.status == "sent",
        Announcement.send_at >= ctx.now - RECENT)
        .order_by(Announcement.send_at.desc())) if _reached(ctx, a)]


# 停水是哪天 几点开始: a bare question after it (no subject of its own) asks the same notice
BARE_FOLLOW_UP = re.compile(r"^(?:那|还有|另外)?(?:几点|什么时候|啥时候?|哪天|几号|在哪儿?|在哪里|"
                            r"到几点|多久|多长时间|要多久)(?:开始|结束|恢复|来|停|到|啊|呢|呀)*"
                            r"[？?。！!]*$")


def _same_notice_later(ctx: Context) -> None:
    """The message's later parts that are bare questions are answered by this notice."""
    later = ctx.state.get("later") or []
    kept = [p for p in later if not BARE_FOLLOW_UP.match(normalize(str(p.get("text", "")))
                                                         .strip())]
    if len(kept) != len(later):
        ctx.state["later"] = kept


def _answer(ctx: Context, recent: list[Announcement]) -> None:
    _same_notice_later(ctx)
    question = normalize(ctx.text)
    recent.sort(key=lambda a: -_shared(question, a.text))
    lines = [ctx.t("ann_heard_line", when=when_text(a.send_at, ctx.settings.tz),
                   text=_dated(ctx, a)) for a in recent[:3]]
    ctx.reply("ann_heard", lines="\n".join(lines))


RELATIVE_DAY = re.compile(r"(?<![0-9月号日])(今天|今日|明天|明日|后天)(?!（)")
DAYS_AFTER = {"今天": 0, "今日": 0, "明天": 1, "明日": 1, "后天": 2}


def _dated(ctx: Context, announcement: Announcement) -> str:
    """明天停水, read days later: 明天（11月19日）, from the day it was sent."""
    sent = announcement.send_at.astimezone(ctx.settings.tz).date()

    def dated(match: re.Match[str]) -> str:
        day = sent + timedelta(days=DAYS_AFTER[match.group(1)])
        return f"{match.group(1)}（{day.month}月{day.day}日）"

    return RELATIVE_DAY.sub(dated, announcement.text)


def _reached(ctx: Context, announcement: Announcement) -> bool:
    household = ctx.person.household
    building = household.unit.building if household is not None else None
    if announcement.scope == "building":
        return building is not None and building.id == announcement.building_id
    if announcement.scope == "grid":
        return building is not None and building.grid_id == announcement.grid_id
    return True


def _shared(question: str, text: str) -> int:
    """How many two-character pieces of the question the announcement contains (common
    words aside)."""
    pieces = {question[i:i + 2] for i in range(len(question) - 1)} - COMMON
    return sum(p in normalize(text) for p in pieces if not re.search(r"[\s\d，。？?！!]", p))
