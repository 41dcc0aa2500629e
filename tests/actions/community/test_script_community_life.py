"""The issue's story (issue 7): teams, the time bank, events, announcements, deliberation."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from actions.community.timebank import ledger_total
from actions.db import session_scope
from actions.db.community_life import TimeEntry, Vote
from bot.console import ConsoleChat

SCRIPT = Path(__file__).resolve().parents[3] / "docs" / "scripts" / "community_life.txt"


def test_community_life_script(console: ConsoleChat) -> None:
    console.run_script(SCRIPT.read_text(encoding="utf-8").splitlines())
    out = str(console.out.getvalue())  # type: ignore[attr-defined]
    # a resident joins 义剪队 and the leader approves
    assert "◂ 黄美华 | 【入队申请】赵磊（5栋1单元601）想加入义剪队。" in out
    assert "◂ 赵磊 | 好消息！义剪队队长黄美华同意您入队了" in out
    # a shift is logged and the balance shows it
    assert "◂ 赵磊 | 您的服务时长记上了：2小时" in out
    assert "◂ 赵磊 | 您的时间银行余额：2小时" in out
    # a donation moves minutes
    assert "◂ 赵磊 | 转好了：给王秀英1小时。您还剩1小时。" in out
    assert "◂ 王秀英 | 您的时间银行余额：1小时" in out
    # an event fills up; a cancellation moves the first waiting resident up (and only her)
    assert "◂ 张桂兰 | 智能手机课的名额满了，先帮您排上队，现在是第1位。" in out
    assert "◂ 钱淑珍 | 智能手机课的名额满了，先帮您排上队，现在是第2位。" in out
    assert "◂ 张桂兰 | 好消息！有人让出了名额，您报上智能手机课了" in out
    assert "◂ 钱淑珍 | 好消息" not in out
    assert "◂ 张桂兰 | 提醒您：明天" in out and "◂ 李建国 | 提醒您" not in out
    # a scheduled building announcement reaches its group, once, at its time
    before, after = out.split("— 2026-11-19 07:59 —")
    assert "【社区通知】" not in before
    assert after.count("◂ [3号楼住户群] | 【社区通知】") == 1
    assert "◂ 刘芳 | 第1号通知已送达：1个群、0位居民。" in after
    # a building vote with two members of one household counts once
    assert "◂ 王小明 | 您家之前有人投了「同意」，每户只算一票，现在改成了「不同意」。" in out
    assert "◂ [3号楼住户群] | 【议事结果】3号楼楼道要不要加装扶手" in out
    assert "| 同意：1户（100%）" in out and "| 参与：1户/共1户（100%）" in out
    assert "◂ [3号楼住户群] | 【议事答复】3号楼楼道要不要加装扶手" in out
    with session_scope(console.linli.sessions) as session:
        assert ledger_total(session) == 0
        assert session.scalar(select(func.count()).select_from(TimeEntry)) == 2 + 1  # + the demo's
        assert session.scalar(select(func.count()).select_from(Vote)) == 1
