"""Tonight: the check-in round live (answered, reminded, escalated, who is being asked now),
the open escalations with their contacts and phone numbers, the week's answer rate per building.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypeVar

from fastapi import APIRouter, Form, HTTPException, Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy import ColumnElement, Select, case, false, func, or_, select
from sqlalchemy.orm import Session, joinedload

from actions.checkins.escalation import RELATIONS
from actions.checkins.reports import EXPECTED, summary_counts
from actions.core.context import Tick
from actions.db.checkins import OPEN_ESCALATION, OUTCOMES, CheckinContact, CheckinRound
from actions.db.community import Building, Household, Resident, StaffRole, Unit
from bot.web.acting import Outcome, press
from bot.web.auth import Staff, current_staff
from bot.web.state import Console

router = APIRouter()
S = TypeVar("S", bound=Select)  # type: ignore[type-arg]
ANSWERS = {"ok": "平安", "unwell": "有点不舒服", "help": "需要帮助", "active": "聊过天",
           "pause": "暂停几天"}
ESCALATION_ACTIONS = {"safe": "ci_safe", "unreachable": "ci_unreach"}


def in_scope(roles: list[StaffRole]) -> ColumnElement[bool]:
    """The elders these roles look after: a grid worker's grid, a building leader's buildings."""
    clauses: list[ColumnElement[bool]] = []
    for role in roles:
        # "+ 0": a year of rounds share one community id; the planner must pick the index on
        # the day or the status instead (SQLite without statistics would scan the community)
        here = CheckinRound.community_id + 0 == role.community_id
        if role.role == "grid_worker" and role.grid_id is not None:
            clauses.append(here & (Building.grid_id == role.grid_id))
        elif role.role == "building_leader" and role.building_group_id is not None:
            clauses.append(here & (Building.group_id == role.building_group_id))
        elif role.role in ("admin", "grid_leader", "grid_worker"):
            clauses.append(here)
    return or_(*clauses) if clauses else false()


def _with_place(query: S) -> S:
    """Join each round to its elder's home (for the building and its grid)."""
    return (query.join(Resident, Resident.id == CheckinRound.elder_id)
            .outerjoin(Household, Household.id == Resident.household_id)
            .outerjoin(Unit, Unit.id == Household.unit_id)
            .outerjoin(Building, Building.id == Unit.building_id))


@dataclass(frozen=True)
class Line:
    """One elder's evening."""

    row: CheckinRound
    elder: Resident
    building: str
    address: str
    css: str
    state: str


def _contacts(session: Session, enrolment_ids: set[int]) -> dict[int, list[CheckinContact]]:
    """The contacts of some enrolments, in order, with their people (one query)."""
    found: dict[int, list[CheckinContact]] = {i: [] for i in enrolment_ids}
    if enrolment_ids:
        query = (select(CheckinContact).options(joinedload(CheckinContact.person))
                 .where(CheckinContact.enrolment_id.in_(enrolment_ids))
                 .order_by(CheckinContact.position))
        for contact in session.scalars(query):
            found[contact.enrolment_id].append(contact)
    return found


def _state(row: CheckinRound, names: dict[int, str],
           contacts: dict[int, list[CheckinContact]]) -> tuple[str, str]:
    """The row's colour class and its words."""
    if row.answer is not None and row.status == "answered":
        at = row.answered_at
        return "answered", f"已回复：{ANSWERS.get(row.answer, row.answer)}" + (
            f"（{at:%H:%M}）" if at else "")
    if row.status == "sent":
        return ("reminded", "已提醒，等回复") if row.reminded_at else ("sent", "已发送，等回复")
    if row.status == "escalated":
        asked = contacts.get(row.enrolment_id, [])[:row.contacts_notified]
        now_asking = asked[-1].person.label() if asked else "还没问到人"
        return "escalated", f"已上报，正在问：{now_asking}"
    if row.status == "confirmed":
        return "confirmed", f"{names.get(row.confirmed_by or 0, '有人')}已确认平安，待填结果"
    if row.status == "closed":
        return "closed", f"已结束：{OUTCOMES.get(row.outcome or '', '其他')}"
    words = {"paused": "暂停中", "skipped": "没发出（机器人停过）", "unreachable": "没有账号"}
    return row.status, words.get(row.status, row.status)


def _names(session: Session, ids: set[int]) -> dict[int, str]:
    ids.discard(0)
    return {p.id: p.label() for p in session.scalars(
        select(Resident).where(Resident.id.in_(ids)))} if ids else {}


