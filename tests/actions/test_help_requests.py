"""Help requests: a service becomes a BZ-... ticket routed to the team that offers it, with the
same lifecycle and "办好了吗？" follow-up; only that team (or the community) may act."""

from __future__ import annotations

from sqlalchemy import select

from actions.db import session_scope
from actions.db.tickets import Ticket
from actions.pipeline import Incoming
from bot.console import ConsoleChat


def play(console: ConsoleChat, script: str) -> str:
    """Replay lines, return only what this call printed."""
    start = len(console.out.getvalue())  # type: ignore[attr-defined]
    console.run_script(script.strip().splitlines())
    return str(console.out.getvalue())[start:]  # type: ignore[attr-defined]


def press(console: ConsoleChat, handle: str, data: str) -> str:
    start = len(console.out.getvalue())  # type: ignore[attr-defined]
    user_id = console.telegram_id(handle)
    console.linli.conversation.handle(Incoming("console", user_id, user_id, handle,
                                               button=data))
    console.deliver()
    return str(console.out.getvalue())[start:]  # type: ignore[attr-defined]


def test_a_haircut_goes_to_the_haircut_team_and_back(console: ConsoleChat) -> None:
    out = play(console, "钱淑珍: 想请人上门理发")
    assert "什么时候方便" in out
    out = play(console, "钱淑珍: 明天上午\n钱淑珍: 好的")
    assert "请人帮忙：理发" in out or "登记好了" in out
    assert "编号 BZ-20261118-001" in out
    assert "◂ 黄美华 | 【新求助】BZ-20261118-001" in out  # the 义剪队 team leader
    with session_scope(console.linli.sessions) as session:
        ticket = session.scalars(select(Ticket).where(
            Ticket.number == "BZ-20261118-001")).one()
    out = press(console, "马卫东", f"/t_accept:{ticket.id}")  # leader of another team
    assert "没有这个权限" in out
    out = press(console, "黄美华", f"/t_accept:{ticket.id}")
    assert "◂ 钱淑珍 | 您报的理发" in out and "黄美华会尽快处理" in out
    out = press(console, "黄美华", f"/t_resolve:{ticket.id}")
    assert "办好了吗？" in out and "[办好了] [还没办好]" in out


def test_paying_bills_goes_to_the_grid_worker(console: ConsoleChat) -> None:
    out = play(console, "张桂兰: 帮我交一下这个月的水电费\n张桂兰: [跳过]\n张桂兰: [确认]")
    assert "◂ 孙丽 | 【新求助】BZ-20261118-001" in out  # 10号楼: the third grid
