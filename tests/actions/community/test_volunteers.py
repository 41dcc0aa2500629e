"""Volunteer teams: joining with the leader's approval, members, removal, shifts."""

from __future__ import annotations

from sqlalchemy import select

from actions.community.timebank import ledger_total, person_balance
from actions.community.volunteers import members
from actions.core.clock import ManualClock
from actions.core.pipeline import Incoming
from actions.db import session_scope
from actions.db.community import Resident
from actions.db.community_life import TeamRequest
from actions.db.conversation import AuditLog
from bot.console import ConsoleChat
from tests.factories import community


def _out(console: ConsoleChat) -> str:
    return str(console.out.getvalue())  # type: ignore[attr-defined]


def _members(console: ConsoleChat, team: str) -> list[str]:
    with session_scope(console.linli.sessions) as session:
        return [p.name for p in members(session, community_id=community(session).id, team=team)]


def test_join_and_the_leader_approves(console: ConsoleChat) -> None:
    console.say("李建国", "我会修电器 能不能进维修队")
    console.say("马卫东", "[同意]")
    out = _out(console)
    assert "◂ 马卫东 | 【入队申请】李建国（7栋1单元302）想加入维修队。" in out
    assert "◂ 李建国 | 好的，已经把您的申请转给维修队队长马卫东了" in out
    assert "◂ 李建国 | 好消息！维修队队长马卫东同意您入队了" in out
    assert "李建国" in _members(console, "维修队")
    with session_scope(console.linli.sessions) as session:
        assert session.scalars(select(AuditLog.action)).all() == ["team_approve"]
    console.say("李建国", "我想进维修队")
    assert "◂ 李建国 | 您已经是维修队的队员啦" in _out(console)


def test_decline_and_only_the_teams_leader_may_decide(console: ConsoleChat) -> None:
    console.say("赵磊", "/join_team")
    assert "◂ 赵磊 | 谢谢您愿意帮忙！想加入哪个队？" in _out(console)
    console.say("赵磊", "[义剪队（理发）]")
    with session_scope(console.linli.sessions) as session:
        request = session.scalars(select(TeamRequest)).one()
        assert request.status == "pending"
    console.linli.conversation.handle(_press(console, "马卫东", f"/team_ok:{request.id}"))
    console.deliver()
    assert "◂ 马卫东 | 这件事需要义剪队的队长来办。" in _out(console)
    console.say("黄美华", "[婉拒]")
    out = _out(console)
    assert "◂ 赵磊 | 义剪队现在人手够了，暂时没能加入" in out
    assert "赵磊" not in _members(console, "义剪队")
    console.say("黄美华", "[婉拒]")
    assert "◂ 黄美华 | 赵磊的申请已经处理过了。" in _out(console)


def _press(console: ConsoleChat, handle: str, data: str) -> Incoming:
    """A button press by someone who was not shown that button."""
    user = console.telegram_id(handle)
    return Incoming("console", user, user, handle, update_id=None, button=data)


def test_a_team_without_a_leader_goes_to_the_admin(console: ConsoleChat) -> None:
    console.say("赵磊", "晚上反正睡不着 巡逻的算我一个")
    out = _out(console)
    assert "◂ 周敏 | 【入队申请】赵磊（5栋1单元601）想加入巡逻队。" in out
    assert "转给巡逻队队长周敏了" in out


def test_leader_sees_members_and_removes_one(console: ConsoleChat) -> None:
    console.say("赵磊", "我想加入义剪队")
    console.say("黄美华", "[同意]")
    console.say("赵磊", "/my_teams")
    assert "◂ 赵磊 | 您是这些队的队员：义剪队" in _out(console)
    console.say("赵磊", "/team")
    assert "◂ 赵磊 | 这件事需要志愿队的队长来办。" in _out(console)
    console.say("黄美华", "/team")
    out = _out(console)
    assert "◂ 黄美华 | 义剪队共有2位队员：" in out and "[移出 赵磊]" in out
    assert "移出 黄美华" not in out  # a leader does not remove herself
    console.say("黄美华", "[移出 赵磊]")
    assert "◂ 赵磊 | 您已不在义剪队了" in _out(console)
    assert _members(console, "义剪队") == ["黄美华"]


def test_a_logged_shift_credits_the_member(console: ConsoleChat, clock: ManualClock) -> None:
    console.run_script(["何静: /shift", "周敏: /shift", "周敏: [助老队]", "周敏: [何静]",
                        "周敏: 一个半小时", "周敏: 陪钱淑珍去医院", "周敏: [确认]"])
    out = _out(console)
    assert "◂ 何静 | 这件事需要志愿队的队长来办。" in out
    assert "◂ 何静 | 您的服务时长记上了：1小时30分钟（助老队：陪钱淑珍去医院）" in out
    with session_scope(console.linli.sessions) as session:
        he = session.scalars(select(Resident).where(Resident.name == "何静")).one()
        assert person_balance(session, person=he) == 90
        assert ledger_total(session) == 0
