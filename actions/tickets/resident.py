"""The resident's side of a ticket after reporting: "我报的修怎么样了", "修好了吗？" (修好了 /
还没好, reopening within 30 days) and the 1-5 satisfaction score.

A resident sees only the tickets they reported or follow (PIPL); a number they do not own reads
exactly like a number that does not exist.
"""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import or_, select

from actions.community.event_lookup import names_event
from actions.community.events import query_events
from actions.core.args import fetch
from actions.core.context import Context
from actions.core.errors import Invalid
from actions.core.people import has_role
from actions.core.registry import handle_as, on
from actions.core.texts import Button
from actions.core.understanding import said_button
from actions.db.community import Resident
from actions.db.tickets import OPEN_STATUSES, Ticket, TicketEvent, TicketFollower
from actions.mailbox_asked import asked_after_a_named_letter
from actions.tickets.config import config
from actions.tickets.credit import credit_resolver
from actions.tickets.followup_parts import answers_by_part
from actions.tickets.lifecycle import STAFF_ROLES, followup_buttons, set_status
from actions.tickets.lookups import find_by_number, followers, involves, normalize_number
from actions.tickets.routing import route
from actions.tickets.text import ago_text, history_text, status_label, what
from nlu import normalize

LIST_LIMIT = 10
SAID_LENGTH = 40  # of the description shown back
RECENT = timedelta(days=30)  # a finished ticket asked about by its description
# two characters that say nothing of which ticket is meant (我报的 / 修了没 / 怎么样了)
COMMON_PAIRS = {"我报", "报的", "报修", "修了", "了没", "怎么", "么样", "样了", "的事", "事呢",
                "那个", "那换", "有人", "人来", "来修", "修好", "好了", "了吗", "什么", "时候",
                "进度", "我的", "上次", "那件", "件事", "一下", "帮我", "我家", "家里", "问问"}


# words that ask after a request already made, whatever it names (交电费那个办了没有, 催一下)
ASKS_AFTER = re.compile(r"办了没|办了吗|办好了没|好了没|修了没|修了吗|交了没|交了吗|弄了没|"
                        r"怎么样了|咋样了|怎样了|啥时候来|什么时候来|哪天来|咋还不来|怎么还不来|"
                        r"有人管|有人接|人呢|催一下|催催|催一催|帮我催|进度|有信儿|有结果|"
                        r"到哪一步|排上了")


# ... and words that may also report something new (楼道灯坏了三天了还没修): a look-up only when
# they describe one of the person's own tickets (厨房漏水那个谁来修啊)
ASKS_AFTER_NAMED = re.compile(r"谁来修|谁来弄|谁来看|谁管|还没修|还没来|还不来|还没人|咋还没|"
                              r"怎么还没|啥时候修|什么时候修|几时修|几时来|快点修|能不能快点")


# 上回那个单子还能查到吗 / 上次是谁来修的: a look back at a ticket of one's own, however old
LOOKS_BACK = re.compile(r"查[到得]|查一下|查查|能查|单子|记录|谁(?:来|给)?修的|哪天修的|"
                        r"什么时候修的|啥时候修的|修没修")


# words that say it was reported before (我报的路灯 / 上回报过): a look-up, whatever is found
REPORTED = re.compile(r"我报|报过|报的|报了|上次|上回|单子|编号|登记过|催|进度")


def unreported(ctx: Context) -> str | None:
    """The facility a question asks after when none of the person's tickets is about it and
    the words do not say it was reported (楼道灯几时能修 黑了一礼拜了): a report to take."""
    named = ctx.entity("facility")
    if named is None or REPORTED.search(normalize(ctx.text)):
        return None
    mine = [*_mine(ctx), *_recently_closed(ctx)]
    if any(t.category == named for t in mine) or named_ticket(ctx, mine) is not None:
        return None  # the words describe one of hers, whatever the NLU named
    return named


def asks_after_own(ctx: Context) -> bool:
    """A message read as a new repair or help request that asks after one of the person's own
    (让帮忙交电费那个办了没有): answered as the look-up it is."""
    text = normalize(ctx.text)
    if looks_back(ctx):
        return True
    if unreported(ctx) is not None:
        return False
    if ASKS_AFTER.search(text) and (_mine(ctx) or _recently_closed(ctx)):
        query_report(ctx)
        return True
    if not ASKS_AFTER_NAMED.search(text):
        return False
    named = named_ticket(ctx, [*_mine(ctx), *_recently_closed(ctx)])
    if named is None:
        return False
    _show_one(ctx, named.number)
    return True


