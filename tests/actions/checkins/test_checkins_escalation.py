"""Evening check-ins when the elder does not answer: the reminder, the contacts in order, proxy
confirmation, outcomes, and what staff see."""

from __future__ import annotations

from sqlalchemy import select

from actions.db import session_scope
from actions.db.conversation import AuditLog
from bot.console import ConsoleChat
from bot.wiring import Linli
from tests.helpers import play, round_of

DAY = "2026-11-18"


def evening(console: ConsoleChat) -> str:
    """20:00; 张桂兰 and 钱淑珍 answer, 王秀英 stays silent."""
    return play(console, f"@at {DAY} 20:00\n张桂兰: [平安]\n钱淑珍: [平安]")


def test_reminder_at_30_minutes_then_the_chain_to_the_third_contact(console: ConsoleChat,
                                                                  linli: Linli) -> None:
    evening(console)
    out = play(console, f"@at {DAY} 20:29")
    assert "王秀英" not in out
    out = play(console, f"@at {DAY} 20:30")
    assert "◂ 王秀英 | 王秀英，" in out and "[平安]" in out
    out = play(console, f"@at {DAY} 20:59")
    assert out.strip().endswith("—")
    out = play(console, f"@at {DAY} 21:00")
    assert "◂ 王丽 | 【平安问候·请帮忙看看】王丽您好" in out
    assert "王秀英（83岁，3栋2单元501，电话 13602211001）" in out
    assert "[已确认平安] [联系不上]" in out
    assert "◂ [幸福里社区工作群] | 【平安问候·联系中】王秀英" in out and "已通知：王丽" in out
    assert "郑国强" not in out
    out = play(console, f"@at {DAY} 21:19")
    assert "◂ 郑国强" not in out
    out = play(console, f"@at {DAY} 21:20")
    assert "◂ 郑国强 | 【平安问候·请帮忙看看】郑国强您好" in out
    out = play(console, f"@at {DAY} 21:40")
    assert "◂ 刘芳 | 【平安问候·请帮忙看看】刘芳您好" in out
    out = play(console, f"@at {DAY} 22:00")
    assert "【平安问候·请上门】王秀英" in out
    assert "还没结束的 1 件" in out and "· 王秀英（2026-11-18）还没人确认" in out
    row = round_of(linli, "王秀英")
    assert (row.status, row.contacts_notified, row.reason) == ("escalated", 3, "no_answer")
    out = play(console, f"@at {DAY} 23:00")
    assert "◂ " not in out  # nothing repeats


def test_any_contacts_confirmation_closes_it_for_everyone(console: ConsoleChat,
                                                          linli: Linli) -> None:
    evening(console)
    play(console, f"@at {DAY} 20:30\n@at {DAY} 21:00\n@at {DAY} 21:20")
    out = play(console, "郑国强: [已确认平安]")  # the second contact, on the daughter's behalf
    assert "◂ 王丽 | 郑国强已确认王秀英平安，不用再联系了" in out
    assert "◂ [幸福里社区工作群] | 郑国强已确认王秀英平安" in out
    assert "◂ 郑国强 | 谢谢您！请选一下具体情况" in out
    out = play(console, "王丽: [已确认平安]")
    assert "郑国强已经确认过平安了" in out
    out = play(console, f"@at {DAY} 21:40\n@at {DAY} 22:30")
    assert "◂ 刘芳" not in out
    assert "王秀英（2026-11-18）待填结果" in out  # confirmed, the outcome still to record
    out = play(console, "郑国强: [不在家]\n郑国强: 去女儿家了，忘了说")
    assert "【平安问候·已结束】王秀英：不在家（郑国强记录）" in out
    row = round_of(linli, "王秀英")
    assert (row.status, row.outcome, row.outcome_note) == ("closed", "away", "去女儿家了，忘了说")
    with session_scope(linli.sessions) as session:
        actions = [a.action for a in session.scalars(select(AuditLog).order_by(AuditLog.id))]
        assert actions[-2:] == ["checkin_confirm", "checkin_close"]


