"""The overview: a few ECharts charts (tickets opened and closed per week with the share
resolved in time, check-in answer rates, canteen portions) and the audit log."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from actions.canteen.menu import monday_of
from actions.checkins.reports import EXPECTED
from actions.db.canteen import CanteenBooking
from actions.db.checkins import CheckinRound
from actions.db.community import Resident
from actions.db.conversation import AuditLog
from actions.db.tickets import Ticket
from bot.web.auth import current_staff
from bot.web.state import Console

router = APIRouter()
WEEKS = 12
AUDIT_ROWS = 50
ACTIONS = {"ticket_accept": "接单", "ticket_progress": "处理中", "ticket_resolve": "已解决",
           "ticket_transfer": "转派", "ticket_close": "关闭工单", "ticket_reject": "不属于职责",
           "canteen_menu_publish": "发布菜单", "canteen_kitchen_export": "导出厨房单",
           "mailbox_progress": "来信处理中", "mailbox_answer": "答复来信",
           "checkin_confirm": "确认平安", "console_login": "登录后台"}


def _week_labels(first: date) -> list[str]:
    return [f"{(first + timedelta(weeks=i)).month}/{(first + timedelta(weeks=i)).day}"
            for i in range(WEEKS)]


def _week(day: date, first: date) -> int:
    return (day - first).days // 7


def _local_day(moment: datetime, console: Console) -> date:
    return moment.astimezone(console.linli.settings.tz).date()


def tickets_chart(console: Console, session: Session, ids: list[int], first: date) -> str:
    """Opened and closed per week, and the share resolved before its deadline."""
    since = datetime.combine(first, datetime.min.time(), tzinfo=console.linli.settings.tz)
    opened, closed, kept = Counter[int](), Counter[int](), Counter[int]()
    for (created,) in session.execute(select(Ticket.created_at).where(
            Ticket.community_id.in_(ids), Ticket.created_at >= since)):
        opened[_week(_local_day(created, console), first)] += 1
    for resolved, due in session.execute(select(Ticket.resolved_at, Ticket.resolve_due_at).where(
            Ticket.community_id.in_(ids), Ticket.resolved_at >= since)):
        if resolved is None:
            continue
        week = _week(_local_day(resolved, console), first)
        closed[week] += 1
        kept[week] += resolved <= due
    rate = [round(100 * kept[w] / closed[w]) if closed[w] else None for w in range(WEEKS)]
    return _option(_week_labels(first), [
        {"name": "新报", "type": "bar", "data": [opened[w] for w in range(WEEKS)]},
        {"name": "解决", "type": "bar", "data": [closed[w] for w in range(WEEKS)]},
        {"name": "按时解决%", "type": "line", "yAxisIndex": 1, "data": rate}], percent=True)


def checkins_chart(console: Console, session: Session, ids: list[int], first: date) -> str:
    """The share of evenings answered by the elder, week by week."""
    answered, expected = Counter[int](), Counter[int]()
    counted = CheckinRound.status.in_(EXPECTED)
    query = select(CheckinRound.day,
                   func.sum(case((counted & CheckinRound.answer.is_not(None), 1), else_=0)),
                   func.sum(case((counted, 1), else_=0))).where(
        (CheckinRound.community_id + 0).in_(ids),  # "+ 0": use the index on the day
        CheckinRound.day >= first).group_by(CheckinRound.day)
    for day, yes, n in session.execute(query):
        expected[_week(day, first)] += int(n or 0)
        answered[_week(day, first)] += int(yes or 0)
    rate = [round(100 * answered[w] / expected[w]) if expected[w] else None
            for w in range(WEEKS)]
    return _option(_week_labels(first), [{"name": "回复率%", "type": "line", "data": rate}],
                   rate=True)


def canteen_chart(console: Console, session: Session, ids: list[int]) -> str:
    """Portions per day, the last four weeks and the coming one."""
    first = console.today() - timedelta(days=27)
    days = [first + timedelta(days=i) for i in range(35)]
    rows = session.execute(select(CanteenBooking.day, CanteenBooking.delivery,
                                  func.sum(CanteenBooking.portions)).where(
        CanteenBooking.community_id.in_(ids), CanteenBooking.status == "booked",
        CanteenBooking.day >= first, CanteenBooking.day <= days[-1]).group_by(
        CanteenBooking.day, CanteenBooking.delivery))
    eat_in, delivered = Counter[date](), Counter[date]()
    for day, delivery, n in rows:
        (delivered if delivery else eat_in)[day] += int(n or 0)
    return _option([f"{d.month}/{d.day}" for d in days], [
        {"name": "堂食", "type": "bar", "stack": "p", "data": [eat_in[d] for d in days]},
        {"name": "送餐", "type": "bar", "stack": "p", "data": [delivered[d] for d in days]}])


def _option(labels: list[str], series: list[dict[str, Any]], *, percent: bool = False,
            rate: bool = False) -> str:
    axes: list[dict[str, Any]] = [{"type": "value", "max": 100, "name": "%"} if rate
                                  else {"type": "value"}]
    if percent:
        axes.append({"type": "value", "max": 100, "name": "%"})
    for line in series:
        if line["type"] == "line":
            line.update(showSymbol=True, showAllSymbol=True, symbolSize=8, connectNulls=True)
    return json.dumps({"animation": False, "tooltip": {"trigger": "axis"}, "legend": {"top": 0},
                       "grid": {"left": 40, "right": 40, "top": 50, "bottom": 30},
                       "xAxis": {"type": "category", "data": labels}, "yAxis": axes,
                       "series": series}, ensure_ascii=False)


def audit_rows(session: Session, ids: list[int]) -> list[dict[str, Any]]:
    """The latest staff actions (ids only are stored; names are looked up to show)."""
    rows = list(session.scalars(select(AuditLog).where(AuditLog.community_id.in_(ids))
                                .order_by(AuditLog.at.desc(), AuditLog.id.desc())
                                .limit(AUDIT_ROWS)))
    names = {p.id: p.label() for p in session.scalars(select(Resident).where(
        Resident.id.in_({r.actor_id for r in rows})))} if rows else {}
    return [{"at": r.at, "who": names.get(r.actor_id, ""), "target": r.target,
             "action": ACTIONS.get(r.action, r.action)} for r in rows]


@router.get("/overview", response_class=HTMLResponse)
def overview_page(request: Request) -> Response:
    """The charts and the audit log of the communities this person oversees."""
    console: Console = request.app.state.console
    with console.unit() as session:
        staff = current_staff(request, session, "overview")
        ids = staff.communities("overview")
        first = monday_of(console.today()) - timedelta(weeks=WEEKS - 1)
        return console.page(request, "overview.html", staff=staff, current="overview",
                            tickets=tickets_chart(console, session, ids, first),
                            checkins=checkins_chart(console, session, ids, first),
                            canteen=canteen_chart(console, session, ids),
                            audit=audit_rows(session, ids))
