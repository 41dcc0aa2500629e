"""The staff side of tickets: the buttons (接单 / 处理中 / 已解决 / 转派 / 不属于职责 / 关闭 /
确认办好) and the commands /tickets (filters: building, category, 超时) and /ticket BX-...

Every action checks the role (actions.tickets.require_may_act) and leaves an audit row.
"""

from __future__ import annotations

import re

from sqlalchemy import Select, func, select

from actions.core.args import fetch, record_id
from actions.core.context import Context
from actions.core.errors import Invalid
from actions.core.people import audit, find_building, roles_of, staff_with_role
from actions.core.registry import answer_rule, on
from actions.core.texts import Button, Keyboard
from actions.db.community import Resident
from actions.db.tickets import OPEN_STATUSES, Ticket
from actions.tickets.config import config
from actions.tickets.credit import credit_resolver, resolver_of
from actions.tickets.lifecycle import (
    may_act,
    require_may_act,
    require_staff,
    set_status,
    staff_communities,
)
from actions.tickets.lookups import find_by_number, normalize_number
from actions.tickets.resident import named_ticket
from actions.tickets.routing import handlers, show_card, staff_button, staff_buttons, team_members
from actions.tickets.text import (
    age_text,
    history_text,
    overdue,
    person_label,
    staff_card,
    status_label,
    what,
)

LIST_LIMIT = 20
OVERDUE_WORDS = ("超时", "逾期", "overdue", "过期")
STATUS_WORDS = {"未接单": "new", "待受理": "new", "没人接": "new", "新": "new", "新的": "new",
                "已派单": "assigned", "已接单": "assigned", "处理中": "in_progress",
                "在修": "in_progress", "已解决": "resolved", "待确认": "resolved"}
MINE_WORDS = ("我的", "我接的", "我负责的", "mine")
KIND_WORDS = {"报修": "repair", "维修": "repair", "求助": "help", "帮忙": "help"}


def _ticket(ctx: Context, raw: str) -> Ticket:
    """The ticket a button names (or the number typed with it: BX-20261118-001 已解决, under
    another ticket's card), after the role check."""
    number = record_id(raw.split(":")[0])
    typed = normalize_number(ctx.text) if ctx.text else None
    if typed:
        found = find_by_number(ctx.session, number=typed,
                               community_ids=staff_communities(ctx.session, ctx.person))
        number = found.id if found is not None else number
    elif ctx.text and number is not None:  # 3号楼那个电梯修好了 typed under the 门禁 card
        described = _described(ctx, number)
        number = described.id if described is not None else number
    # locked until this turn commits: two staff pressing 接单 at once are served one by one,
    # and the second sees who took it
    ticket = ctx.session.scalar(select(Ticket).where(Ticket.id == number).with_for_update()
                                .execution_options(populate_existing=True)) \
        if number is not None else None
    if ticket is None:
        raise Invalid(ctx.t("ticket_not_found"))
    require_may_act(ctx.session, person=ctx.person, ticket=ticket)
    return ticket


def _described(ctx: Context, shown: int) -> Ticket | None:
    """Another open ticket of this person's the typed words describe, rather than the card
    whose buttons they pressed (None when they describe none, or that card's ticket)."""
    communities = staff_communities(ctx.session, ctx.person)
    tickets = [t for t in ctx.session.scalars(select(Ticket).where(
        Ticket.community_id.in_(communities), Ticket.status.in_(OPEN_STATUSES),
        (Ticket.assignee_id == ctx.person.id) | (Ticket.id == shown)))]
    return named_ticket(ctx, tickets) if len(tickets) > 1 else None


def _audit(ctx: Context, ticket: Ticket, action: str, **detail: object) -> None:
    audit(ctx.session, actor_id=ctx.person.id, community_id=ticket.community_id, now=ctx.now,
          action=action, target=f"ticket:{ticket.id}", detail=dict(detail))


def _work_buttons(ctx: Context, ticket: Ticket) -> Keyboard:
    return [[staff_button(ctx, ticket, "progress"), staff_button(ctx, ticket, "resolve"),
             staff_button(ctx, ticket, "transfer")]]


def _closed_or_done(ctx: Context, ticket: Ticket) -> bool:
    """Tell the staff member when the ticket is past the step they pressed."""
    if ticket.status in ("resolved", "closed"):
        ctx.reply("ticket_staff_already", number=ticket.number,
                  status=status_label(ctx, ticket))
        return True
    return False


