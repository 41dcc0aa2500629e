"""Follow-ups about events: right after asking to join one (done, or refused: 80岁生日会 is for
those 80 and over), 那防诈骗讲座呢 carries the same request to the event it names; asked which
one to join, 就那个包饺子的 joins the one it names."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from actions.community.event_family import for_whom
from actions.community.event_join import (
    JOIN_ASKED,
    NOT_THIS,
    join_event,
    join_occurrence,
    offered_ids,
    offered_on_day,
    seats_said,
)
from actions.community.event_lookup import FAR_AHEAD, matching_title, named, upcoming
from actions.community.events import ABOUT_EVENT, PICKING
from actions.core.args import fetch
from actions.core.context import Context
from actions.core.registry import answer_rule
from actions.db.community_life import EventOccurrence
from nlu import normalize

# 那防诈骗讲座呢 / 那讲座行吗: the same request for another event (not where or when it is)
SAME_FOR = re.compile(r"^(?:那|那么|那个|要不|换成|改成|那就)?.{2,14}?(?:呢|行不行|行吗|行不|"
                      r"可以吗|可以不|能报吗|能报不|能去吗|能去不|总行了吧|总可以吧)[吧啊？?。]*$")
FOLLOW_UP = timedelta(minutes=30)


@answer_rule
def same_for_another(ctx: Context) -> bool:
    """Right after asking to join (done or refused), 那防诈骗讲座呢 asks to join that one."""
    asked = ctx.state.pop(JOIN_ASKED, None)
    if not asked or ctx.now - datetime.fromisoformat(asked) > FOLLOW_UP \
            or ctx.intent not in ("query_events", "join_event", "nlu_fallback", "affirm") \
            or not SAME_FOR.match(normalize(ctx.text)) or ABOUT_PLACE_TIME.search(ctx.text):
        return False
    if matching_title(ctx, upcoming(ctx, None, FAR_AHEAD), strict=True) is None \
            and named(ctx)[1] is None:
        return False
    join_event(ctx)
    return True


ABOUT_PLACE_TIME = re.compile(r"在哪|哪儿|哪里|几点|什么时候|啥时候|哪天|几号|多少钱|名额")


@answer_rule
def picked_in_words(ctx: Context) -> bool:
    """Asked which event to join, 就那个包饺子的 names one (even one not in the list shown):
    joining it."""
    asked = ctx.state.pop(PICKING, None)
    if not asked or ctx.now - datetime.fromisoformat(asked) > FOLLOW_UP \
            or ABOUT_EVENT.search(normalize(ctx.text)):
        return False
    if named(ctx)[1] is None:  # 周五那个 / 下午那个: the one shown on that day
        chosen = offered_on_day(ctx, offered_ids(ctx))
        if chosen is None:
            return False
        join_occurrence(ctx, chosen, seats_said(normalize(ctx.text)), for_whom(ctx))
        return True
    join_event(ctx)
    return True


# 剪头发那个我去 / 周五那个算我一个 under a list of events: wanting one of them
SEVERAL = re.compile(r"[和跟、]|还有|都")
PICKS = re.compile(r"我去|要去|想去|我也去|参加|报|算我|给我|我要|就它|就这个|就那个")


@answer_rule
def joined_from_list(ctx: Context) -> bool:
    """Under a list with 报名 buttons, words wanting one of the events shown (by its name, its
    day, or words standing for it: 剪头发 for 义剪) join it, whatever else they were read as."""
    offered = offered_ids(ctx)
    text = normalize(ctx.text)
    if not offered or not PICKS.search(text) or ABOUT_EVENT.search(text) \
            or NOT_THIS.search(text) or SEVERAL.search(text):
        return False  # 讲座和包饺子都给我报上: join_event takes each
    shown = [o for o in (fetch(ctx.session, EventOccurrence, raw) for raw in offered)
             if o is not None and o.event.community_id == ctx.person.community_id]
    title = matching_title(ctx, shown)
    chosen = next((o for o in shown if o.event.title == title), None) if title \
        else offered_on_day(ctx, offered)
    if chosen is None:
        return False
    join_occurrence(ctx, chosen, seats_said(text), for_whom(ctx))
    return True
