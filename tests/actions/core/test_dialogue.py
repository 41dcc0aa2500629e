"""The conversation core: forms, cancel, topic switch, failures, expiry, restart, redelivery."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from actions.core.clock import ManualClock
from actions.core.context import Context
from actions.core.errors import Refused
from actions.core.people import audit
from actions.core.pipeline import Incoming
from actions.db import session_scope
from actions.db.community import Resident
from actions.db.conversation import AuditLog, InboxItem, OutboxMessage
from bot.console import ConsoleChat
from bot.wiring import Linli, build
from tests.helpers import play


def test_register_form_asks_validates_reads_back_and_staff_verifies(console: ConsoleChat) -> None:
    out = play(console, """
小刘: 我要登记住址
小刘: 刘小明
小刘: 3号楼
小刘: 9单元
小刘: 2单元
小刘: 501
小刘: 跳过
""")
    assert "您住几号楼" in out
    assert "3号楼没有9单元" in out
    assert "住址：幸福里社区3号楼2单元501" in out and "电话：（没留）" in out
    out = play(console, "小刘: 好的\n刘芳: [核实通过]")
    assert "◂ 刘芳 | 【新登记待核实】刘小明，3栋2单元501" in out
    assert "◂ [幸福里社区工作群] | 【新登记待核实】" in out
    assert "◂ 刘小明 | 您好，您的住址（3栋2单元501）已经核实好了" in out


def test_entities_in_first_message_fill_slots(console: ConsoleChat) -> None:
    out = play(console, "小刘: 我叫刘小明，住3号楼2单元501，帮我登记一下")
    assert "留个电话" in out
    assert "您住几号楼" not in out


def test_cancel_leaves_the_form(console: ConsoleChat) -> None:
    out = play(console, "小刘: 我要登记住址\n小刘: 算了")
    assert "「登记住址」不办了" in out
    out = play(console, "小刘: 你好")
    assert "您好" in out and "几号楼" not in out


def test_topic_switch_answers_then_comes_back(console: ConsoleChat) -> None:
    out = play(console, "小刘: 我要登记住址\n小刘: 刘小明\n小刘: 社区办公室几点上班")
    assert "我们接着刚才的「登记住址」" in out
    assert out.rstrip().endswith("您住几号楼？（比如：3号楼）")


def test_two_failed_answers_explain_and_offer_to_stop(console: ConsoleChat) -> None:
    out = play(console, "小刘: 我要登记住址\n小刘: 刘小明\n小刘: 99号楼\n小刘: 88号楼")
    assert out.count("我们社区没有") == 2
    assert "这一步好像有点难" in out and "[继续填写] [不办了]" in out
    out = play(console, "小刘: [继续填写]")
    assert "您住几号楼" in out


def test_typed_yes_counts_as_the_button(console: ConsoleChat) -> None:
    play(console, "小刘: 我叫刘小明，住3号楼2单元501，帮我登记一下\n小刘: 跳过")
    out = play(console, "小刘: 确认")
    assert "登记好了" in out


def test_quiet_form_expires(console: ConsoleChat, linli: Linli) -> None:
    play(console, "小刘: 我要登记住址")
    linli.clock.advance(timedelta(minutes=45))  # type: ignore[attr-defined]
    out = play(console, "小刘: 你好")
    assert "隔得太久了" in out


def test_form_survives_a_restart(console: ConsoleChat, linli: Linli) -> None:
    play(console, "小刘: 我要登记住址\n小刘: 刘小明")
    restarted = build(linli.settings, clock=linli.clock, parser=linli.conversation.parser,
                      migrate=False)
    try:
        console2 = ConsoleChat(restarted, out=console.out)
        out = play(console2, "小刘: 3号楼")
        assert "几单元" in out
    finally:
        restarted.engine.dispose()


def test_redelivered_update_is_handled_once(linli: Linli) -> None:
    incoming = Incoming("telegram", 555, 555, "小王", update_id=42, text="你好")
    assert linli.conversation.handle(incoming) is True
    assert linli.conversation.handle(incoming) is False
    with session_scope(linli.sessions) as session:
        assert session.scalar(select(func.count()).select_from(OutboxMessage)) == 1


def test_unsure_message_offers_choices_and_keeps_the_words(console: ConsoleChat) -> None:
    out = play(console, "小刘: 那个谁")
    assert "我不太确定您的意思" in out and "[找工作人员]" in out
    out = play(console, "小刘: [找工作人员]")
    assert "◂ [幸福里社区工作群] | 【居民找工作人员】" in out and "那个谁" in out


def test_traditional_writer_gets_traditional_replies(console: ConsoleChat) -> None:
    out = play(console, "小刘: 我要登記住址")
    assert "請問您怎麼稱呼" in out


def test_verify_needs_a_grid_worker_and_is_audited(console: ConsoleChat, linli: Linli) -> None:
    play(console, "小刘: 我叫刘小明，住3号楼2单元501，帮我登记一下\n小刘: 跳过\n小刘: 好的")
    with session_scope(linli.sessions) as session:
        newcomer = session.scalars(select(Resident).where(Resident.name == "刘小明")).one()
        newcomer_id = newcomer.id
    chen = console.telegram_id("陈伟")  # grid worker of another grid
    press = f"/verify:{newcomer_id}"
    linli.conversation.handle(Incoming("console", chen, chen, "陈伟", button=press))
    liu = console.telegram_id("刘芳")
    linli.conversation.handle(Incoming("console", liu, liu, "刘芳", button=press))
    with session_scope(linli.sessions) as session:
        texts = list(session.scalars(select(OutboxMessage.text).where(
            OutboxMessage.chat_id == chen)))
        assert any("没有这个权限" in t for t in texts)
        assert session.get_one(Resident, newcomer_id).verified
        actions = list(session.scalars(select(AuditLog.action)))
        assert actions == ["verify_resident"]


def test_a_crashing_turn_is_retried_then_parked_kindly_and_staff_hear_ids_only(
        linli: Linli, clock: ManualClock) -> None:
    from actions.core import registry

    tries: list[int] = []

    def broken(ctx: Context) -> None:
        tries.append(1)
        ctx.say("说了一半的话")  # an effect of the failed turn: it must roll back
        raise RuntimeError("boom")

    registry.HANDLERS["crash_test"] = broken
    try:
        linli.conversation.handle(Incoming("console", 556, 556, "小王", text="/crash_test"))
        for _ in range(3):
            clock.advance(timedelta(seconds=20))
            linli.conversation.process()
    finally:
        del registry.HANDLERS["crash_test"]
    assert len(tries) == 3
    with session_scope(linli.sessions) as session:
        rows = [(m.chat_id, m.text) for m in session.scalars(select(OutboxMessage))]
        item = session.scalars(select(InboxItem)).one()
    assert [t for c, t in rows if c == 556] == [linli.conversation.texts.render("sorry_error")]
    staff = [t for c, t in rows if c == -1001000001]
    assert len(staff) == 1 and f"#{item.id}" in staff[0]
    assert "boom" not in staff[0] and "crash_test" not in staff[0]  # no raw words, no trace
    assert (item.status, item.attempts) == ("parked", 3)


def test_a_refused_turn_keeps_its_answer_and_rolls_back_its_changes(linli: Linli) -> None:
    from actions.core import registry

    def refuses(ctx: Context) -> None:
        audit(ctx.session, actor_id=ctx.person.id, action="half_done", now=ctx.now)
        ctx.session.flush()
        raise Refused("这个办不了")

    registry.HANDLERS["refuse_test"] = refuses
    try:
        linli.conversation.handle(Incoming("console", 557, 557, "小王", text="/refuse_test"))
    finally:
        del registry.HANDLERS["refuse_test"]
    with session_scope(linli.sessions) as session:
        assert session.scalar(select(func.count()).select_from(AuditLog)) == 0
        texts = list(session.scalars(select(OutboxMessage.text).where(
            OutboxMessage.chat_id == 557)))
        assert texts == ["这个办不了"]
        assert session.scalars(select(InboxItem)).one().status == "done"


def test_an_emergency_interrupts_a_resident_form_then_it_resumes(console: ConsoleChat) -> None:
    out = play(console, "小刘: 我要登记住址\n小刘: 着火了")
    assert "119" in out and "我们接着刚才的「登记住址」" in out


def test_traditional_writer_gets_traditional_button_labels(console: ConsoleChat) -> None:
    out = play(console, """