@on("t_accept")
def accept(ctx: Context) -> None:
    """接单: the presser takes the ticket."""
    ticket = _ticket(ctx, ctx.args)
    if _closed_or_done(ctx, ticket):
        return
    if ticket.assignee_id not in (None, ctx.person.id) and ticket.status != "new":
        other = ctx.session.get(Resident, ticket.assignee_id)
        ctx.reply("ticket_staff_taken", number=ticket.number,
                  who=person_label(other) if other else ctx.t("ticket_actor_system"))
        return
    if ticket.assignee_id == ctx.person.id and ticket.status != "new":
        ctx.reply("ticket_staff_yours", number=ticket.number, buttons=_work_buttons(ctx, ticket))
        return
    ticket.assignee_id = ctx.person.id
    set_status(ctx, ticket, status="assigned", actor=ctx.person,
               note=ctx.t("ticket_note_accepted"))
    _audit(ctx, ticket, "ticket_accept")
    ctx.reply("ticket_staff_accepted", number=ticket.number, what=what(ticket),
              buttons=_work_buttons(ctx, ticket))


@on("t_progress")
def progress(ctx: Context) -> None:
    """处理中: work has started."""
    ticket = _ticket(ctx, ctx.args)
    if _closed_or_done(ctx, ticket):
        return
    if ticket.status == "in_progress":
        ctx.reply("ticket_staff_same", number=ticket.number, status=status_label(ctx, ticket))
        return
    ticket.assignee_id = ticket.assignee_id or ctx.person.id
    set_status(ctx, ticket, status="in_progress", actor=ctx.person)
    _audit(ctx, ticket, "ticket_progress")
    ctx.reply("ticket_staff_done", number=ticket.number, status=status_label(ctx, ticket),
              buttons=[[staff_button(ctx, ticket, "resolve")]])


@on("t_resolve")
def resolve(ctx: Context) -> None:
    """已解决: the reporter is asked whether it is really fixed."""
    ticket = _ticket(ctx, ctx.args)
    if _closed_or_done(ctx, ticket):
        return
    ticket.assignee_id = ticket.assignee_id or ctx.person.id
    set_status(ctx, ticket, status="resolved", actor=ctx.person)
    _audit(ctx, ticket, "ticket_resolve")
    ctx.reply("ticket_staff_done", number=ticket.number, status=status_label(ctx, ticket))


@on("t_reject")
def reject(ctx: Context) -> None:
    """不属于职责: closed with that reason; the residents are told where to turn."""
    _close(ctx, "不属于职责", "ticket_reject")


@on("t_close")
def close(ctx: Context) -> None:
    """关闭 with a reason given in the button: dup (重复), noneed (无需处理), or done (已确认:
    staff confirm a resolved ticket for the resident, e.g. an elder without the bot)."""
    reasons = {"dup": "重复", "noneed": "无需处理", "done": "已确认"}
    _close(ctx, reasons.get(ctx.args.partition(":")[2], "无需处理"), "ticket_close")


def _close(ctx: Context, reason: str, action: str) -> None:
    ticket = _ticket(ctx, ctx.args)
    if ticket.status == "closed":
        ctx.reply("ticket_staff_already", number=ticket.number,
                  status=status_label(ctx, ticket))
        return
    if reason == "已确认" and ticket.status != "resolved":
        ctx.reply("ticket_staff_confirm_early", number=ticket.number)
        return
    resolver = resolver_of(ctx, ticket)
    if reason == "已确认" and resolver is not None and resolver.id == ctx.person.id:
        ctx.reply("ticket_staff_confirm_self", number=ticket.number)  # no self-credited time
        return
    set_status(ctx, ticket, status="closed", actor=ctx.person, reason=reason)
    _audit(ctx, ticket, action, reason=reason)
    credit_resolver(ctx, ticket)
    ctx.reply("ticket_staff_done", number=ticket.number, status=status_label(ctx, ticket))


@on("t_transfer")
def transfer(ctx: Context) -> None:
    """转派: offer the people who could take the ticket instead."""
    ticket = _ticket(ctx, ctx.args)
    if _closed_or_done(ctx, ticket):
        return
    people = [p for p in _candidates(ctx, ticket) if p.id != ctx.person.id]
    named = [p for p in people if p.name and p.name in ctx.text] or \
        _by_role_word(ctx, people, ticket)
    if len(named) == 1:  # 这个转给何经理 / 转物业吧: typed with the name or role, at once
        ctx.args = f"{ticket.id}:{named[0].id}"
        transfer_to(ctx)
        return
    rows = [[Button(f"{person_label(p)}（{_role_names(ctx, p, ticket)}）",
                    f"/t_to:{ticket.id}:{p.id}")] for p in people]
    if not rows:
        ctx.reply("ticket_transfer_nobody")
        return
    ctx.reply("ticket_transfer_pick", number=ticket.number, buttons=rows)


