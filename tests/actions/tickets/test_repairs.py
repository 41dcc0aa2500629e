"""Repairs end to end: the form, routing, "+1", staff buttons and roles, SLA escalation, the
follow-up with reopen and score, queries (own tickets only), staff commands, restarts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from actions.core.clock import ManualClock
from actions.core.pipeline import Incoming
from actions.core.settings import Settings
from actions.db import session_scope
from actions.db.conversation import AuditLog, OutboxMessage
from actions.db.tickets import Emergency, Ticket, TicketEscalation, TicketEvent, TicketFollower
from bot.console import ConsoleChat
from bot.wiring import Linli, build
from nlu import NluModel
from tests.factories import make_resident
from tests.helpers import play

START = datetime(2026, 11, 18, tzinfo=UTC)
SCRIPT = Path(__file__).resolve().parents[3] / "docs" / "scripts" / "repairs.txt"


def press(console: ConsoleChat, handle: str, data: str, *, chat_id: int | None = None) -> str:
    """Press a button by its data (whether or not this person was shown it)."""
    start = len(console.out.getvalue())  # type: ignore[attr-defined]
    user_id = console.telegram_id(handle)
    console.linli.conversation.handle(Incoming("console", user_id, chat_id or user_id, handle,
                                               button=data))
    console.deliver()
    return str(console.out.getvalue())[start:]  # type: ignore[attr-defined]


def tickets(linli: Linli) -> list[Ticket]:
    """The tickets made during the test (the demo's finished history left out)."""
    with session_scope(linli.sessions) as session:
        return list(session.scalars(select(Ticket).where(Ticket.created_at >= START)
                                    .order_by(Ticket.id)))


def report_light(console: ConsoleChat) -> Ticket:
    """王秀英 reports the corridor light of 3栋2单元; the ticket."""
    play(console, "王秀英: 3栋2单元楼道灯不亮了\n王秀英: [跳过]\n王秀英: [确认]")
    return tickets(console.linli)[-1]


def test_the_issue_story_replays(console: ConsoleChat) -> None:
    console.run_script(SCRIPT.read_text(encoding="utf-8").splitlines())
    out = str(console.out.getvalue())  # type: ignore[attr-defined]
    assert "报修登记好了 ✅ 编号 BX-20261118-001" in out
    assert "◂ 刘芳 | 【新报修】BX-20261118-001" in out
    assert "◂ 何经理 | 【新报修】BX-20261118-001" in out
    assert "◂ 郑国强 | 这个问题已经有人报了（BX-20261118-001），待受理" in out
    assert "◂ 孙丽 | 【超时未接单】BX-20261118-001" in out
    assert "◂ 郑国强 | 您报的楼道灯（3栋2单元）有人负责了：刘芳" in out
    # one ticket in hand: shown whole, with who has it
    assert "楼道灯（3栋2单元）（BX-20261118-001）现在：已派单，刘芳负责" in out
    assert "修好了吗？" in out and "已经重新交给工作人员了" in out
    assert "◂ 刘芳 | 【居民说还没好·重新打开】" in out
    assert "给这次服务打个分" in out and "谢谢您的评价" in out
    assert "已关闭（已确认）" in out and "评分 5 · 王秀英" in out
    [ticket] = tickets(console.linli)
    assert (ticket.status, ticket.score, ticket.reopened) == ("closed", 5, 1)
    with session_scope(console.linli.sessions) as session:
        changes = session.scalars(select(TicketEvent.status).where(
            TicketEvent.ticket_id == ticket.id,
            TicketEvent.status_from.is_distinct_from(TicketEvent.status))).all()
        assert changes == ["new", "assigned", "in_progress", "resolved", "assigned", "resolved",
                           "closed"]
        actions = session.scalars(select(AuditLog.action).order_by(AuditLog.id)).all()
        assert actions == ["ticket_accept", "ticket_progress", "ticket_resolve",
                           "ticket_resolve"]


def test_the_form_asks_only_what_is_missing_and_routes_by_building(console: ConsoleChat
                                                                   ) -> None:
    out = play(console, "李建国: 电梯坏了")
    assert "在哪儿呢" in out
    out = play(console, "李建国: 5号楼")
    assert "几单元" in out
    out = play(console, "李建国: 1单元\n李建国: [跳过]")
    assert "报修：电梯" in out and "地点：5栋1单元" in out
    out = play(console, "李建国: 对")
    assert "◂ 陈伟 | 【新报修】BX-20261118-001" in out  # the grid worker of building 5
    assert "◂ 何经理 | 【新报修】" in out  # elevators: property
    assert "◂ 刘芳" not in out
    assert "一般1小时内有人接单" in out


def test_a_repair_at_home_uses_the_verified_address_and_keeps_a_photo(console: ConsoleChat
                                                                      ) -> None:
    out = play(console, "王秀英: 我家厨房的下水道堵了")
    assert "照片：没有（有照片的话直接发过来）" in out  # not asked: sent at the read-back
    user_id = console.telegram_id("王秀英")
    console.linli.conversation.handle(Incoming("console", user_id, user_id, "王秀英",
                                               photo="tg-file-123"))
    console.deliver()
    out = play(console, "王秀英: [确认]")
    assert "3栋2单元501（家里）" in out and "照片：有" in out
    [ticket] = tickets(console.linli)
    assert (ticket.category, ticket.photo, ticket.household_id is not None) == (
        "下水道", "tg-file-123", True)
    assert "◂ [幸福里社区工作群] | [照片] " in out  # staff see the photo itself


def test_danger_words_skip_the_form_for_the_emergency_path(console: ConsoleChat) -> None:
    out = play(console, "李建国: 7号楼楼道里的电线冒烟了")
    assert "打 119" in out or "打 120" in out
    assert "◂ 陈伟 | 🚨【紧急" in out
    assert "在哪儿呢" not in out and "拍张照片" not in out
    assert tickets(console.linli) == []
    with session_scope(console.linli.sessions) as session:
        assert session.scalar(select(func.count()).select_from(Emergency)) == 1


def test_the_same_light_twice_makes_a_follower_not_a_ticket(console: ConsoleChat) -> None:
    ticket = report_light(console)
    out = play(console, "郑国强: 3号楼的楼道灯也不亮了")  # no unit: still the same light
    assert "这个问题已经有人报了（BX-20261118-001）" in out
    out = play(console, "王秀英: 3栋2单元楼道灯不亮了")
    assert "您已经报过了" in out
    out = play(console, "李建国: 3号楼3单元楼道灯不亮了\n李建国: [跳过]\n李建国: [确认]")
    assert "BX-20261118-002" in out  # another unit is another light
    with session_scope(console.linli.sessions) as session:
        follows = session.scalars(select(TicketFollower.ticket_id)).all()
    assert follows == [ticket.id]


def test_a_duplicate_is_only_looked_for_within_seven_days(console: ConsoleChat,
                                                           clock: ManualClock) -> None:
    report_light(console)
    clock.advance(timedelta(days=8))
    out = play(console, "郑国强: 3栋2单元楼道灯不亮了\n郑国强: [跳过]\n郑国强: [确认]")
    assert "报修登记好了" in out and "BX-20261126-001" in out


def test_only_the_right_staff_may_act_and_every_action_is_audited(console: ConsoleChat) -> None:
    ticket = report_light(console)
    out = press(console, "王秀英", f"/t_accept:{ticket.id}")
    assert "没有这个权限" in out
    out = press(console, "陈伟", f"/t_accept:{ticket.id}")  # a grid worker of another grid
    assert "没有这个权限" in out
    out = press(console, "何经理", f"/t_accept:{ticket.id}")  # property handles lights
    assert "已接单" in out
    out = press(console, "刘芳", f"/t_accept:{ticket.id}")
    assert "已经由何经理接单了" in out
    press(console, "何经理", f"/t_resolve:{ticket.id}")
    out = press(console, "何经理", f"/t_resolve:{ticket.id}")
    assert "不用再点了" in out
    with session_scope(console.linli.sessions) as session:
        rows = session.scalars(select(AuditLog).order_by(AuditLog.id)).all()
        assert [(r.action, r.target) for r in rows] == [
            ("ticket_accept", f"ticket:{ticket.id}"), ("ticket_resolve", f"ticket:{ticket.id}")]


def test_transfer_and_not_our_job(console: ConsoleChat) -> None:
    ticket = report_light(console)
    out = press(console, "刘芳", f"/t_transfer:{ticket.id}")
    assert "转给谁" in out and "何经理（物业）" in out
    out = press(console, "刘芳", f"/t_to:{ticket.id}:{_person_id(console, '何经理')}")
    assert "◂ 何经理 | 【转给您的报修】BX-20261118-001" in out
    assert "◂ 王秀英 | 您报的楼道灯（3栋2单元）有人负责了：何经理" in out
    assert "已转给何经理" in out
    out = press(console, "何经理", f"/t_reject:{ticket.id}")
    assert "◂ 王秀英 | 您报的楼道灯（3栋2单元）不归社区和物业管" in out
    assert tickets(console.linli)[0].close_reason == "不属于职责"


def _person_id(console: ConsoleChat, name: str) -> int:
    from actions.db.community import Resident

    with session_scope(console.linli.sessions) as session:
        return session.scalars(select(Resident.id).where(Resident.name == name)).one()


def test_sla_escalates_each_level_once(console: ConsoleChat, clock: ManualClock) -> None:
    out = play(console, "王秀英: 我家水管爆了，水一直往外喷\n王秀英: [跳过]\n王秀英: [确认]")
    assert "一般30分钟内有人接单" in out
    out = play(console, "@wait 31m")
    assert "◂ 孙丽 | 【超时未接单】BX-20261118-001" in out
    assert "◂ 周敏" not in out
    console.tick()
    out = play(console, "@wait 30m")  # one more span: the admin
    assert "◂ 周敏 | 【超时未接单】" in out and "◂ 孙丽" not in out
    ticket = tickets(console.linli)[0]
    press(console, "刘芳", f"/t_accept:{ticket.id}")
    clock.set(ticket.resolve_due_at + timedelta(minutes=1))
    out = play(console, "@wait 1m")
    assert "◂ 孙丽 | 【超时未解决】BX-20261118-001" in out
    console.linli.conversation.run_jobs()
    with session_scope(console.linli.sessions) as session:
        stages = session.execute(select(TicketEscalation.stage, TicketEscalation.level)
                                 .order_by(TicketEscalation.id)).all()
        sent = session.scalar(select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.text.like("%超时未%")))
    assert [tuple(s) for s in stages] == [("accept", 1), ("accept", 2), ("resolve", 1)]
    assert sent == 5  # 孙丽 and the staff group, 周敏, then 孙丽 and the group again
    out = play(console, "周敏: /tickets 超时")
    assert "BX-20261118-001" in out and "⚠超时" in out


