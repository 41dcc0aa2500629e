"""The red mailbox: letters waiting for an answer (deadlines first), answered in place through
the chat's own code; an anonymous writer stays anonymous here too."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Form, HTTPException, Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from actions.db.community import Resident
from actions.db.mailbox import MailboxItem
from actions.mailbox import answer_letter
from bot.web.acting import Outcome, WebContext, press, run
from bot.web.auth import Staff, current_staff
from bot.web.state import Console

router = APIRouter()
ANSWERED_DAYS = 30


def _letters(console: Console, session: Session, staff: Staff) -> list[dict[str, object]]:
    now, tick = console.now(), console.tick(session)
    query = (select(MailboxItem, Resident).join(Resident, Resident.id == MailboxItem.person_id)
             .where(MailboxItem.community_id.in_(staff.communities("mailbox")), or_(
                 MailboxItem.status != "answered",
                 MailboxItem.answered_at >= now - timedelta(days=ANSWERED_DAYS)))
             .order_by(MailboxItem.status == "answered", MailboxItem.due_at))
    letters = []
    for item, writer in session.execute(query):
        letters.append({
            "item": item, "status": tick.t(f"mailbox_status_{item.status}"),
            "late": item.status != "answered" and now > item.due_at,
            "writer": None if item.anonymous else writer,
        })
    return letters


def _page(request: Request, console: Console, session: Session, staff: Staff, *,
          outcome: Outcome | None = None, partial: bool = False) -> Response:
    return console.page(request, "_letters.html" if partial else "mailbox.html", staff=staff,
                        current="mailbox", letters=_letters(console, session, staff),
                        outcome=outcome)


@router.get("/mailbox", response_class=HTMLResponse)
def mailbox_page(request: Request) -> Response:
    """Letters waiting, then those answered in the last month."""
    console: Console = request.app.state.console
    with console.unit() as session:
        return _page(request, console, session, current_staff(request, session, "mailbox"))


def _letter(session: Session, staff: Staff, item_id: int) -> MailboxItem:
    item = session.get(MailboxItem, item_id)
    if item is None or item.community_id not in staff.communities("mailbox"):
        raise HTTPException(404, "没有这封来信。")
    return item


@router.post("/mailbox/{item_id}/progress", response_class=HTMLResponse)
def mark_in_progress(request: Request, item_id: int) -> Response:
    """处理中: the writer hears the community is on it."""
    console: Console = request.app.state.console
    with console.unit() as session:
        staff = current_staff(request, session, "mailbox")
        item = _letter(session, staff, item_id)
        outcome = press(console, session, staff.person, f"/mb_progress:{item.id}")
        return _page(request, console, session, staff, outcome=outcome, partial=True)


@router.post("/mailbox/{item_id}/answer", response_class=HTMLResponse)
def answer(request: Request, item_id: int, text: str = Form("")) -> Response:
    """The answer, sent to the writer (anonymous or not) as the chat sends it."""
    console: Console = request.app.state.console
    with console.unit() as session:
        staff = current_staff(request, session, "mailbox")
        item = _letter(session, staff, item_id)

        def action(ctx: WebContext) -> None:
            answer_letter(ctx, item.id, text)

        outcome = run(console, session, staff.person, action, name="mailbox_answer")
        return _page(request, console, session, staff, outcome=outcome, partial=True)
