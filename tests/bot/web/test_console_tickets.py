"""The tickets board: who sees which tickets, the filters and SLA clocks, and the actions, which
run the chat's handlers (same audit rows, same messages to the resident)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select

from actions.core.clock import ManualClock
from actions.db import session_scope
from actions.db.conversation import AuditLog, OutboxMessage
from actions.db.tickets import Ticket, TicketEvent
from bot.console import ConsoleChat
from bot.wiring import Linli
from tests.bot.web.conftest import JPEG
from tests.helpers import play

Client = Callable[[str], TestClient]
START = datetime(2026, 11, 18, tzinfo=UTC)
WANG = 10001  # 王秀英's chat


def report_light(console: ConsoleChat) -> Ticket:
    """王秀英 reports the corridor light of 3栋2单元 in the chat; the ticket."""
    play(console, "王秀英: 3栋2单元楼道灯不亮了\n王秀英: [跳过]\n王秀英: [确认]")
    with session_scope(console.linli.sessions) as session:
        return session.scalars(select(Ticket).where(Ticket.created_at >= START)
                               .order_by(Ticket.id.desc())).first()  # type: ignore[return-value]


def to_chat(linli: Linli, chat_id: int) -> list[str]:
    """Every message queued for a chat, oldest first."""
    with session_scope(linli.sessions) as session:
        return list(session.scalars(select(OutboxMessage.text).where(
            OutboxMessage.chat_id == chat_id).order_by(OutboxMessage.id)))


def audits(linli: Linli, action: str) -> list[AuditLog]:
    """Audit rows of one action."""
    with session_scope(linli.sessions) as session:
        return list(session.scalars(select(AuditLog).where(AuditLog.action == action)))


def wang_chat(linli: Linli) -> int:
    from actions.db.community import Resident

    with session_scope(linli.sessions) as session:
        return session.scalars(select(Resident.telegram_id).where(
            Resident.name == "王秀英")).one()  # type: ignore[return-value]


def test_the_grid_worker_sees_the_new_ticket_with_its_clock(
        console: ConsoleChat, staff_client: Client) -> None:
    ticket = report_light(console)
    page = staff_client("刘芳").get("/tickets")
    assert page.status_code == 200
    assert f'id="ticket-{ticket.id}"' in page.text
    new_column = page.text.split('data-status="new"')[1].split('data-status="assigned"')[0]
    assert ticket.number in new_column and "接单还剩4小时" in new_column


def test_others_do_not_see_a_ticket_that_is_not_theirs(
        console: ConsoleChat, staff_client: Client) -> None:
    ticket = report_light(console)
    chen = staff_client("陈伟")  # the second grid's worker
    assert ticket.number not in chen.get("/tickets").text
    assert chen.get(f"/tickets/{ticket.id}").status_code == 404
    assert chen.post(f"/tickets/{ticket.id}/act", data={"do": "accept"}).status_code == 404
    canteen = staff_client("吴桂芳")
    assert ticket.number not in canteen.get("/tickets").text
    assert staff_client("周敏").get(f"/tickets/{ticket.id}").status_code == 200  # admin


def test_accept_and_resolve_send_what_the_chat_sends_and_are_audited(
        linli: Linli, console: ConsoleChat, staff_client: Client) -> None:
    ticket = report_light(console)
    liu = staff_client("刘芳")
    before = len(to_chat(linli, wang_chat(linli)))
    done = liu.post(f"/tickets/{ticket.id}/act", data={"do": "accept"})
    assert done.status_code == 200 and done.headers["HX-Trigger"] == "board-changed"
    assert "flash ok" in done.text and "已派单" in done.text
    pushed = to_chat(linli, wang_chat(linli))[before:]
    assert any("有人负责了：刘芳" in text for text in pushed)
    done = liu.post(f"/tickets/{ticket.id}/act", data={"do": "resolve"})
    assert "已解决" in done.text
    assert any("修好了吗" in text for text in to_chat(linli, wang_chat(linli)))
    assert [a.target for a in audits(linli, "ticket_accept")] == [f"ticket:{ticket.id}"]
    assert [a.target for a in audits(linli, "ticket_resolve")] == [f"ticket:{ticket.id}"]
    with session_scope(linli.sessions) as session:
        assert session.get_one(Ticket, ticket.id).status == "resolved"
    # the resident answers in the chat, as after a chat button
    out = play(console, "王秀英: [修好了]")
    assert "评" in out or "分" in out


def test_the_chat_refusal_is_shown_not_done(linli: Linli, console: ConsoleChat,
                                            staff_client: Client) -> None:
    ticket = report_light(console)
    staff_client("刘芳").post(f"/tickets/{ticket.id}/act", data={"do": "accept"})
    taken = staff_client("何经理").post(f"/tickets/{ticket.id}/act", data={"do": "accept"})
    assert "已经由刘芳" in taken.text or "刘芳" in taken.text
    with session_scope(linli.sessions) as session:
        assert session.get_one(Ticket, ticket.id).assignee_id is not None
    assert len(audits(linli, "ticket_accept")) == 1


def test_transfer_with_a_note(linli: Linli, console: ConsoleChat,
                              staff_client: Client) -> None:
    ticket = report_light(console)
    liu = staff_client("刘芳")
    panel = liu.get(f"/tickets/{ticket.id}").text
    assert "转派给" in panel and "何经理" in panel
    from actions.db.community import Resident

    with session_scope(linli.sessions) as session:
        he = session.scalars(select(Resident).where(Resident.name == "何经理")).one()
    done = liu.post(f"/tickets/{ticket.id}/transfer", data={"to": he.id, "note": "需要带梯子"})
    assert "flash ok" in done.text
    assert any("备注：需要带梯子" in text for text in to_chat(linli, he.telegram_id or 0))
    with session_scope(linli.sessions) as session:
        notes = session.scalars(select(TicketEvent.note).where(
            TicketEvent.ticket_id == ticket.id)).all()
    assert "转派给何经理：需要带梯子" in notes
    assert not any("梯子" in text for text in to_chat(linli, wang_chat(linli)))
    [row] = audits(linli, "ticket_transfer")
    assert row.detail == {"to": he.id}


def test_unknown_actions_and_missing_csrf_are_refused(console: ConsoleChat,
                                                      staff_client: Client) -> None:
    ticket = report_light(console)
    liu = staff_client("刘芳")
    assert liu.post(f"/tickets/{ticket.id}/act", data={"do": "drop_table"}).status_code == 400
    del liu.headers["X-CSRF-Token"]
    assert liu.post(f"/tickets/{ticket.id}/act", data={"do": "accept"}).status_code == 403


def test_filters_and_overdue(console: ConsoleChat, staff_client: Client,
                             clock: ManualClock) -> None:
    ticket = report_light(console)
    liu = staff_client("刘芳")
    assert ticket.number in liu.get("/tickets/board?building=3").text
    assert ticket.number not in liu.get("/tickets/board?building=5").text
    assert ticket.number in liu.get("/tickets/board?category=楼道灯").text
    assert ticket.number not in liu.get("/tickets/board?category=电梯").text
    assert ticket.number not in liu.get("/tickets/board?overdue=1").text
    for _ in range(5):  # the page refreshes itself every minute; the session stays alive
        clock.advance(timedelta(hours=1))
        liu.get("/tickets/board")
    late = liu.get("/tickets/board?overdue=1").text
    assert ticket.number in late and "接单已超时1小时" in late and "card late" in late


def test_the_history_and_the_photo(linli: Linli, console: ConsoleChat,
                                   staff_client: Client) -> None:
    ticket = report_light(console)
    liu = staff_client("刘芳")
    panel = liu.get(f"/tickets/{ticket.id}").text
    assert "待受理 · 王秀英" in panel and "经过" in panel
    assert "13" in panel  # the reporter's phone, for the handler who calls back
    assert liu.get(f"/tickets/{ticket.id}/photo").status_code == 404  # none sent
    with session_scope(linli.sessions) as session:
        session.get_one(Ticket, ticket.id).photo = "AgACAgUAAxkBAAI-file-id"
    assert 'src="/tickets/' in liu.get(f"/tickets/{ticket.id}").text
    got = liu.get(f"/tickets/{ticket.id}/photo")
    assert got.status_code == 200 and got.content == JPEG
