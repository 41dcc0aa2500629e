"""Deliberation (议事): one vote per household, changeable until closing, results and answer."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from actions.core.clock import ManualClock
from actions.core.pipeline import Incoming
from actions.db import session_scope
from actions.db.community import Resident
from actions.db.community_life import Question, Vote
from actions.db.conversation import AuditLog, OutboxMessage
from actions.db.mailbox import MailboxItem
from bot.console import ConsoleChat
from tests.factories import make_resident

BUILDING3_GROUP = -1001000003


def _out(console: ConsoleChat) -> str:
    return str(console.out.getvalue())  # type: ignore[attr-defined]


def _open_building_vote(console: ConsoleChat) -> int:
    console.run_script(["刘芳: /vote_new", "刘芳: 3号楼", "刘芳: 楼下空地改成停车位还是小花园",
                        "刘芳: 停车位、小花园、保持原样", "刘芳: [3天后]", "刘芳: [确认]"])
    with session_scope(console.linli.sessions) as session:
        return session.scalars(select(Question.id)).one()


def _family(console: ConsoleChat) -> None:
    with session_scope(console.linli.sessions) as session:
        make_resident(session, name="孙大爷", building="3", unit="1", room="101",
                      telegram_id=557001)
        make_resident(session, name="孙大妈", building="3", unit="1", room="101",
                      telegram_id=557002)
        make_resident(session, name="周阿姨", building="3", unit="1", room="102",
                      telegram_id=557003)
        make_resident(session, name="吴大爷", building="3", unit="1", room="104",
                      telegram_id=557005)
        make_resident(session, name="没核实", building="3", unit="1", room="103",
                      telegram_id=557004, verified=False)


def test_a_household_votes_once_and_may_change_until_closing(console: ConsoleChat,
                                                             clock: ManualClock) -> None:
    _family(console)
    number = _open_building_vote(console)
    console.run_script(["孙大爷: [停车位]", "孙大妈: [小花园]", "孙大妈: [小花园]",
                        "周阿姨: [停车位]", "王秀英: [小花园]", "孙大爷: [保持原样]"])
    out = _out(console)
    assert "◂ 孙大妈 | 您家之前有人投了「停车位」，每户只算一票，现在改成了「小花园」。" in out
    assert "◂ 孙大妈 | 您家投的就是「小花园」，不用再投了。" in out
    assert "◂ 孙大爷 | 您家之前有人投了「小花园」，每户只算一票，现在改成了「保持原样」。" in out
    with session_scope(console.linli.sessions) as session:
        assert session.scalar(select(func.count()).select_from(Vote)) == 3
    console.run_script(["@at 2026-11-21 09:00", "@wait 2m", "孙大妈: /votes"])
    out = _out(console)
    assert out.count("◂ [3号楼住户群] | 【议事结果】楼下空地改成停车位还是小花园") == 1
    result = out.split("◂ [3号楼住户群] | 【议事结果】")[1]
    assert "停车位：1户（33%）" in result and "小花园：1户（33%）" in result
    assert "保持原样：1户（33%）" in result
    assert "参与：3户/共4户（75%）" in result  # 吴大爷 did not vote; 3-1-103 is not verified
    assert "◂ 孙大妈 | 现在没有需要您家投票的议事。" in out
    with session_scope(console.linli.sessions) as session:
        question = session.get_one(Question, number)
        assert (question.status, question.counts) == ("closed", [1, 1, 1])


def test_who_may_vote(console: ConsoleChat, clock: ManualClock) -> None:
    _family(console)
    number = _open_building_vote(console)
    for handle in ["没核实", "赵磊"]:
        console.linli.conversation.handle(_press(console, handle, f"/vote:{number}:0"))
    console.deliver()
    out = _out(console)
    assert "◂ 没核实 | 议事按户投票，要先登记并核实住址才能投。" in out
    assert "◂ 赵磊 | 这是别的楼的议事，您这栋楼的住户才能投。" in out
    clock.set(datetime(2026, 11, 21, 9, 30, tzinfo=clock.now().tzinfo))
    console.say("孙大爷", "[停车位]")
    assert "◂ 孙大爷 | 「楼下空地改成停车位还是小花园」已经截止了" in _out(console)


def test_a_vote_pressed_in_the_group_is_answered_privately(console: ConsoleChat) -> None:
    _family(console)
    number = _open_building_vote(console)
    user = console.telegram_id("周阿姨")
    console.linli.conversation.handle(Incoming("console", user, BUILDING3_GROUP, "周阿姨",
                                               button=f"/vote:{number}:1"))
    console.deliver()
    out = _out(console)
    assert "◂ 周阿姨 | 收到！您家投了「小花园」。" in out
    assert "◂ [3号楼住户群] | 收到" not in out


def test_the_answer_is_recorded_and_announced(console: ConsoleChat, clock: ManualClock) -> None:
    _family(console)
    number = _open_building_vote(console)
    console.run_script([f"刘芳: /vote_answer {number}"])
    assert "◂ 刘芳 | 这个议事还没截止，截止后才能答复。" in _out(console)
    console.run_script(["刘芳: 算了", "孙大爷: [小花园]"])
    clock.advance(timedelta(days=3))
    console.tick()
    console.run_script(["刘芳: [答复结果]", "刘芳: [研究中]",
                        "刘芳: 要和物业商量场地，下周给大家回复", "刘芳: [确认]"])
    out = _out(console)
    assert "◂ [3号楼住户群] | 【议事答复】楼下空地改成停车位还是小花园" in out
    assert "社区答复：研究中" in out
    with session_scope(console.linli.sessions) as session:
        question = session.get_one(Question, number)
        liu = session.scalars(select(Resident).where(Resident.name == "刘芳")).one()
        assert (question.answer, question.answered_by) == ("研究中", liu.id)
        actions = session.scalars(select(AuditLog.action).order_by(AuditLog.id)).all()
        assert actions == ["question_open", "question_answer"]
        assert session.scalar(select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.chat_id == BUILDING3_GROUP,
            OutboxMessage.text.startswith("【议事结果】"))) == 1


def _press(console: ConsoleChat, handle: str, data: str) -> Incoming:
    user = console.telegram_id(handle)
    return Incoming("console", user, user, handle, button=data)


def _letter(console: ConsoleChat, script: str) -> str:
    """A resident writes to the red mailbox; the letter's number."""
    console.run_script(script.splitlines())
    with session_scope(console.linli.sessions) as session:
        return session.scalars(select(MailboxItem.number).where(
            MailboxItem.number.like("XX-20261118-%")).order_by(MailboxItem.id.desc())).first() \
            or ""