@on("query_report")
def query_report(ctx: Context) -> None:
    """The resident's tickets in progress, or one ticket's history by its number."""
    number = normalize_number(ctx.text or ctx.args)
    if number:
        _show_one(ctx, number)
        return
    facility = unreported(ctx)
    if facility is not None:  # 楼道灯几时能修: never reported, so the report is taken now
        ctx.reply("ticket_not_reported_yet", facility=facility)
        handle_as(ctx, "report_repair")
        return
    tickets = _mine(ctx)
    named = named_ticket(ctx, [*tickets, *_recently_closed(ctx)])
    if named is not None:  # 那换灯泡的事呢 / 漏水那个修了没
        _show_one(ctx, named.number)
        return
    if ctx.person.community_id is not None and names_event(ctx):  # 我报的那个讲座是几点
        query_events(ctx)
        return
    if asked_after_a_named_letter(ctx, ignore=COMMON_PAIRS):  # 东门锁太早的事 有人管了没
        return
    if not tickets:
        ctx.reply("ticket_mine_none")
        return
    if len(tickets) == 1:  # 修的人啥时候来: the one in hand, with who has it
        _show_one(ctx, tickets[0].number)
        return
    lines = [ctx.t("ticket_mine_line", number=t.number, what=what(t),
                   status=status_label(ctx, t), ago=ago_text(ctx, t.created_at))
             for t in tickets[:LIST_LIMIT]]
    ctx.reply("ticket_mine", lines="\n".join(lines))


def looks_back(ctx: Context) -> bool:
    """上回下水道那个单子还能查到吗: the one past ticket of the person's the words name, shown."""
    if not LOOKS_BACK.search(normalize(ctx.text)):
        return False
    named = named_ticket(ctx, list(ctx.session.scalars(select(Ticket).where(
        Ticket.reporter_id == ctx.person.id).order_by(Ticket.created_at))))
    if named is None:
        return False
    _show_one(ctx, named.number)
    return True


def _recently_closed(ctx: Context) -> list[Ticket]:
    return list(ctx.session.scalars(select(Ticket).where(
        Ticket.reporter_id == ctx.person.id, Ticket.status == "closed",
        Ticket.created_at >= ctx.now - RECENT).order_by(Ticket.created_at)))


def named_ticket(ctx: Context, tickets: list[Ticket]) -> Ticket | None:
    """The one ticket the words describe (its category or its description), if any."""
    text = normalize(ctx.text)
    pairs = {text[i:i + 2] for i in range(len(text) - 1)} - COMMON_PAIRS
    if len(tickets) < 1 or not pairs:
        return None
    scored = sorted(((sum(p in f"{t.category} {normalize(t.description)}" for p in pairs), t)
                     for t in tickets), key=lambda st: -st[0])
    best = scored[0][0]
    if best == 0 or (len(scored) > 1 and scored[1][0] == best):
        return None
    return scored[0][1]


def _mine(ctx: Context) -> list[Ticket]:
    """Open and just-resolved tickets the person reported or follows, oldest first."""
    follows = select(TicketFollower.ticket_id).where(TicketFollower.person_id == ctx.person.id)
    query = select(Ticket).where(
        or_(Ticket.reporter_id == ctx.person.id, Ticket.id.in_(follows)),
        Ticket.status.in_((*OPEN_STATUSES, "resolved"))).order_by(Ticket.created_at)
    return list(ctx.session.scalars(query))


def _show_one(ctx: Context, number: str) -> None:
    ticket = find_by_number(ctx.session, number=number)
    staff = ticket is not None and has_role(
        ctx.session, person_id=ctx.person.id, community_id=ticket.community_id,
        roles=STAFF_ROLES)
    if ticket is None or not (staff or involves(ctx.session, ticket, ctx.person)):
        ctx.reply("ticket_mine_unknown", number=number)
        return
    handler = (ctx.session.get(Resident, ticket.assignee_id)
               if ticket.assignee_id and ticket.status in OPEN_STATUSES else None)
    status = status_label(ctx, ticket)
    if handler is not None and handler.name:  # 谁来修啊: who has it
        status = ctx.t("ticket_status_with_handler", status=status, who=handler.name)
    ctx.reply("ticket_mine_one", number=ticket.number, what=what(ticket), status=status,
              said=_said(ctx, ticket), history=history_text(ctx, ticket, for_staff=staff))
    if ticket.status == "resolved" and ticket.reporter_id == ctx.person.id:
        # it waits for her word: 修好了吗 again, so 还是滴水 / 好了 next answers it
        ctx.reply(f"ticket_ask_fixed_{ticket.kind}", what=what(ticket), number=ticket.number,
                  buttons=followup_buttons(ctx, ticket))


def _said(ctx: Context, ticket: Ticket) -> str:
    """The resident's own words for it (换灯泡 under 家政): what she will recognise. Only to
    the one who wrote them: a neighbour following the ticket sees no one else's words."""
    words = (ticket.description or "").strip()
    if not words or words == ticket.category or ticket.reporter_id != ctx.person.id:
        return ""
    cut = words if len(words) <= SAID_LENGTH else words[:SAID_LENGTH] + "…"
    return "\n" + ctx.t("ticket_mine_said", description=cut)  # a line of its own: render strips


