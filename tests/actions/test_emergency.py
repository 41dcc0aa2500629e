"""Emergencies: instructions first, alerts with name/address/phone, repeated every 5 minutes
until 已响应 (once per round, even when jobs run twice), who responded and when."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from actions.core.clock import ManualClock
from actions.core.pipeline import Incoming
from actions.db import session_scope
from actions.db.conversation import AuditLog, OutboxMessage
from actions.db.tickets import Emergency
from bot.console import ConsoleChat
from tests.helpers import play

SCRIPT = Path(__file__).resolve().parents[2] / "docs" / "scripts" / "emergency.txt"


def emergencies(console: ConsoleChat) -> list[Emergency]:
    with session_scope(console.linli.sessions) as session:
        return list(session.scalars(select(Emergency).order_by(Emergency.id)))


def test_the_issue_story_replays(console: ConsoleChat) -> None:
    console.run_script(SCRIPT.read_text(encoding="utf-8").splitlines())
    out = str(console.out.getvalue())  # type: ignore[attr-defined]
    first_reply = out.split("王秀英 ▸ 我家里闻到一股煤气味\n")[1].split("\n")[0]
    assert "有煤气味，先别慌，照这样做" in first_reply  # instructions before anything else
    assert "别按开关" in out and "打开门窗" in out
    assert "◂ 刘芳 | 🚨【紧急·煤气泄漏】王秀英（83岁，独居）" in out
    assert "◂ 郑国强 | 🚨【紧急·煤气泄漏】" in out  # the building leader
    assert "◂ [幸福里社区工作群] | 🚨【紧急·煤气泄漏】" in out
    assert "地址：3栋2单元501" in out and "电话：13602211001" in out
    assert out.count("◂ 刘芳 | 🚨【第2次提醒") == 1 and out.count("◂ 刘芳 | 🚨【第3次提醒") == 1
    assert "◂ 周敏 | 🚨【第2次提醒" in out  # repeats reach the admin too
    assert "第4次提醒" not in out  # 已响应 at 20:12 stops them
    assert "◂ 王秀英 | 刘芳已经收到您的求助" in out
    assert "✅ 刘芳已响应王秀英的紧急求助（12分钟）" in out
    [item] = emergencies(console)
    assert item.alerts == 3 and item.responded_at is not None
    assert item.responded_at.astimezone(console.linli.settings.tz).strftime("%H:%M") == "20:12"
    with session_scope(console.linli.sessions) as session:
        assert session.scalars(select(AuditLog.action)).all() == ["emergency_ack"]


def test_each_round_is_sent_once_even_when_jobs_run_twice(console: ConsoleChat,
                                                          clock: ManualClock) -> None:
    play(console, "@at 2026-11-18 21:00\n李建国: 我摔倒了起不来")
    assert "打 120" in str(console.out.getvalue())  # type: ignore[attr-defined]
    play(console, "@at 2026-11-18 21:05")
    console.tick()
    console.tick()
    with session_scope(console.linli.sessions) as session:
        repeats = session.scalar(select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.text.like("%第2次提醒%")))
    assert repeats == 3  # 陈伟 (the grid worker), 周敏 (admin), the staff group
    assert emergencies(console)[0].alerts == 2


def test_only_staff_can_respond_and_a_second_press_is_told_who_did(console: ConsoleChat
                                                                  ) -> None:
    play(console, "王秀英: 着火了！快来人")
    [item] = emergencies(console)
    _press(console, "李建国", f"/em_ack:{item.id}")
    assert emergencies(console)[0].responded_at is None
    _press(console, "刘芳", f"/em_ack:{item.id}")
    out = _press(console, "郑国强", f"/em_ack:{item.id}")
    assert "刘芳已经在" in out and "响应了" in out
    assert emergencies(console)[0].kind == "fire"


def _press(console: ConsoleChat, handle: str, data: str) -> str:
    start = len(console.out.getvalue())  # type: ignore[attr-defined]
    user_id = console.telegram_id(handle)
    console.linli.conversation.handle(Incoming("console", user_id, user_id, handle,
                                               button=data))
    console.deliver()
    return str(console.out.getvalue())[start:]  # type: ignore[attr-defined]


def test_an_emergency_interrupts_a_form_and_the_form_resumes(console: ConsoleChat) -> None:
    play(console, "李建国: 电梯坏了")
    out = play(console, "李建国: 我闻到煤气味了")
    assert "有煤气味" in out and "◂ 陈伟 | 🚨" in out
    assert "我们接着刚才的「报修」" in out


def test_a_missing_elder_gets_110_first_and_an_alert(console: ConsoleChat) -> None:
    out = play(console, "李建国: 我老伴有老年痴呆 早上出门到现在还没回来 到处找不到")
    first_reply = out.split("李建国 ▸ ")[1].split("\n")[1]
    assert "110" in first_reply and "不用等 24 小时" in first_reply
    assert "🚨【紧急·有人走失】" in out
    assert [item.kind for item in emergencies(console)] == ["missing"]


def test_the_same_danger_said_again_is_news_of_the_first_alarm(console: ConsoleChat) -> None:
    play(console, "@at 2026-11-18 10:00\n王丽: 我妈说她胸口疼得厉害 喘不上气 快找人去")
    out = play(console, "@at 2026-11-18 10:03\n王丽: 我已经打了120了 麻烦你们下楼接一下")
    [item] = emergencies(console)
    assert item.kind == "medical"
    assert "◂ [幸福里社区工作群] | " in out and "下楼接一下" in out  # passed on to those alerted


def test_news_is_read_only_in_a_chat_waiting_for_it(console: ConsoleChat) -> None:
    play(console, "@at 2026-11-18 10:00\n钱淑珍: 我摔了 腿动不了\n孙丽: [已响应]")
    out = play(console, "@at 2026-11-18 10:20\n钱小燕: 我妈那边人扶起来了 没事 已经扶到床上了")
    assert "◂ 孙丽 | " in out and "扶到床上" in out  # her family's chat waits for news
    out = play(console, "赵磊: 人来了 谢谢你们")  # no emergency of his: an ordinary thanks
    assert "◂ 孙丽" not in out and "◂ [幸福里社区工作群]" not in out
    out = play(console, "@at 2026-11-18 17:00\n钱淑珍: 没事了 谢谢")  # the alerts are long over
    assert "◂ 孙丽" not in out and "◂ [幸福里社区工作群]" not in out
    assert len(emergencies(console)) == 1