小刘: 我要登記住址
小刘: 劉小明
小刘: 3號樓
小刘: 2單元
小刘: 501
""")
    assert "[跳過]" in out and "[跳过]" not in out
    out = play(console, "小刘: [跳過]")
    assert "[確認] [取消]" in out and "[确认]" not in out
    out = play(console, "小刘: [確認]")  # the label changed, not what pressing it sends
    assert "◂ [幸福里社区工作群]" in out and "核實通過" not in out and "[核实通过]" in out


def test_a_message_waits_behind_an_older_one_of_its_chat(linli: Linli) -> None:
    """Handled at once only when the chat has nothing waiting: else in order, behind it."""
    linli.conversation.receive(Incoming("telegram", 558, 558, "小刘", update_id=61,
                                        text="我要登记住址"))  # stored, not yet handled
    assert linli.conversation.handle(Incoming("telegram", 558, 558, "小刘", update_id=62,
                                              text="刘小明")) is True
    with session_scope(linli.sessions) as session:
        items = list(session.scalars(select(InboxItem).order_by(InboxItem.update_id)))
        last = session.scalars(select(OutboxMessage.text).where(OutboxMessage.chat_id == 558)
                               .order_by(OutboxMessage.id.desc())).first()
    assert [(i.update_id, i.status) for i in items] == [(61, "done"), (62, "done")]
    assert items[0].done_at is not None and items[0].id < items[1].id
    assert last is not None and "您住几号楼" in last  # the name answered the form's question


def test_a_failed_turn_handled_at_once_keeps_the_update_for_a_retry(
        linli: Linli, clock: ManualClock) -> None:
    from actions.core import registry

    tries: list[int] = []

    def flaky(ctx: Context) -> None:
        tries.append(1)
        if len(tries) == 1:
            ctx.say("说了一半的话")
            raise RuntimeError("boom")
        ctx.say("好了")

    registry.HANDLERS["flaky_test"] = flaky
    try:
        assert linli.conversation.handle(Incoming("telegram", 559, 559, "小王", update_id=63,
                                                  text="/flaky_test")) is True
        with session_scope(linli.sessions) as session:
            item = session.scalars(select(InboxItem)).one()
            assert (item.status, item.attempts) == ("pending", 1)
        clock.advance(timedelta(seconds=5))
        linli.conversation.process()
    finally:
        del registry.HANDLERS["flaky_test"]
    with session_scope(linli.sessions) as session:
        texts = list(session.scalars(select(OutboxMessage.text).where(
            OutboxMessage.chat_id == 559)))
        item = session.scalars(select(InboxItem)).one()
    assert texts == ["好了"] and len(tries) == 2
    assert (item.status, item.attempts) == ("done", 2)