def test_not_fixed_reopens_within_30_days_only(console: ConsoleChat, clock: ManualClock) -> None:
    ticket = report_light(console)
    press(console, "刘芳", f"/t_resolve:{ticket.id}")
    press(console, "王秀英", f"/t_fixed:{ticket.id}")
    clock.advance(timedelta(days=31))
    out = press(console, "王秀英", f"/t_notfixed:{ticket.id}")
    assert "过去一个多月了" in out
    assert tickets(console.linli)[0].status == "closed"
    out = press(console, "郑国强", f"/t_notfixed:{ticket.id}")  # not the reporter
    assert "已经过去了" in out


def test_a_typed_answer_counts_as_the_follow_up_button(console: ConsoleChat) -> None:
    ticket = report_light(console)
    press(console, "刘芳", f"/t_resolve:{ticket.id}")
    out = play(console, "王秀英: 还没好")
    assert "已经重新交给工作人员了" in out
    assert tickets(console.linli)[0].status == "assigned"


def test_an_unconfirmed_ticket_closes_after_a_week(console: ConsoleChat,
                                                   clock: ManualClock) -> None:
    ticket = report_light(console)
    press(console, "刘芳", f"/t_resolve:{ticket.id}")
    clock.advance(timedelta(days=7, minutes=1))
    console.tick()
    assert (tickets(console.linli)[0].status, tickets(console.linli)[0].close_reason) == (
        "closed", "自动")


