"""An event asked about without its name, the one the conversation is about: 几点到啊 right
after signing up for it, 在哪个屋来着 under the day-before reminder, 我报名的那个在哪 /
我妈报的那个几点开始 of one's own (or the elder's) sign-up.

The NLU reads these short questions as anything (a ticket asked after, a greeting, the
community's FAQ); the event they mean is in the dialogue state (the event spoken of last), in
the reminder's buttons, or in the sign-ups.
"""

from __future__ import annotations

import json
import re

from actions.community.event_lookup import names_event, recalled_event
from actions.community.events import MINE, event_card
from actions.community.my_events import coming_signups
from actions.core.args import fetch
from actions.core.context import Context
from actions.core.registry import HANDLERS, answer_rule
from actions.db.community_life import EventOccurrence, EventSignup
from nlu import normalize

# a question about when or where (or how long) an event is
WHEN_WHERE = re.compile(r"在哪|哪儿|哪里|哪个屋|哪间|哪个地方|什么地方|啥地方|几点|什么时候|"
                        r"啥时候|哪天|几号|多久|多长时间|结束|开始")
ASKING = re.compile(r"吗|吧$|么|不$|没$|[？?]")
# ... and not about something else that may be asked the same way (送饭几点到, 师傅几点来)
ELSE = re.compile(r"饭|餐|菜|师傅|修|维修|水|电|暖气|快递|车|医院|药|投票|议事|停")
LONGEST = 16
# requests surely read, which such a question never is
SURE = 0.8
OTHER = {"book_meal", "cancel_meal", "report_repair", "request_help", "cancel_event",
         "join_team", "feedback", "emergency", "pause_checkin", "feel_unwell", "checkin_ok"}
REMINDED = re.compile(r"/ev_(?:coming|cancel):(\d+)")


@answer_rule
def asked_about_that_event(ctx: Context) -> bool:
    """几点到啊 / 在哪啊, naming no event, about the event the chat is on: its card."""
    text = normalize(ctx.text)
    mine = bool(MINE.search(text) or "报名的" in text)  # 我报名的那个在哪: one's own sign-ups
    # 我报的那个是明天吧: a day said, and asked about
    asks = WHEN_WHERE.search(text) or (mine and ctx.entity("date") and ASKING.search(text))
    if ctx.person.community_id is None or ctx.danger is not None or len(text) > LONGEST \
            or not asks or ELSE.search(text) or names_event(ctx):
        return False
    confidence = float(ctx.parse.get("intent", {}).get("confidence", 0.0))
    if ctx.intent in OTHER and confidence >= SURE:
        return False
    if mine:
        return _of_my_signups(ctx)
    occurrence = recalled_event(ctx, again=False) or _reminded(ctx)
    if occurrence is None:
        return False
    event_card(ctx, [occurrence])
    return True


def _of_my_signups(ctx: Context) -> bool:
    """The one coming sign-up's card; several: the list of them (with when and where)."""
    mine = coming_signups(ctx)
    if len(mine) == 1:
        event_card(ctx, [mine[0].occurrence])
    else:
        HANDLERS["my_events"](ctx)
    return True


def _reminded(ctx: Context) -> EventOccurrence | None:
    """The event of the day-before reminder whose buttons are the ones offered now."""
    found = REMINDED.search(json.dumps(ctx.state.get("buttons") or []))
    signup = fetch(ctx.session, EventSignup, found.group(1)) if found else None
    return signup.occurrence if signup is not None else None
