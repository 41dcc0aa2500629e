"""A contact's own words under 请选一下具体情况: after 已确认平安, 她在楼下 tells how it ended,
as pressing an outcome would; it is not a letter or a new request.

Only for family and neighbours (staff have the buttons and the note form), only right under the
outcome buttons while the round is open, and only statements about the elder (她 / 我妈 / 在楼下):
a question (她电话多少) or anything else is a topic of its own.
"""

from __future__ import annotations

import re

from actions.checkins.asked import OF_ELDER
from actions.checkins.escalation import (
    OUTCOME_PRIORITY,
    outcome_in_words,
    outcome_keyboard,
    record_outcome,
)
from actions.core.args import fetch
from actions.core.context import Context, Tick
from actions.core.registry import answer_rule
from actions.db.checkins import OPEN_ESCALATION, CheckinRound

LONGEST = 60
QUESTION = re.compile(r"吗|嗎|？|\?|多少|几|幾|哪|怎么|怎麼|什么|什麼|谁|誰|呢\s*$")
OFFERED = "/ci_outcome:"


@answer_rule
def outcome_typed(ctx: Context) -> bool:
    """Words about her under the outcome question: the outcome they tell (平安 when they say
    she is fine, else 其他) with the words as its note."""
    text = ctx.text.strip()
    if ctx.danger is not None or ctx.state.get("form") or len(text) > LONGEST:
        return False
    asked = _offered(ctx)  # before the roles: most turns have no outcome buttons (no query)
    if asked is None or ctx.person.roles:  # staff record outcomes with the buttons and note form
        return False
    row = _open(ctx, asked)
    if row is None:
        return False
    if QUESTION.search(text) or ctx.intent.startswith("query_"):
        return False  # 她电话多少: a question of its own, not how it ended
    safe = re.search(ctx.t("says_checkin_safe"), text) is not None
    told = outcome_told(ctx, text)  # 在医院呢 今天住院了: how it ended, without naming her
    if not (safe or told or OF_ELDER.search(text)):
        if ctx.intent not in ("affirm", "deny"):
            return False
        # 对 / 好的: no outcome in it; the question again, its buttons kept for the next words
        ctx.reply("checkin_ask_outcome", buttons=outcome_keyboard(ctx, row.id))
        return True
    ctx.args = f"{row.id}:{told or outcome_in_words(ctx, text, 'safe' if safe else 'other')}"
    record_outcome(ctx)
    return True


def outcome_told(tick: Tick, text: str) -> str | None:
    """The outcome words tell anywhere in them, the most serious first (找到了 送医院了:
    已就医; 联系上了 手机静音了 没事: 平安); None when they tell none."""
    for code in OUTCOME_PRIORITY:
        key = f"says_checkin_outcome_{code}"
        if tick.texts.has(key) and re.search(tick.t(key), text):
            return code
    return None


def _offered(ctx: Context) -> str | None:
    """The id of the round whose outcome buttons were the last offered here, if one was."""
    ids = {str(b[1])[len(OFFERED):].split(":")[0] for row in ctx.state.get("buttons", [])
           for b in row if str(b[1]).startswith(OFFERED)}
    return ids.pop() if len(ids) == 1 else None


def _open(ctx: Context, round_id: str) -> CheckinRound | None:
    """That round, while still open."""
    row = fetch(ctx.session, CheckinRound, round_id)
    return row if row is not None and row.status in OPEN_ESCALATION else None
