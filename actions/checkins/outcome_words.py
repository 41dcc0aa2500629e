"""A contact's own words under 请选一下具体情况: after 已确认平安, 她在楼下 / 对 tell how it
ended, as pressing an outcome would; they are not a letter or a new request.

Only right under the outcome buttons (a contact after 已确认平安, staff after 记录结果), only
while the round is open, and only words about the elder (她 / 我妈 / 在楼下) or, after 已确认平安,
a plain yes: anything else is a topic of its own.
"""

from __future__ import annotations

import re

from actions.checkins.asked import OF_ELDER
from actions.checkins.escalation import outcome_in_words, record_outcome
from actions.core.args import fetch
from actions.core.context import Context
from actions.core.registry import answer_rule
from actions.db.checkins import OPEN_ESCALATION, CheckinRound

LONGEST = 60
OFFERED = "/ci_outcome:"


@answer_rule
def outcome_typed(ctx: Context) -> bool:
    """Words about her under the outcome question: the outcome (平安 after 已确认平安, unless
    they say otherwise) with the words as its note."""
    text = ctx.text.strip()
    if ctx.danger is not None or ctx.state.get("form") or len(text) > LONGEST:
        return False
    row = _asked(ctx)
    if row is None:
        return False
    plain_yes = ctx.intent == "affirm" and row.status == "confirmed"
    safe = re.search(ctx.t("says_checkin_safe"), text) is not None
    if not (plain_yes or safe or OF_ELDER.search(text)):
        return False
    code = outcome_in_words(ctx, text, "safe" if plain_yes or safe else "other")
    ctx.args = f"{row.id}:{code}"
    if plain_yes:
        ctx.parse["text"] = ""  # a bare yes is no note: the note is asked for
    record_outcome(ctx)
    return True


def _asked(ctx: Context) -> CheckinRound | None:
    """The round whose outcome buttons were the last offered here, still open."""
    ids = {str(b[1])[len(OFFERED):].split(":")[0] for row in ctx.state.get("buttons", [])
           for b in row if str(b[1]).startswith(OFFERED)}
    if len(ids) != 1:
        return None
    row = fetch(ctx.session, CheckinRound, ids.pop())
    return row if row is not None and row.status in OPEN_ESCALATION else None
