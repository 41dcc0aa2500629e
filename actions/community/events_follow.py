"""Follow-ups about events: right after asking to join one (done, or refused: 80岁生日会 is for
those 80 and over), 那防诈骗讲座呢 carries the same request to the event it names; asked which
one to join, 就那个包饺子的 joins the one it names."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from actions.community.event_join import JOIN_ASKED, join_event
from actions.community.event_lookup import FAR_AHEAD, matching_title, named, upcoming
from actions.community.events import ABOUT_EVENT, PICKING
from actions.core.context import Context
from actions.core.registry import answer_rule
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
            or ABOUT_EVENT.search(normalize(ctx.text)) or named(ctx)[1] is None:
        return False
    join_event(ctx)
    return True
