"""Help requests: a service becomes a BZ-... ticket routed to the team that offers it, with the
same lifecycle and "办好了吗？" follow-up; only that team (or the community) may act."""

from __future__ import annotations

from sqlalchemy import func, select

from actions.community.timebank import ledger_total, person_balance
from actions.core.pipeline import Incoming
from actions.db import session_scope
from actions.db.community import Resident
from actions.db.community_life import TimeAccount, TimeEntry
from actions.db.tickets import Ticket
from bot.console import ConsoleChat
from tests.helpers import play


def press(console: ConsoleChat, handle: str, data: str) -> str:
    start = len(console.out.getvalue())  # type: ignore[attr-defined]
    user_id = console.telegram_id(handle)
    console.linli.conversation.handle(Incoming("console", user_id, user_id, handle,
                                               button=data))
    console.deliver()
    return str(console.out.getvalue())[start:]  # type: ignore[attr-defined]


def test_a_haircut_goes_to_the_haircut_team_and_back(console: ConsoleChat) -> None:
    out = play(console, "钱淑珍: 想请人上门理发")
    assert "时间：都行" in out  # not asked: the read-back says how to name a time
    out = play(console, "钱淑珍: 明天上午")
    assert "时间：11月19日（周四）上午" in out
    out = play(console, "钱淑珍: 好的")
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


def _haircut_resolved_by_the_leader(console: ConsoleChat) -> int:
    """钱淑珍 asks for a haircut; 黄美华 (义剪队 leader and volunteer) resolves it."""
    play(console, "钱淑珍: 想请人上门理发\n钱淑珍: 明天上午\n钱淑珍: 好的")
    with session_scope(console.linli.sessions) as session:
        ticket_id = session.scalars(select(Ticket.id).where(
            Ticket.number == "BZ-20261118-001")).one()
    press(console, "黄美华", f"/t_accept:{ticket_id}")
    press(console, "黄美华", f"/t_resolve:{ticket_id}")
    return ticket_id


def _hours(console: ConsoleChat, name: str) -> tuple[int, int, int]:
    """A person's balance beyond the demo's history (黄美华 earned an hour for a haircut the
    week before), the ticket's ledger entries, and the ledger total."""
    with session_scope(console.linli.sessions) as session:
        person = session.scalars(select(Resident).where(Resident.name == name)).one()
        entries = session.scalars(select(TimeEntry).where(
            TimeEntry.ref == "ticket:BZ-20261118-001")).all()
        earned_before = session.scalar(select(func.coalesce(func.sum(TimeEntry.minutes), 0))
                                       .join(TimeAccount, TimeEntry.credit_id == TimeAccount.id)
                                       .where(TimeEntry.ref == "ticket:BZ-20261112-001",
                                              TimeAccount.person_id == person.id))
        return (person_balance(session, person=person) - earned_before, len(entries),
                ledger_total(session))


def test_a_confirmed_help_request_credits_its_volunteer_once(console: ConsoleChat) -> None:
    ticket_id = _haircut_resolved_by_the_leader(console)
    out = press(console, "钱淑珍", f"/t_fixed:{ticket_id}")
    assert "◂ 黄美华 | 您帮钱淑珍理发，时间银行记上1小时" in out
    assert _hours(console, "黄美华") == (60, 1, 0)
    out = press(console, "钱淑珍", f"/t_fixed:{ticket_id}")  # a second press
    assert "时间银行" not in out
    press(console, "钱淑珍", f"/t_notfixed:{ticket_id}")  # reopened, resolved, confirmed again
    press(console, "黄美华", f"/t_resolve:{ticket_id}")
    out = press(console, "钱淑珍", f"/t_fixed:{ticket_id}")
    assert "时间银行" not in out
    assert _hours(console, "黄美华") == (60, 1, 0)
    assert "帮钱淑珍理发" in play(console, "黄美华: 我的时间银行还有多少")


def test_staff_confirm_for_the_resident_and_the_volunteer_may_not(console: ConsoleChat) -> None:
    ticket_id = _haircut_resolved_by_the_leader(console)
    out = play(console, "孙丽: /ticket BZ-20261118-001")
    assert "[确认办好，结单]" in out
    out = press(console, "黄美华", f"/t_close:{ticket_id}:done")  # her own work
    assert "是您办的" in out and _hours(console, "黄美华") == (0, 0, 0)
    out = press(console, "孙丽", f"/t_close:{ticket_id}:done")  # the grid worker
    assert "◂ 黄美华 | 您帮钱淑珍理发，时间银行记上1小时" in out
    assert "◂ 钱淑珍 | 您报的理发（9栋2单元102）已经办好，结单了" in out
    out = press(console, "孙丽", f"/t_close:{ticket_id}:done")
    assert "已经是「已关闭（已确认）」" in out and "时间银行" not in out
    assert _hours(console, "黄美华") == (60, 1, 0)


def test_closing_without_confirmation_or_by_a_non_volunteer_credits_nothing(
        console: ConsoleChat) -> None:
    play(console, "张桂兰: 帮我交一下这个月的水电费\n张桂兰: [跳过]\n张桂兰: [确认]")
    with session_scope(console.linli.sessions) as session:
        ticket_id = session.scalars(select(Ticket.id).where(
            Ticket.number == "BZ-20261118-001")).one()
    out = press(console, "孙丽", f"/t_close:{ticket_id}:done")
    assert "还没有标「已解决」" in out
    press(console, "孙丽", f"/t_resolve:{ticket_id}")  # a grid worker, not a volunteer
    out = press(console, "张桂兰", f"/t_fixed:{ticket_id}")
    assert "时间银行" not in out
    assert _hours(console, "孙丽") == (0, 0, 0)


def test_a_relative_day_is_kept_as_the_date_it_meant(console: ConsoleChat) -> None:
    """后天上午 said on Wednesday 18 November is Friday 20 November, read any day later."""
    out = play(console, "钱淑珍: 想请人上门理发\n钱淑珍: 后天上午")
    assert "11月20日（周五）上午" in out  # the read-back says the date
    play(console, "钱淑珍: 好的")
    with session_scope(console.linli.sessions) as session:
        ticket = session.scalars(select(Ticket).where(
            Ticket.number == "BZ-20261118-001")).one()
        assert "11月20日（周五）上午" in ticket.description
        assert "后天" not in ticket.description


def test_a_day_in_the_first_words_is_dated_too(console: ConsoleChat) -> None:
    play(console, "张桂兰: 下周三帮我交一下水电费\n张桂兰: [跳过]\n张桂兰: [确认]")
    with session_scope(console.linli.sessions) as session:
        ticket = session.scalars(select(Ticket).where(
            Ticket.number == "BZ-20261118-001")).one()
        assert "11月25日（周三）帮我交一下水电费" in ticket.description