def test_unreachable_asks_the_next_contact_at_once(console: ConsoleChat, linli: Linli) -> None:
    evening(console)
    play(console, f"@at {DAY} 20:30\n@at {DAY} 21:00")
    out = play(console, f"@at {DAY} 21:05\n王丽: [联系不上]")
    assert "◂ 郑国强 | 【平安问候·请帮忙看看】" in out
    out = play(console, f"@at {DAY} 21:20")
    assert "◂ 刘芳" not in out  # the next step counts from the 联系不上
    out = play(console, f"@at {DAY} 21:25")
    assert "◂ 刘芳 | 【平安问候·请帮忙看看】" in out


def test_the_outcome_other_needs_a_note(console: ConsoleChat, linli: Linli) -> None:
    evening(console)
    play(console, f"@at {DAY} 21:00\n王丽: [已确认平安]")
    out = play(console, "王丽: [其他]")
    assert "请简单说一下是什么情况" in out and "[跳过]" not in out
    play(console, "王丽: 邻居说她下午去医院复查，住了一晚观察")
    row = round_of(linli, "王秀英")
    assert (row.outcome, row.outcome_note) == ("other", "邻居说她下午去医院复查，住了一晚观察")
    assert row.closed_by == row.confirmed_by


def test_a_late_answer_from_the_elder_closes_the_escalation(console: ConsoleChat,
                                                            linli: Linli) -> None:
    evening(console)
    play(console, f"@at {DAY} 21:00")
    out = play(console, f"@at {DAY} 21:10\n王秀英: 我没事，刚才洗澡去了")
    assert "◂ 王丽 | 【平安问候·已结束】王秀英：平安（王秀英记录）" in out
    assert "◂ [幸福里社区工作群] | 【平安问候·已结束】王秀英：平安" in out
    out = play(console, f"@at {DAY} 21:20")
    assert "◂ 郑国强" not in out
    row = round_of(linli, "王秀英")
    assert (row.status, row.outcome, row.answer) == ("closed", "safe", "ok")


def test_staff_list_and_close_open_escalations(console: ConsoleChat, linli: Linli) -> None:
    evening(console)
    out = play(console, "周敏: /checkins")  # before 21:00: who has not answered, nobody asked
    assert "还没回的 1 位：王秀英" in out and "大家都平安" not in out
    play(console, f"@at {DAY} 21:00")
    out = play(console, "周敏: /checkins")
    assert "王秀英（83岁，3栋2单元501" in out and "已通知：王丽" in out
    out = play(console, "周敏: [记录结果]\n周敏: [误报]\n周敏: [跳过]")
    assert "【平安问候·已结束】王秀英：误报（周敏记录）" in out
    assert "◂ 王丽 | 【平安问候·已结束】王秀英：误报" in out  # those asked hear it is over
    row = round_of(linli, "王秀英")
    assert (row.status, row.outcome, row.outcome_note) == ("closed", "false", None)


def test_staff_hear_all_is_well_only_when_everyone_answered(console: ConsoleChat) -> None:
    evening(console)
    out = play(console, "王秀英: [平安]\n周敏: /checkins")
    assert "现在没有未结束的平安问候" in out and "还没回" not in out


def test_strangers_cannot_confirm(console: ConsoleChat, linli: Linli) -> None:
    evening(console)
    play(console, f"@at {DAY} 21:00")
    row = round_of(linli, "王秀英")
    from actions.core.pipeline import Incoming

    user = console.telegram_id("李建国")
    linli.conversation.handle(Incoming("console", user, user, "李建国", 1,
                                       button=f"/ci_safe:{row.id}"))
    console.deliver()
    assert "没有这个权限" in str(console.out.getvalue())  # type: ignore[attr-defined]
    assert round_of(linli, "王秀英").status == "escalated"