@on("t_to")
def transfer_to(ctx: Context) -> None:
    """Hand the ticket to the chosen person, who gets it privately with the buttons."""
    ticket = _ticket(ctx, ctx.args)
    if _closed_or_done(ctx, ticket):
        return
    target_id, _, extra = ctx.args.partition(":")[2].partition(":")  # extra: a note (console)
    target = fetch(ctx.session, Resident, target_id)
    if target is None or not roles_of(ctx.session, person_id=target.id,
                                      community_id=ticket.community_id):
        raise Invalid(ctx.t("ticket_transfer_nobody"))
    ticket.assignee_id = target.id
    note = extra.strip()[:200]
    moved = ctx.t("ticket_note_transferred", who=person_label(target))
    set_status(ctx, ticket, status="assigned", actor=ctx.person,
               note=f"{moved}：{note}" if note else moved)
    _audit(ctx, ticket, "ticket_transfer", to=target.id)
    card = staff_card(ctx, ticket, header="ticket_staff_transferred")
    if note:
        card += "\n" + ctx.t("ticket_transfer_note", note=note)
    show_card(ctx, target, card, ticket)
    ctx.reply("ticket_staff_transferred_done", number=ticket.number, who=person_label(target))


def _candidates(ctx: Context, ticket: Ticket) -> list[Resident]:
    people = handlers(ctx.session, ticket)
    for role in ("property", "grid_worker", "grid_leader"):
        people += staff_with_role(ctx.session, community_id=ticket.community_id, role=role)
    if ticket.team:
        people += team_members(ctx.session, community_id=ticket.community_id, team=ticket.team)
    return list({p.id: p for p in people}.values())[:8]


# the role a staff member names when handing a ticket over (转物业 / 交给网格员)
ROLE_WORDS = {"物业": "property", "物業": "property", "网格员": "grid_worker",
              "網格員": "grid_worker", "网格长": "grid_leader", "網格長": "grid_leader",
              "书记": "admin", "書記": "admin"}


def _by_role_word(ctx: Context, people: list[Resident], ticket: Ticket) -> list[Resident]:
    """The people of the role (or the volunteer team) the words name, if they name one."""
    wanted = {role for word, role in ROLE_WORDS.items() if word in ctx.text}
    if not wanted and "队" not in ctx.text and "隊" not in ctx.text:
        return []
    return [p for p in people if any(
        r.role in wanted or (r.team and r.team in ctx.text)
        for r in roles_of(ctx.session, person_id=p.id, community_id=ticket.community_id))]


def _role_names(ctx: Context, person: Resident, ticket: Ticket) -> str:
    names = [ctx.t(f"ticket_role_{r.role}") if ctx.texts.has(f"ticket_role_{r.role}") else r.role
             for r in roles_of(ctx.session, person_id=person.id,
                               community_id=ticket.community_id)]
    return "、".join(dict.fromkeys(names))


# -- commands ---------------------------------------------------------------------------------
@on("ticket")
def show_ticket(ctx: Context) -> None:
    """/ticket BX-20261118-007: the card, the history and the buttons."""
    communities = require_staff(ctx.session, ctx.person)
    number = normalize_number(ctx.args or ctx.text)
    ticket = find_by_number(ctx.session, number=number, community_ids=communities) \
        if number else None
    if ticket is None:
        ctx.reply("ticket_not_found")
        return
    handles = may_act(ctx.session, person=ctx.person, ticket=ticket)
    text = staff_card(ctx, ticket, header="ticket_staff_card", personal=handles) + "\n" + \
        ctx.t("ticket_history_title") + "\n" + history_text(ctx, ticket, for_staff=True)
    rows = staff_buttons(ctx, ticket) if ticket.status in OPEN_STATUSES and handles else []
    if ticket.status in OPEN_STATUSES and handles:
        rows.append([Button(ctx.t("button_ticket_close_dup"), f"/t_close:{ticket.id}:dup"),
                     Button(ctx.t("button_ticket_close_noneed"),
                            f"/t_close:{ticket.id}:noneed")])
    elif ticket.status == "resolved" and handles:
        rows.append([Button(ctx.t("button_ticket_close_done"), f"/t_close:{ticket.id}:done")])
    ctx.say(text, buttons=rows or None)


