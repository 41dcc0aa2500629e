"""修好了 / 还没好 typed after other questions came in between: a late answer to 修好了吗.

The 修好了吗 buttons count as typed words only while they are the last offered; once a check-in
or another reply came after them, 灯修好了 would read as a question about one's tickets. When the
person has exactly one ticket waiting for that answer (or the words name its facility), the
words answer it, as pressing the button would.
"""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from actions.core.context import Context
from actions.core.people import find_building
from actions.core.registry import answer_rule
from actions.db.tickets import Ticket
from actions.tickets.config import config
from actions.tickets.repairs import at_home
from actions.tickets.resident import fixed, looks_back, not_fixed
from nlu import normalize

LONGEST = 20  # a late answer is short; a longer message is a request of its own
TAKES = {"query_report", "report_repair", "affirm", "deny", "thank", "nlu_fallback",
         "request_help", "checkin_ok"}


@answer_rule
def late_followup(ctx: Context) -> bool:
    """Words that say fixed / not fixed answer the one 修好了吗 still waiting for them."""
    text = normalize(ctx.text)
    if ctx.danger is not None or ctx.state.get("form") or len(text) > LONGEST \
            or ctx.intent not in TAKES or _offered_followup(ctx) or _checkin_waits(ctx):
        return False
    answer = _answer(ctx, text)
    if answer is None:
        return False
    ticket = _waiting(ctx, text)
    named = ctx.entity("facility") or ctx.entity("service")
    if ticket is None or (named is not None and named != ticket.category):
        return False  # 电梯又坏了 with the lamp's 修好了吗 waiting: a new report
    ctx.args = str(ticket.id)
    (fixed if answer else not_fixed)(ctx)
    return True


# 上回报的楼道灯又不亮了 / 水管又漏了 刚修的: the same thing broken again soon after the fix
AGAIN = re.compile(r"又(?:坏|不|漏|堵|没|停|出|开始|响|滴|冒|掉|松)|上回|上次|上一次|刚修|修过")


@answer_rule
def broke_again(ctx: Context) -> bool:
    """A facility fixed for this reporter lately, said to be broken again: that ticket is
    reopened, back to the one who fixed it, not reported anew."""
    named = ctx.entity("facility")
    if ctx.danger is not None or ctx.state.get("form") or ctx.intent != "report_repair" \
            or named is None or not AGAIN.search(normalize(ctx.text)):
        return False
    window = timedelta(days=config(ctx).reopen_days)
    ticket = ctx.session.scalar(select(Ticket).where(
        Ticket.reporter_id == ctx.person.id, Ticket.category == named,
        Ticket.status.in_(("resolved", "closed")), Ticket.resolved_at >= ctx.now - window)
        .order_by(Ticket.resolved_at.desc()).limit(1))
    if ticket is None or looks_back(ctx):  # 上回下水道那个单子还能查到吗: a look-up
        return ticket is not None
    if _elsewhere(ctx, ticket):  # 我家厨房的下水道又堵了, after the one in the stairwell
        return False
    ctx.args = str(ticket.id)
    not_fixed(ctx)
    return True


def _elsewhere(ctx: Context, ticket: Ticket) -> bool:
    """The words place the thing elsewhere than the fixed ticket was: at home after one in the
    stairwell, or in another building or unit."""
    if at_home(normalize(ctx.text)) and ticket.household_id is None:
        return True
    building, unit = ctx.entity("building"), ctx.entity("unit")
    if building is not None and ticket.building_id is not None:
        found = find_building(ctx.session, community_id=ticket.community_id, number=building)
        if found is None or found.id != ticket.building_id:
            return True
    return unit is not None and ticket.unit is not None and unit != ticket.unit


def _checkin_waits(ctx: Context) -> bool:
    """我挺好 灯也修好了 while tonight's check-in waits: the check-in takes the message, and
    its lamp part comes back here alone (actions.core.dialogue's aside)."""
    return ctx.intent == "checkin_ok" and ctx.state.get("context") == "checkin"


def _answer(ctx: Context, text: str) -> bool | None:
    """True: fixed; False: not fixed; None: neither said plainly."""
    if re.search(ctx.t("says_ticket_late_not_fixed"), text):
        return False
    if re.search(ctx.t("says_ticket_late_fixed"), text):
        return True
    return None


def _offered_followup(ctx: Context) -> bool:
    """The 修好了吗 buttons are the ones offered now: the typed-button reading has them."""
    return any("/t_fixed:" in str(b) for row in ctx.state.get("buttons", []) for b in row)


def _waiting(ctx: Context, text: str) -> Ticket | None:
    """The person's resolved ticket waiting for 修好了吗: the only one, or the one named."""
    rows = list(ctx.session.scalars(select(Ticket).where(
        Ticket.reporter_id == ctx.person.id, Ticket.status == "resolved")))
    if len(rows) == 1:
        return rows[0]
    named = [t for t in rows if t.category and t.category in text]
    return named[0] if len(named) == 1 else None
