"""我手上还有哪些单子没弄完 / 现在有没有新的报修: a staff member asking for the list in words,
answered as /tickets (我的 / 未接单) would be."""

from __future__ import annotations

import re

from actions.core.context import Context
from actions.core.registry import answer_rule
from actions.tickets.lifecycle import staff_communities
from actions.tickets.staff import list_tickets
from nlu import normalize

ASKS_LIST = re.compile(r"(?:哪些|几个|几|多少|什么|啥)(?:个)?(?:单|工单|报修|求助)|"
                       r"有没有(?:新的?)?(?:单|工单|报修|求助)|(?:单子|工单|报修单)(?:有哪些|还有|"
                       r"列一下|看一下|看看)|(?:看看|看一下|列一下)(?:单子|工单|报修)")
MINE = re.compile(r"我(?:手上|手里|接的|负责的|的单)")
NEW = re.compile(r"新的?|没人接|未接|待受理")
LONGEST = 30


@answer_rule
def staff_asks_list(ctx: Context) -> bool:
    """The staff member's tickets (我手上), the new ones (新的 / 没人接), or all open ones."""
    text = normalize(ctx.text)
    if ctx.danger is not None or ctx.state.get("form") or len(text) > LONGEST \
            or not ASKS_LIST.search(text) or "我报" in text:
        return False
    if not staff_communities(ctx.session, ctx.person):
        return False
    ctx.args = " ".join(word for word, pattern in (("我的", MINE), ("未接单", NEW))
                        if pattern.search(text))
    list_tickets(ctx)
    return True