def _own(ctx: Context) -> Ticket:
    """The ticket of a follow-up button; only its reporter may answer."""
    raw = ctx.args.split(":")[0]
    ticket = fetch(ctx.session, Ticket, raw)
    if ticket is None or ticket.reporter_id != ctx.person.id:
        raise Invalid(ctx.t("stale_button"))
    return ticket


def _by_part(ctx: Context, pressed: int) -> bool:
    """灯修好了 门还是关不上: each waiting ticket the words name gets its own answer."""
    answers = answers_by_part(ctx)
    if len(answers) < 2 and not (answers and answers[0][0].id != pressed):
        return False
    for ticket, answer in answers:
        ctx.args = str(ticket.id)
        (_fix if answer else _not_fix)(ctx)
    return True


def _looks_up_instead(ctx: Context, number: str) -> bool:
    """Typed words that pressed 修好了 / 还没好 and ask about the past (滴水那个单子谁给修的):
    the look-up they are, with 修好了吗 asked again after it (never a reopen)."""
    if not ctx.text or not LOOKS_BACK.search(normalize(ctx.text)):
        return False
    if not looks_back(ctx):
        _show_one(ctx, number)
    return True


@on("t_fixed")
def fixed(ctx: Context) -> None:
    """修好了: close the ticket and ask for a score."""
    ticket = _own(ctx)
    if not _looks_up_instead(ctx, ticket.number) and not _by_part(ctx, ticket.id):
        _fix(ctx)


def _fix(ctx: Context) -> None:
    ticket = _own(ctx)
    if ticket.status != "resolved":
        ctx.reply("ticket_followup_stale", number=ticket.number, status=status_label(ctx, ticket))
        return
    set_status(ctx, ticket, status="closed", actor=ctx.person, reason="已确认")
    credit_resolver(ctx, ticket)
    rows = [[Button(ctx.t("button_ticket_score", score=n), f"/t_score:{ticket.id}:{n}",
                    ctx.t(f"says_ticket_score_{n}"))
             for n in range(5, 0, -1)]]
    said = said_button(rows[0], ctx.parse.get("text") or "")
    if said is not None:  # 修好了 挺满意的: the score came with the answer
        ctx.args = said.data.partition(":")[2]
        score(ctx)
        return
    ctx.reply("ticket_ask_score", buttons=rows)


@on("t_notfixed")
def not_fixed(ctx: Context) -> None:
    """还没好: reopen within the reopen window, back to whoever handled it."""
    ticket = _own(ctx)
    if not _looks_up_instead(ctx, ticket.number) and not _by_part(ctx, ticket.id):
        _not_fix(ctx)


def _not_fix(ctx: Context) -> None:
    ticket = _own(ctx)
    window = timedelta(days=config(ctx).reopen_days)
    if ticket.status in OPEN_STATUSES:
        ctx.reply("ticket_followup_stale", number=ticket.number, status=status_label(ctx, ticket))
        return
    if ticket.resolved_at is None or ctx.now - ticket.resolved_at > window:
        ctx.reply("ticket_reopen_too_late", number=ticket.number)
        return
    reopen(ctx, ticket)
    ctx.reply("ticket_reopened_resident", number=ticket.number, what=what(ticket))


def reopen(ctx: Context, ticket: Ticket) -> None:
    """Back to its handler (or to 待受理) with fresh deadlines, and sent to staff again."""
    category = config(ctx).category(ticket.kind, ticket.category)
    ticket.reopened += 1
    ticket.resolved_at = None
    ticket.closed_at = None
    ticket.resolve_due_at = ctx.now + category.resolve
    status = "assigned" if ticket.assignee_id else "new"
    if status == "new":
        ticket.accepted_at = None
        ticket.accept_due_at = ctx.now + category.accept
    set_status(ctx, ticket, status=status, actor=ctx.person, note=ctx.t("ticket_note_reopened"),
               push=False)
    for follower in followers(ctx.session, ticket):
        ctx.notify_person(follower, ctx.t("ticket_push_reopened", what=what(ticket),
                                          number=ticket.number))
    route(ctx, ticket, header="ticket_staff_reopened")


@on("t_score")
def score(ctx: Context) -> None:
    """The 1-5 satisfaction score after 修好了 (recorded once; a second press changes it)."""
    ticket = _own(ctx)
    value = ctx.args.partition(":")[2]
    if not value.isdecimal() or not 1 <= int(value) <= 5:
        raise Invalid(ctx.t("stale_button"))
    ticket.score = int(value)
    ctx.session.add(TicketEvent(ticket_id=ticket.id, at=ctx.now, actor_id=ctx.person.id,
                                status_from=ticket.status, status=ticket.status,
                                note=ctx.t("ticket_note_score", score=value)))
    ctx.reply("ticket_thanks_score" if int(value) >= 4 else "ticket_thanks_score_low")
