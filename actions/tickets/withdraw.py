"""A resident takes back a request of her own in words (买菜那个不用了 我儿子买回来了 / 不用来修了
我自己弄好了): the open ticket the words describe (or her only one) is closed as withdrawn, and
whoever handles it is told, so nobody goes out for nothing.

The raw words are read first; only a message that says "no longer needed" costs a query.
"""

from __future__ import annotations

import re

from sqlalchemy import select

from actions.core.context import Context
from actions.core.registry import answer_rule
from actions.db.community import Resident
from actions.db.tickets import OPEN_STATUSES, Ticket
from actions.tickets.lifecycle import set_status
from actions.tickets.resident import named_ticket
from actions.tickets.routing import handlers
from actions.tickets.text import what

NO_LONGER = re.compile(r"不用(?:再)?(?:来|來|过来|過來)?(?:修|办|辦|弄|帮|幫|看|麻烦|麻煩)?了|"
                       r"(?:自己|自個|自个)(?:儿|兒)?(?:又|就)?(?:好|亮|通|能用)了|"
                       r"不需要了|不麻烦了|不麻煩了|"
                       r"撤(?:回|销|銷|了|掉)|取消(?:报修|報修|求助)|"
                       r"(?:物业|物業|师傅|師傅|有人|人家)[^，,。 ]{0,4}(?:修好|弄好)了|"
                       r"(?:自己|儿子|兒子|女儿|女兒|闺女|"
                       r"閨女|老伴|邻居|鄰居)[^，,。 ]{0,4}(?:修好|弄好|买回来|買回來|办好|辦好|"
                       r"交了|交好|买了|買了)")
# another thing no longer wanted: a meal, an event, the check-in, an emergency
OTHER_THING = re.compile(r"饭|飯|餐|活动|活動|报名|報名|问候|問候|平安|救护|救護|煤气|煤氣")
SURE_OTHER = 0.9
OTHER_INTENTS = {"book_meal", "cancel_meal", "join_event", "cancel_event", "pause_checkin",
                 "join_team", "feedback", "emergency"}
WITHDRAWN = "居民撤回"


@answer_rule
def withdraw_own(ctx: Context) -> bool:
    """不用了 about an open request of one's own: closed as withdrawn."""
    if ctx.danger is not None or not NO_LONGER.search(ctx.text) or OTHER_THING.search(ctx.text):
        return False
    confidence = float(ctx.parse.get("intent", {}).get("confidence", 0.0))
    if ctx.intent in OTHER_INTENTS and confidence >= SURE_OTHER:
        return False
    own = list(ctx.session.scalars(select(Ticket).where(
        Ticket.reporter_id == ctx.person.id, Ticket.status.in_(OPEN_STATUSES))
        .order_by(Ticket.created_at)))
    ticket = named_ticket(ctx, own) or (own[0] if len(own) == 1 else None)
    if ticket is None:
        return False
    set_status(ctx, ticket, status="closed", actor=ctx.person, reason=WITHDRAWN)
    _tell_handlers(ctx, ticket)
    ctx.reply("ticket_withdrawn", what=what(ticket), number=ticket.number)
    return True


def _tell_handlers(ctx: Context, ticket: Ticket) -> None:
    assignee = ctx.session.get(Resident, ticket.assignee_id) if ticket.assignee_id else None
    people = [assignee] if assignee is not None else handlers(ctx.session, ticket)
    text = ctx.t("ticket_withdrawn_staff", number=ticket.number, what=what(ticket),
                 who=ctx.person.label(), said=ctx.text[:200])
    for person in people:
        if person.id != ctx.person.id:
            ctx.notify_person(person, text)