def _lines(session: Session, staff: Staff, day: date) -> list[Line]:
    query = _with_place(select(CheckinRound, Resident, Building.number, Unit.number,
                               Household.room)).where(
        CheckinRound.day == day, in_scope(staff.roles_for("tonight")))
    rows = session.execute(query).all()
    names = _names(session, {r[0].confirmed_by or 0 for r in rows})
    contacts = _contacts(session, {r[0].enrolment_id for r in rows
                                   if r[0].status == "escalated"})
    lines = []
    for row, elder, building, unit, room in rows:
        css, state = _state(row, names, contacts)
        address = f"{building}栋{unit}单元{room}" if building else ""
        lines.append(Line(row, elder, building or "", address, css, state))
    return sorted(lines, key=lambda x: (len(x.building), x.building, x.elder.label()))


def _escalations(tick: Tick, staff: Staff) -> list[dict[str, object]]:
    session = tick.session
    query = _with_place(select(CheckinRound, Resident, Building.number, Unit.number,
                               Household.room)).where(
        CheckinRound.status.in_(OPEN_ESCALATION), in_scope(staff.roles_for("tonight"))
    ).order_by(CheckinRound.escalated_at, CheckinRound.id)
    rows = session.execute(query).all()
    everyone = _contacts(session, {r[0].enrolment_id for r in rows})
    found = []
    for row, elder, building, unit, room in rows:
        contacts = [{"name": c.person.label(), "phone": c.person.phone or "未留电话",
                     "relation": tick.t(f"checkin_relation_{c.relation}")
                     if c.relation in RELATIONS else c.relation,
                     "asked": c.position <= row.contacts_notified}
                    for c in everyone[row.enrolment_id]]
        found.append({"row": row, "elder": elder, "contacts": contacts,
                      "address": f"{building}栋{unit}单元{room}" if building else ""})
    return found


def week_rates(session: Session, staff: Staff, last: date) -> dict[str, tuple[int, int]]:
    """Per building: (answered by the elder, check-ins expected) over the seven evenings to
    `last`, counted as the weekly chart counts them (actions.checkins.reports), in SQL."""
    expected = CheckinRound.status.in_(EXPECTED)
    answered = func.sum(case((expected & CheckinRound.answer.is_not(None), 1), else_=0))
    query = _with_place(select(Building.number, answered, func.sum(case((expected, 1),
                                                                        else_=0)))).where(
        CheckinRound.day > last - timedelta(days=7), CheckinRound.day <= last,
        in_scope(staff.roles_for("tonight"))).group_by(Building.number)
    rates = {str(number): (int(a or 0), int(e or 0)) for number, a, e in session.execute(query)
             if number is not None and e}
    return dict(sorted(rates.items(), key=lambda kv: (len(kv[0]), kv[0])))


def _chart(rates: dict[str, tuple[int, int]]) -> str:
    """An ECharts option: each building's answer rate (%) over the last seven evenings."""
    labels = [f"{n}号楼" for n in rates]
    values = [round(100 * a / e) if e else 0 for a, e in rates.values()]
    return json.dumps({
        "animation": False, "tooltip": {},
        "grid": {"left": 40, "right": 10, "top": 20, "bottom": 30},
        "xAxis": {"type": "category", "data": labels},
        "yAxis": {"type": "value", "max": 100, "name": "%"},
        "series": [{"type": "bar", "data": values, "label": {"show": True, "position": "top"}}],
    }, ensure_ascii=False)


def _live(console: Console, session: Session, staff: Staff) -> dict[str, Any]:
    day = console.today()
    lines = _lines(session, staff, day)
    counts = summary_counts([x.row for x in lines])
    escalations = _escalations(console.tick(session), staff)
    return {"lines": lines, "counts": counts, "escalations": escalations, "day": day}


@router.get("/tonight", response_class=HTMLResponse)
def tonight_page(request: Request) -> Response:
    """The whole page."""
    console: Console = request.app.state.console
    with console.unit() as session:
        staff = current_staff(request, session, "tonight")
        rates = week_rates(session, staff, console.today())
        return console.page(request, "tonight.html", staff=staff, current="tonight",
                            rates=rates, chart=_chart(rates), **_live(console, session, staff))


@router.get("/tonight/live", response_class=HTMLResponse)
def tonight_live(request: Request) -> Response:
    """The live part, polled every few seconds."""
    console: Console = request.app.state.console
    with console.unit() as session:
        staff = current_staff(request, session, "tonight")
        return console.page(request, "_tonight_live.html", staff=staff,
                            **_live(console, session, staff))


@router.post("/tonight/rounds/{round_id}", response_class=HTMLResponse)
def escalation_action(request: Request, round_id: int, do: str = Form(...)) -> Response:
    """已确认平安 / 联系不上 on an open escalation, as the chat's buttons."""
    if do not in ESCALATION_ACTIONS:
        raise HTTPException(400, "不认识的操作。")
    console: Console = request.app.state.console
    with console.unit() as session:
        staff = current_staff(request, session, "tonight")
        outcome: Outcome = press(console, session, staff.person,
                                 f"/{ESCALATION_ACTIONS[do]}:{round_id}")
        return console.page(request, "_tonight_live.html", staff=staff, outcome=outcome,
                            **_live(console, session, staff))