def _pressed(console: ConsoleChat, handle: str, data: str) -> str:
    """Press a button; what this printed."""
    start = len(_out(console))
    console.linli.conversation.handle(_press(console, handle, data))
    console.deliver()
    return _out(console)[start:]


def test_a_named_suggestion_becomes_a_vote_and_its_writer_is_told(console: ConsoleChat) -> None:
    number = _letter(console, "王秀英: 建议把3号楼楼下的空地改成小花园\n王秀英: [可以留名字]")
    assert "[发起议事]" in _out(console).split("【红色信箱·建议】")[1]
    out = _pressed(console, "刘芳", f"/vote_new:{number}")
    assert "给哪里议事" in out
    start = len(_out(console))
    console.run_script(["刘芳: 3号楼", "刘芳: [同意 / 不同意]", "刘芳: [7天后]"])
    assert "把3号楼楼下的空地改成小花园" in _out(console)[start:]  # the read-back
    console.run_script(["刘芳: [确认]"])
    out = _out(console)[start:]
    assert "◂ 王秀英 | 您提的建议（XX-20261118-001）社区拿出来请大家议事了" in out
    with session_scope(console.linli.sessions) as session:
        question = session.scalars(select(Question)).one()
        writer = session.scalars(select(Resident).where(Resident.name == "王秀英")).one()
        assert question.proposed_by == writer.id and question.title.startswith("建议把3号楼")
        assert session.scalars(select(AuditLog.detail).where(
            AuditLog.action == "question_open")).one() == {"letter": number}


def test_an_anonymous_suggestion_becomes_a_vote_nobody_is_told_who(console: ConsoleChat
                                                                   ) -> None:
    number = _letter(console, "李建国: 建议小区晚上多装几盏路灯\n李建国: [匿名]")
    start = len(_out(console))
    console.run_script([f"周敏: /vote_new {number}", "周敏: [全社区]", "周敏: [同意 / 不同意]",
                        "周敏: [3天后]", "周敏: [确认]"])
    out = _out(console)[start:]
    assert "议事已经发出去了（全社区）" in out
    assert "李建国" not in out and "拿出来请大家议事" not in out
    with session_scope(console.linli.sessions) as session:
        question = session.scalars(select(Question)).one()
        assert question.proposed_by is None and question.title == "建议小区晚上多装几盏路灯"


def test_only_staff_turn_only_suggestions_into_votes(console: ConsoleChat) -> None:
    number = _letter(console, "王秀英: 楼上装修太吵了，我要投诉\n王秀英: [可以留名字]")
    assert "[发起议事]" not in _out(console).split("【红色信箱·投诉】")[1]
    assert "没找到编号" in _pressed(console, "刘芳", f"/vote_new:{number}")
    number = _letter(console, "王秀英: 建议社区多组织老年人的活动\n王秀英: [可以留名字]")
    assert "没有这个权限" in _pressed(console, "赵磊", f"/vote_new:{number}")
    with session_scope(console.linli.sessions) as session:
        assert session.scalar(select(func.count()).select_from(Question)) == 0