@on("tickets")
def list_tickets(ctx: Context) -> None:
    """/tickets [3栋] [楼道灯] [超时] [未接单 / 处理中 / 已解决] [我的] [报修 / 求助]: the
    tickets of the staff member's community (open ones unless a status is named)."""
    communities = require_staff(ctx.session, ctx.person)
    words = ctx.args.replace("，", " ").replace(",", " ").replace("、", " ").split()
    statuses = [STATUS_WORDS[w] for w in words if w in STATUS_WORDS] or list(OPEN_STATUSES)
    query = select(Ticket).where(Ticket.community_id.in_(communities),
                                 Ticket.status.in_(statuses)).order_by(Ticket.created_at)
    only_late = any(w.lower() in OVERDUE_WORDS for w in words)
    cfg = config(ctx)
    categories = {n for kind in ("repair", "help") for n in cfg.names(kind)}
    for word in words:
        if word in categories:
            query = query.where(Ticket.category == word)
        elif word in MINE_WORDS:
            query = query.where(Ticket.assignee_id == ctx.person.id)
        elif word in KIND_WORDS:
            query = query.where(Ticket.kind == KIND_WORDS[word])
        elif word in STATUS_WORDS:
            continue
        elif (building := _building_word(word)) is not None:
            found = find_building(ctx.session, community_id=communities[0], number=building)
            query = query.where(Ticket.building_id == (found.id if found else -1))
    if only_late:
        tickets = [t for t in ctx.session.scalars(query) if overdue(t, ctx.now)]
        count = len(tickets)
    else:  # a street office has a thousand open: load the ones shown, count the rest apart
        tickets = list(ctx.session.scalars(query.limit(LIST_LIMIT)))
        count = len(tickets) if len(tickets) < LIST_LIMIT else _count(ctx, query)
    if not tickets:
        ctx.reply("ticket_list_empty")
        return
    lines = [_line(ctx, t) for t in tickets[:LIST_LIMIT]]
    more = count - LIST_LIMIT
    ctx.reply("ticket_list", count=count, lines="\n".join(lines),
              more="\n" + ctx.t("ticket_list_more", more=more) if more > 0 else "")


def _count(ctx: Context, query: Select[Ticket]) -> int:
    """How many tickets a listing's query finds. Not a window count on the page's rows: that
    reads every matching row whole (on SQLite 8 ms for a thousand open), the count alone
    reads the index."""
    return int(ctx.session.scalar(select(func.count()).select_from(
        query.order_by(None).with_only_columns(Ticket.id).subquery())) or 0)


def _line(ctx: Context, ticket: Ticket) -> str:
    late = " " + ctx.t("ticket_list_late") if overdue(ticket, ctx.now) else ""
    return (f"{ticket.number} {what(ticket)} {status_label(ctx, ticket)} · "
            f"{age_text(ctx, ctx.now - ticket.created_at)}{late}")


def _building_word(word: str) -> str | None:
    number = word.upper().removesuffix("号楼").removesuffix("栋").removesuffix("号")
    return number if number and (number.isdecimal() or len(number) == 1) else None



# -- words with a number ------------------------------------------------------------------------
STEPS = ("accept", "progress", "resolve", "transfer", "reject")
WEAK_ACCEPT = ("收到", "收到了", "好的 收到")  # with no card open, an acknowledgement only


@answer_rule
def staff_words_with_number(ctx: Context) -> bool:
    """BX-20261118-001 已解决 / 这单我接了, typed with no card's buttons open: the step the
    words name, on the ticket the number names, or the only one it can mean (for its
    handlers only)."""
    communities = staff_communities(ctx.session, ctx.person)
    step = _step_said(ctx, ctx.text) if communities and len(ctx.text) <= 40 else None
    if step is None or (step == "accept" and ctx.text.strip() in WEAK_ACCEPT):
        return False
    number = normalize_number(ctx.text)
    ticket = find_by_number(ctx.session, number=number, community_ids=communities) \
        if number else _only_candidate(ctx, communities, step)
    if ticket is None or not may_act(ctx.session, person=ctx.person, ticket=ticket):
        return False
    ctx.args = str(ticket.id)
    {"accept": accept, "progress": progress, "resolve": resolve, "transfer": transfer,
     "reject": reject}[step](ctx)
    return True


def _only_candidate(ctx: Context, communities: list[int], step: str) -> Ticket | None:
    """With no number and no card open: the one ticket the step can mean (已经修好了: the only
    one this person took; 这单我接了: the only new one they may take; 3号楼那个电梯修好了: the
    one of several the words describe), else None."""
    mine = list(ctx.session.scalars(select(Ticket).where(
        Ticket.community_id.in_(communities), Ticket.assignee_id == ctx.person.id,
        Ticket.status.in_(("assigned", "in_progress")))))
    if step != "accept" and mine:
        return mine[0] if len(mine) == 1 else named_ticket(ctx, mine)
    new = [t for t in ctx.session.scalars(select(Ticket).where(
        Ticket.community_id.in_(communities), Ticket.status == "new"))
        if may_act(ctx.session, person=ctx.person, ticket=t)]
    return new[0] if len(new) == 1 else named_ticket(ctx, new)


def _step_said(ctx: Context, text: str) -> str | None:
    """The staff step whose words match the longest part of the text."""
    best, length = None, 0
    for step in STEPS:
        for match in re.finditer(ctx.t(f"says_ticket_{step}"), text):
            if len(match.group(0)) > length:
                best, length = step, len(match.group(0))
    return best