def test_a_resident_sees_only_their_own_tickets(console: ConsoleChat) -> None:
    report_light(console)
    out = play(console, "李建国: 我报的修怎么样了")
    assert "没有在办的" in out and "楼道灯" not in out
    out = play(console, "李建国: BX-20261118-001怎么样了")
    assert "没有找到您的 BX-20261118-001" in out and "王秀英" not in out
    out = play(console, "王秀英: BX-20261118-001怎么样了")
    assert "楼道灯（3栋2单元）（BX-20261118-001）现在：待受理" in out
    assert "王秀英" not in out.split("现在")[1]  # residents see no names in the history
    out = play(console, "王秀英: /tickets")
    assert "工作人员用的" in out


def test_staff_list_counts_beyond_the_page(console: ConsoleChat) -> None:
    """Twenty-two open tickets: twenty lines shown, the count and the two more said."""
    first = report_light(console)
    with session_scope(console.linli.sessions) as session:
        for n in range(2, 23):
            session.add(Ticket(
                community_id=first.community_id, number=f"BX-20261118-{n:03d}", kind="repair",
                category="楼道灯", status="new", reporter_id=first.reporter_id,
                handling_role=first.handling_role, grid_id=first.grid_id,
                building_id=first.building_id, place=first.place,
                created_at=first.created_at + timedelta(minutes=n),
                accept_due_at=first.accept_due_at, resolve_due_at=first.resolve_due_at))
    out = play(console, "刘芳: /tickets")
    assert "共 22 条" in out and "还有2条" in out
    assert "BX-20261118-020" in out and "BX-20261118-021" not in out  # the oldest first
    out = play(console, "刘芳: /tickets 处理中")
    assert "没有符合条件" in out


