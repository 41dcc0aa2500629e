"""灯修好了 门还是关不上: one message answering 修好了吗 for two tickets, part by part.

The typed words press one offered button (the longest match: 还是关不上, the 门禁's 还没好), so
the lamp's answer would be lost, or worse, a 门禁修好了 灯还是不亮 would reopen the door. Each
part that names one of the person's tickets waiting for 修好了吗 answers that ticket.
"""

from __future__ import annotations

import re

from sqlalchemy import select

from actions.core.context import Context
from actions.db.tickets import Ticket
from actions.tickets.config import config
from nlu import normalize

PARTS = re.compile(r"[，,。；;！!？?\s]+|还有|另外|但是|可是|不过")


def answers_by_part(ctx: Context) -> list[tuple[Ticket, bool]]:
    """(ticket, fixed) for each part that names a waiting ticket and says fixed or not; empty
    unless the words answer two tickets or name another than the one pressed."""
    waiting = list(ctx.session.scalars(select(Ticket).where(
        Ticket.reporter_id == ctx.person.id, Ticket.status == "resolved").order_by(Ticket.id)))
    if len(waiting) < 2 or not ctx.text:
        return []
    found: dict[int, tuple[Ticket, bool]] = {}
    for part in PARTS.split(normalize(ctx.text)):
        ticket = _named(ctx, part, waiting)
        answer = _answer(ctx, part, ticket) if ticket is not None else None
        if ticket is not None and answer is not None:
            found[ticket.id] = (ticket, answer)
    return list(found.values())


def _named(ctx: Context, part: str, waiting: list[Ticket]) -> Ticket | None:
    """The one waiting ticket the part names: by its category, its words (灯), its characters."""
    def score(ticket: Ticket) -> int:
        words = config(ctx).words.get(ticket.kind, {}).get(ticket.category, [])
        if ticket.category in part:
            return 3
        if any(word in part for word in words):
            return 2
        return 1 if any(ch in part for ch in ticket.category) else 0
    scored = sorted(((score(t), t) for t in waiting), key=lambda st: -st[0])
    if scored[0][0] == 0 or scored[1][0] == scored[0][0]:
        return None
    return scored[0][1]


def _answer(ctx: Context, part: str, ticket: Ticket) -> bool | None:
    """True: fixed; False: not; None: the part says neither (the longest words win)."""
    best, length = None, 0
    for key, value in ((f"says_ticket_not_fixed_{ticket.kind}", False),
                       (f"says_ticket_fixed_{ticket.kind}", True)):
        for match in re.finditer(ctx.t(key), part):
            if len(match.group(0)) > length:
                best, length = value, len(match.group(0))
    return best
