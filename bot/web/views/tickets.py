"""The tickets board: columns by state, filters, SLA clocks, a ticket's history and photo, and
the chat's actions (接单, 处理中, 已解决, 转派 with a note, closing) run through its handlers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from fastapi import APIRouter, Form, HTTPException, Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy import ColumnElement, and_, false, or_, select
from sqlalchemy.orm import Session

from actions.core.context import Tick
from actions.db.community import Building, Grid, Resident, StaffRole
from actions.db.tickets import OPEN_STATUSES, Ticket
from actions.tickets.config import config
from actions.tickets.text import age_text, ago_text, history_text, overdue, what
from bot.web.acting import Outcome, press
from bot.web.auth import Staff, current_staff
from bot.web.state import Console

router = APIRouter()
COLUMNS = (("new", "待受理"), ("assigned", "已派单"), ("in_progress", "处理中"),
           ("resolved", "已解决"))
RESOLVED_DAYS = 7
COLUMN_LIMIT = 100
ACTIONS = {"accept": "t_accept:{id}", "progress": "t_progress:{id}",
           "resolve": "t_resolve:{id}", "reject": "t_reject:{id}",
           "dup": "t_close:{id}:dup", "noneed": "t_close:{id}:noneed",
           "done": "t_close:{id}:done"}


def visible(roles: list[StaffRole]) -> ColumnElement[bool]:
    """The tickets these roles may act on (the same rule as the chat's require_may_act)."""
    clauses: list[ColumnElement[bool]] = []
    for role in roles:
        here = Ticket.community_id == role.community_id
        in_grid = or_(Ticket.grid_id.is_(None), Ticket.grid_id == role.grid_id) \
            if role.grid_id is not None else None
        if role.role == "admin":
            clauses.append(here)
            continue
        if role.role in ("grid_worker", "grid_leader"):
            clauses.append(and_(here, in_grid) if in_grid is not None else here)
        if role.team:
            clauses.append(and_(here, Ticket.team == role.team))
        elif role.role not in ("grid_worker", "grid_leader"):
            mine = and_(here, Ticket.team.is_(None), Ticket.handling_role == role.role)
            clauses.append(and_(mine, in_grid) if in_grid is not None else mine)
    return or_(*clauses) if clauses else false()


@dataclass(frozen=True)
class Card:
    """One ticket on the board."""

    ticket: Ticket
    building: str | None
    assignee: str
    clock: str
    late: bool


def sla_clock(tick: Tick, ticket: Ticket) -> tuple[str, bool]:
    """The deadline that runs now, as words: 接单还剩25分钟 / 解决已超时3小时."""
    now = tick.now
    if not ticket.is_open:
        return f"{ago_text(tick, ticket.resolved_at or now)}解决", False
    stage, due = ("接单", ticket.accept_due_at) if ticket.accepted_at is None \
        else ("解决", ticket.resolve_due_at)
    late = overdue(ticket, now)
    if late and now > ticket.resolve_due_at:
        stage, due = "解决", ticket.resolve_due_at
    if now > due:
        return f"{stage}已超时{age_text(tick, now - due)}", True
    return f"{stage}还剩{age_text(tick, due - now)}", late


def _filters(request: Request) -> dict[str, str]:
    keys = ("building", "category", "grid", "overdue")
    return {k: request.query_params.get(k, "").strip() for k in keys}


def _board(tick: Tick, staff: Staff, f: dict[str, str]
           ) -> dict[str, list[Card]]:
    session, now = tick.session, tick.now
    roles = staff.roles_for("tickets")
    query = (select(Ticket, Building.number).outerjoin(Building, Building.id == Ticket.building_id)
             .where(visible(roles), or_(Ticket.status.in_(OPEN_STATUSES), and_(
                 Ticket.status == "resolved",
                 Ticket.resolved_at >= now - timedelta(days=RESOLVED_DAYS))))
             .order_by(Ticket.created_at))
    if f["building"]:
        query = query.where(Building.number == f["building"])
    if f["category"]:
        query = query.where(Ticket.category == f["category"])
    if f["grid"].isdigit():
        query = query.where(Ticket.grid_id == int(f["grid"]))
    if f["overdue"]:
        query = query.where(Ticket.status.in_(OPEN_STATUSES), or_(
            and_(Ticket.accepted_at.is_(None), Ticket.accept_due_at < now),
            Ticket.resolve_due_at < now))
    rows = session.execute(query).all()
    names = _names(session, {t.assignee_id for t, _ in rows if t.assignee_id})
    board: dict[str, list[Card]] = {status: [] for status, _ in COLUMNS}
    for ticket, building in rows:
        clock, late = sla_clock(tick, ticket)
        board[ticket.status].append(Card(ticket, building, names.get(ticket.assignee_id or 0,
                                                                     ""), clock, late))
    return board


def _names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return {p.id: p.label() for p in session.scalars(select(Resident).where(
        Resident.id.in_(ids)))}


def _options(session: Session, console: Console, staff: Staff) -> dict[str, list[tuple[str,
                                                                                      str]]]:
    communities = staff.communities("tickets")
    buildings = sorted({n for n in session.scalars(select(Building.number).where(
        Building.community_id.in_(communities)))}, key=lambda n: (len(n), n))
    grids = [(str(g.id), g.name) for g in session.scalars(
        select(Grid).where(Grid.community_id.in_(communities)).order_by(Grid.id))]
    cfg = config(console.tick(session))
    categories = [n for kind in ("repair", "help") for n in cfg.names(kind)]
    return {"buildings": [(b, f"{b}栋") for b in buildings], "grids": grids,
            "categories": [(c, c) for c in dict.fromkeys(categories)]}


@router.get("/tickets", response_class=HTMLResponse)
def board_page(request: Request) -> Response:
    """The whole page: filters and the board."""
    console: Console = request.app.state.console
    with console.unit() as session:
        staff = current_staff(request, session, "tickets")
        f = _filters(request)
        board = _board(console.tick(session), staff, f)
        return console.page(request, "tickets.html", staff=staff, current="tickets",
                            board=board, columns=COLUMNS, f=f,
                            options=_options(session, console, staff), limit=COLUMN_LIMIT)


@router.get("/tickets/board", response_class=HTMLResponse)
def board_fragment(request: Request) -> Response:
    """The board alone (filters changed, an action done, or the minute's refresh)."""
    console: Console = request.app.state.console
    with console.unit() as session:
        staff = current_staff(request, session, "tickets")
        board = _board(console.tick(session), staff, _filters(request))
        return console.page(request, "_board.html", staff=staff, board=board,
                            columns=COLUMNS, limit=COLUMN_LIMIT)


def _ticket(session: Session, staff: Staff, ticket_id: int) -> Ticket:
    ticket = session.scalar(select(Ticket).where(Ticket.id == ticket_id,
                                                 visible(staff.roles_for("tickets"))))
    if ticket is None:
        raise HTTPException(404, "没有这张工单，或者它不归您处理。")
    return ticket


def _detail(request: Request, console: Console, session: Session, staff: Staff,
            ticket: Ticket, outcome: Outcome | None = None) -> Response:
    tick = console.tick(session)
    reporter = session.get_one(Resident, ticket.reporter_id)
    assignee = session.get(Resident, ticket.assignee_id) if ticket.assignee_id else None
    transfer = press(console, session, staff.person, f"/t_transfer:{ticket.id}") \
        if ticket.is_open else None
    people = [(b.data.rsplit(":", 1)[1], b.label) for b in (transfer.buttons if transfer else [])
              if b.data.startswith("/t_to:")]
    clock, late = sla_clock(tick, ticket)
    response = console.page(
        request, "_ticket.html", staff=staff, t=ticket, what=what(ticket),
        status=tick.t(f"ticket_status_{ticket.status}"), reporter=reporter, assignee=assignee,
        history=history_text(tick, ticket, for_staff=True).splitlines(), clock=clock,
        late=late, people=people, outcome=outcome)
    if outcome is not None:
        response.headers["HX-Trigger"] = "board-changed"
    return response


@router.get("/tickets/{ticket_id}", response_class=HTMLResponse)
def detail(request: Request, ticket_id: int) -> Response:
    """A ticket: the card, the history, the photo, the actions."""
    console: Console = request.app.state.console
    with console.unit() as session:
        staff = current_staff(request, session, "tickets")
        return _detail(request, console, session, staff, _ticket(session, staff, ticket_id))


@router.post("/tickets/{ticket_id}/act", response_class=HTMLResponse)
def act(request: Request, ticket_id: int, do: str = Form(...)) -> Response:
    """接单 / 处理中 / 已解决 / 不属于职责 / 关闭: the chat's button, pressed from here."""
    if do not in ACTIONS:
        raise HTTPException(400, "不认识的操作。")
    console: Console = request.app.state.console
    with console.unit() as session:
        staff = current_staff(request, session, "tickets")
        ticket = _ticket(session, staff, ticket_id)
        outcome = press(console, session, staff.person, "/" + ACTIONS[do].format(id=ticket.id))
        return _detail(request, console, session, staff, ticket, outcome)


@router.post("/tickets/{ticket_id}/transfer", response_class=HTMLResponse)
def transfer(request: Request, ticket_id: int, to: int = Form(...),
             note: str = Form("")) -> Response:
    """转派 with a note: the chosen person gets the ticket in the chat, with the buttons."""
    console: Console = request.app.state.console
    with console.unit() as session:
        staff = current_staff(request, session, "tickets")
        ticket = _ticket(session, staff, ticket_id)
        note = " ".join(note.split())[:200]
        outcome = press(console, session, staff.person, f"/t_to:{ticket.id}:{to}:{note}")
        return _detail(request, console, session, staff, ticket, outcome)


@router.get("/tickets/{ticket_id}/photo")
def photo(request: Request, ticket_id: int) -> Response:
    """The photo the resident sent (fetched from the messenger that holds it)."""
    console: Console = request.app.state.console
    with console.unit() as session:
        staff = current_staff(request, session, "tickets")
        ticket = _ticket(session, staff, ticket_id)
        file_id = ticket.photo
    content = console.photos(file_id) if file_id else None
    if content is None:
        raise HTTPException(404, "照片取不到了。")
    return Response(content, media_type="image/jpeg",
                    headers={"Cache-Control": "private, max-age=3600"})