def test_staff_list_and_show_tickets_with_filters(console: ConsoleChat) -> None:
    report_light(console)
    play(console, "李建国: 7号楼1单元电梯坏了\n李建国: [跳过]\n李建国: [确认]")
    out = play(console, "刘芳: /tickets")
    assert "共 2 条" in out
    out = play(console, "刘芳: /tickets 7栋")
    assert "共 1 条" in out and "电梯（7栋1单元）" in out
    out = play(console, "刘芳: /tickets 楼道灯")
    assert "共 1 条" in out and "楼道灯（3栋2单元）" in out
    out = play(console, "刘芳: /tickets 超时")
    assert "没有符合条件" in out
    out = play(console, "陈伟: /ticket BX-20261118-002")  # the grid worker of building 7
    assert "报告人：李建国，13602211002，7栋1单元302" in out and "处理记录" in out
    assert "[重复，关闭] [无需处理]" in out
    out = play(console, "刘芳: /ticket BX-20261118-002")  # another grid's: no phone, no address
    assert "13602211002" not in out and "7栋1单元302" not in out and "处理记录" in out
    assert "[重复，关闭]" not in out  # and no buttons for what is not hers


def test_a_long_list_counts_every_open_ticket_and_shows_the_oldest(console: ConsoleChat
                                                                   ) -> None:
    first = report_light(console)
    with session_scope(console.linli.sessions) as session:
        template = session.get_one(Ticket, first.id)
        for n in range(1, 24):
            session.add(Ticket(
                community_id=template.community_id, number=f"BX-LIST-{n:03d}", kind="repair",
                category="水管", status="new", reporter_id=template.reporter_id,
                handling_role=template.handling_role, place="", description="漏水",
                created_at=template.created_at + timedelta(minutes=n),
                accept_due_at=template.accept_due_at, resolve_due_at=template.resolve_due_at,
                reopened=0))
    out = play(console, "刘芳: /tickets")
    assert "共 24 条" in out and "还有4条" in out
    assert first.number in out and "BX-LIST-019" in out and "BX-LIST-020" not in out


def test_the_digest_goes_out_once_a_day_after_0830(console: ConsoleChat,
                                                   clock: ManualClock) -> None:
    report_light(console)
    out = play(console, "@at 2026-11-19 08:29")
    assert "日报" not in out
    out = play(console, "@wait 3m")
    assert out.count("【11月19日 报修求助日报】") == 1 and "在办 1 条" in out


def test_nothing_is_lost_across_a_restart(settings: Settings, clock: ManualClock,
                                          nlu_model: NluModel, console: ConsoleChat) -> None:
    play(console, "王秀英: 3栋2单元楼道灯不亮了")  # the form waits for the photo
    ticket_count = len(tickets(console.linli))
    clock.advance(timedelta(minutes=1))  # a new console numbers its updates from the clock
    second = build(settings, clock=clock, parser=nlu_model, migrate=False)
    try:
        again = ConsoleChat(second, out=console.out)
        out = play(again, "王秀英: 跳过\n王秀英: 好的")
        assert "报修登记好了" in out
        [ticket] = tickets(second)
        assert ticket_count == 0
        press(again, "刘芳", f"/t_accept:{ticket.id}")
        third = build(settings, clock=clock, parser=nlu_model, migrate=False)
        try:
            after = ConsoleChat(third, out=console.out)
            out = press(after, "刘芳", f"/t_resolve:{ticket.id}")
            assert "◂ 王秀英 | 您报的楼道灯（3栋2单元），工作人员说已经修好了" in out
            with session_scope(third.sessions) as session:
                assert session.scalars(select(TicketEvent.status).where(
                    TicketEvent.ticket_id == ticket.id).order_by(TicketEvent.id)).all() == [
                    "new", "assigned", "resolved"]
        finally:
            third.engine.dispose()
    finally:
        second.engine.dispose()


def test_a_resident_added_by_a_factory_can_report(console: ConsoleChat) -> None:
    with session_scope(console.linli.sessions) as session:
        person = make_resident(session, name="测试居民甲", building="9", unit="1", room="201")
        user_id = person.telegram_id
    assert user_id is not None
    out = play(console, "测试居民甲: 9号楼1单元楼道灯不亮了\n测试居民甲: [跳过]\n"
                        "测试居民甲: [确认]")
    assert "◂ 孙丽 | 【新报修】" in out  # 9号楼 is in the third grid


def test_a_unit_stated_without_a_building_is_asked_for_not_a_crash(console: ConsoleChat) -> None:
    out = play(console, "李建国: 2单元楼道灯不亮了")
    assert "出了点小问题" not in out
    assert "几号楼" in out or "在哪儿" in out
